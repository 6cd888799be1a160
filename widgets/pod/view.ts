/**
 * The pod (issue 11 §6): one PSA contract / agreement as seen from inside Autotask (Insight) or
 * ConnectWise (pod), usable at 360 px: linked resources with both sides' counts and prices, this
 * period's adjustments, open failures with Retry, drift, and Sync now. Reuses the shared API client,
 * the ui/ parts and the drift screen's stacked-table style.
 */
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { useApp, isAdmin } from '../ui/context.js';
import { formatDate, formatMoney, formatNumber } from '../ui/format.js';
import { useAsync } from '../ui/hooks.js';
import { Alert, Badge, Loading, Status } from '../ui/parts.js';
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
            <thead><tr><th scope="col">Resource</th><th scope="col">Marketplace</th><th scope="col">Price</th><th scope="col">PSA</th><th scope="col">PSA price</th><th scope="col">State</th></tr></thead>
            <tbody>${d.resources.map((r) => {
              const step = stepOf(r);
              return html`<tr key=${r.odinSubscriptionId + r.odinResourceId}>
                <th scope="row" data-label="Resource"><span>${r.name}</span> <span class="muted">${r.subscriptionName}</span></th>
                <td class="col-number" data-label="Marketplace">${formatNumber(r.marketplaceCount)}</td>
                <td class="col-number" data-label="Price">${formatMoney(r.marketplacePrice)}</td>
                <td class="col-number" data-label="PSA">${formatNumber(r.psaUnits)}</td>
                <td class="col-number" data-label="PSA price">${formatMoney(r.psaPrice)}</td>
                <td data-label="State"><${Badge} tone=${step.inStep ? 'ok' : 'warn'}>${step.label}</${Badge}></td>
              </tr>`;
            })}</tbody>
          </table>`
        : html`<p class="muted">No resource of this contract is linked yet.</p>`}
    </section>

    <section aria-labelledby="pod-adjustments">
      <h2 id="pod-adjustments">This period's adjustments <span class="muted">(${formatMoney(periodTotal(d.adjustments))})</span></h2>
      ${d.adjustments.length
        ? html`<table class="table pod-table">
            <thead><tr><th scope="col">Resource</th><th scope="col">Change</th><th scope="col">Effective</th><th scope="col">Amount</th><th scope="col">Status</th></tr></thead>
            <tbody>${d.adjustments.map((a) => html`<tr key=${a.id}>
              <th scope="row" data-label="Resource">${a.resourceName}</th>
              <td class="col-number" data-label="Change">${signed(a.unitChange)}</td>
              <td data-label="Effective">${formatDate(a.effectiveDate)}</td>
              <td class="col-number" data-label="Amount">${formatMoney(a.estimatedAmount)}</td>
              <td data-label="Status">${a.status}</td>
            </tr>`)}</tbody>
          </table>`
        : html`<p class="muted">No adjustment this period.</p>`}
    </section>

    <section aria-labelledby="pod-failures">
      <h2 id="pod-failures">Open failures</h2>
      ${d.failures.length
        ? html`<ul class="pod-failures">${d.failures.map((f) => html`<li key=${f.id}>
            <p><strong>${f.resourceName}</strong> ${signed(f.unitChange)} on ${formatDate(f.effectiveDate)} (${f.attempts} attempts)</p>
            <p class="pod-error">${f.lastError}</p>
            ${admin && f.status === 'failed'
              ? html`<button type="button" class="btn" onClick=${() => act('Retry started', () => api.request('POST', `/api/pod/failures/${enc(f.id)}/retry`))}>Retry</button>`
              : null}
          </li>`)}</ul>`
        : html`<p class="muted">No open failure.</p>`}
    </section>

    <section aria-labelledby="pod-drift">
      <h2 id="pod-drift">Drift</h2>
      ${d.drift.length
        ? html`<table class="table pod-table">
            <thead><tr><th scope="col">Resource</th><th scope="col">Marketplace</th><th scope="col">We posted</th><th scope="col">PSA shows</th><th scope="col"><span class="sr-only">Action</span></th></tr></thead>
            <tbody>${d.drift.map((x) => html`<tr key=${x.id}>
              <th scope="row" data-label="Resource">${x.resourceName}</th>
              <td class="col-number" data-label="Marketplace">${formatNumber(x.marketplaceCount)}</td>
              <td class="col-number" data-label="We posted">${formatNumber(x.ledgerUnits)}</td>
              <td class="col-number" data-label="PSA shows">${formatNumber(x.psaUnits)}</td>
              <td data-label="">${admin ? html`<button type="button" class="btn" onClick=${() => act('Drift fixed', () => api.fixDrift(x.id))}>Fix</button>` : null}</td>
            </tr>`)}</tbody>
          </table>`
        : html`<p class="muted">PSA and ledger agree.</p>`}
    </section>
  </main>`;
}
