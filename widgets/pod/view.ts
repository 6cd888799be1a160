/**
 * The pod (issue 11 §6): one PSA contract / agreement as seen from inside Autotask (Insight) or
 * ConnectWise (pod), usable at 360 px: linked resources with both sides' counts and prices, this
 * period's adjustments, open failures with Retry, drift, and Sync now. Reuses the shared API client,
 * the ui/ parts and the drift screen's stacked-table style.
 */
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { useApp, isAdmin } from '../ui/context.js';
import { formatDate, formatMoney, formatNumber, moneyOf, plural } from '../ui/format.js';
import { useAsync } from '../ui/hooks.js';
import { Alert, Loading, Status } from '../ui/parts.js';
import { Pill, StatusPill } from '../ui/status.js';
import { periodTotal, signed, stepOf, type PodData } from './model.js';

const enc = encodeURIComponent;

export function PodView({ contractId }: { contractId: string }) {
  const { api, me } = useApp();
  const pod = useAsync(() => api.get<PodData>(`/api/pod/contracts/${enc(contractId)}`), contractId);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const admin = isAdmin(me);

  const act = async (label: string, work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
      setNote(label);
      pod.reload();
    } catch (e) {
      setError(e as Error);
    }
  };

  if (!pod.data) return html`<main class="pod" id="main">${pod.error ? html`<${Alert} error=${pod.error} />` : html`<${Loading} />`}</main>`;
  const d = pod.data;
  const money = moneyOf(me);
  const tz = me?.tenant.timeZone;
  return html`<main class="pod" id="main">
    <header class="pod-header">
      <h1>${d.contract.name}</h1>
      ${admin ? html`<button type="button" class="btn btn-primary" onClick=${() => act('Sync started', () => api.syncNow())}>Sync now</button>` : null}
    </header>
    <${Alert} error=${error} />
    ${note ? html`<${Status} tone="ok">${note}</${Status}>` : null}

    <section aria-labelledby="pod-linked">
      <h2 id="pod-linked">Linked resources</h2>
      ${d.resources.length
        ? html`<table class="table pod-table">
            <thead><tr><th scope="col" data-key="resourceName">Resource</th><th scope="col" class="col-number" data-key="marketplaceCount">Marketplace units</th>
              <th scope="col" class="col-money" data-key="marketplacePrice">Marketplace price</th><th scope="col" class="col-number" data-key="psaUnits">PSA units</th>
              <th scope="col" class="col-money" data-key="psaPrice">PSA price</th><th scope="col" data-key="state">Status</th></tr></thead>
            <tbody>${d.resources.map((r) => {
              const step = stepOf(r);
              return html`<tr key=${r.odinSubscriptionId + r.odinResourceId}>
                <th scope="row" data-label="Resource"><span>${r.name}</span> <span class="muted">${r.subscriptionName}</span></th>
                <td class="col-number" data-label="Marketplace units">${formatNumber(r.marketplaceCount)}</td>
                <td class="col-money" data-label="Marketplace price">${formatMoney(r.marketplacePrice, money)}</td>
                <td class="col-number" data-label="PSA units">${formatNumber(r.psaUnits)}</td>
                <td class="col-money" data-label="PSA price">${formatMoney(r.psaPrice, money)}</td>
                <td data-key="state" data-label="Status"><${Pill} tone=${step.inStep ? 'ok' : 'warn'} label=${step.label} /></td>
              </tr>`;
            })}</tbody>
          </table>`
        : html`<p class="muted">No resource of this contract is linked yet.</p>`}
    </section>

    <section aria-labelledby="pod-adjustments">
      <h2 id="pod-adjustments">This period's adjustments <span class="muted">(${formatMoney(periodTotal(d.adjustments), money)})</span></h2>
      ${d.adjustments.length
        ? html`<table class="table pod-table">
            <thead><tr><th scope="col" data-key="resourceName">Resource</th><th scope="col" class="col-number" data-key="unitChange">Unit change</th>
              <th scope="col" class="col-date" data-key="effectiveDate">Effective date</th><th scope="col" class="col-money" data-key="estimatedAmount">Estimated amount</th>
              <th scope="col" data-key="status">Status</th></tr></thead>
            <tbody>${d.adjustments.map((a) => html`<tr key=${a.id}>
              <th scope="row" data-label="Resource">${a.resourceName}</th>
              <td class="col-number" data-label="Unit change">${signed(a.unitChange)}</td>
              <td class="col-date" data-label="Effective date">${formatDate(a.effectiveDate, tz)}</td>
              <td class="col-money" data-label="Estimated amount">${formatMoney(a.estimatedAmount, money)}</td>
              <td data-key="status" data-label="Status"><${StatusPill} status=${a.status} /></td>
            </tr>`)}</tbody>
          </table>`
        : html`<p class="muted">No adjustment this period.</p>`}
    </section>

    <section aria-labelledby="pod-failures">
      <h2 id="pod-failures">Open failures</h2>
      ${d.failures.length
        ? html`<ul class="pod-failures">${d.failures.map((f) => html`<li key=${f.id}>
            <p><strong>${f.resourceName}</strong> ${signed(f.unitChange)} on ${formatDate(f.effectiveDate, tz)} (${plural(f.attempts, 'attempt')})</p>
            <p class="pod-error">${f.lastError}</p>
            ${admin && f.status === 'failed'
              ? html`<button type="button" class="btn" aria-label=${`Retry ${f.resourceName} ${signed(f.unitChange)} on ${formatDate(f.effectiveDate, tz)}`} onClick=${() => act('Retry started', () => api.request('POST', `/api/pod/failures/${enc(f.id)}/retry`))}>Retry</button>`
              : null}
          </li>`)}</ul>`
        : html`<p class="muted">No open failure.</p>`}
    </section>

    <section aria-labelledby="pod-drift">
      <h2 id="pod-drift">Drift</h2>
      ${d.drift.length
        ? html`<table class="table pod-table">
            <thead><tr><th scope="col" data-key="resourceName">Resource</th><th scope="col" class="col-number" data-key="marketplaceCount">Marketplace units</th>
              <th scope="col" class="col-number" data-key="ledgerUnits">Posted units</th><th scope="col" class="col-number" data-key="psaUnits">PSA units</th>
              <th scope="col"><span class="sr-only">Action</span></th></tr></thead>
            <tbody>${d.drift.map((x) => html`<tr key=${x.id}>
              <th scope="row" data-label="Resource">${x.resourceName}</th>
              <td class="col-number" data-label="Marketplace units">${formatNumber(x.marketplaceCount)}</td>
              <td class="col-number" data-label="Posted units">${formatNumber(x.ledgerUnits)}</td>
              <td class="col-number" data-label="PSA units">${formatNumber(x.psaUnits)}</td>
              <td data-label="">${admin ? html`<button type="button" class="btn" aria-label=${`Fix ${x.resourceName}`} onClick=${() => act('Drift fixed', () => api.fixDrift(x.id))}>Fix</button>` : null}</td>
            </tr>`)}</tbody>
          </table>`
        : html`<p class="muted">PSA and ledger agree.</p>`}
    </section>
  </main>`;
}
