/**
 * "PSA differences" on Home: someone changed a service's units in the PSA by hand, so the PSA no longer
 * shows what IDSync posted. The sync card always carries one line about them (and Check now for admins,
 * so a check is reachable with nothing found); the panel lists the findings, each with Fix for admins.
 * Fix asks first, saying exactly what will be posted, because it writes to the customer's billing.
 */
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ConfirmDialog } from '../ui/confirm.js';
import { isAdmin, useApp } from '../ui/context.js';
import { formatDate, formatNumber } from '../ui/format.js';
import { Alert } from '../ui/parts.js';
import { changedByLabel, confirmFixLabel, confirmFixMessage, driftSummary, resourceLabel, signed, toPost } from './drift-model.js';
import type { DriftControl, Note } from './drift-state.js';
import type { DriftItem } from '../types.js';

/** A result that stays until the next action; errors interrupt (role=alert), the rest wait their turn. */
function NoteLine({ note }: { note: Note | null }) {
  if (!note) return null;
  if (note.tone === 'error') return html`<p class="drift-note result-error" role="alert">${note.text}</p>`;
  return html`<p class=${`drift-note status status-${note.tone}`}>${note.text}</p>`;
}

/** The sync card's line: how many differences are open, and Check now for admins. */
export function DriftLine({ drift }: { drift: DriftControl }) {
  const { me } = useApp();
  return html`<div class="drift-line">
    <div class="drift-row">
      <span id="drift-summary">${drift.loadError && !drift.items ? 'PSA differences: not known.' : driftSummary(drift.items)}</span>
      ${isAdmin(me)
        ? html`<button type="button" class="btn btn-small" onClick=${drift.check} disabled=${drift.checking} aria-busy=${drift.checking}
            aria-describedby="drift-summary">${drift.checking ? 'Checking the PSA…' : 'Check now'}</button>`
        : null}
    </div>
    <div class="drift-live" aria-live="polite">
      ${drift.checking ? html`<p class="drift-note muted">Reading every linked service's units in the PSA…</p>` : null}
      ${drift.checkNote?.tone !== 'error' ? html`<${NoteLine} note=${drift.checkNote} />` : null}
    </div>
    ${drift.checkNote?.tone === 'error' ? html`<${NoteLine} note=${drift.checkNote} />` : null}
    <${Alert} error=${drift.loadError} title="PSA differences could not be loaded:" />
  </div>`;
}

/** The findings, shown while there are any (or a fix result to read after the last one went). */
export function DriftPanel({ drift }: { drift: DriftControl }) {
  const { me } = useApp();
  const admin = isAdmin(me);
  const [confirm, setConfirm] = useState<DriftItem | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const items = drift.items ?? [];
  // The fixed row leaves the table with the focused button: hand focus to the panel's heading.
  const fixed = useRef(false);
  useEffect(() => {
    if (fixed.current && !drift.fixingId && !document.activeElement?.closest('.drift-panel')) heading.current?.focus({ preventScroll: true });
    fixed.current = false;
  }, [drift.items]);
  if (!items.length && !drift.fixNote) return null;
  const tz = me?.tenant.timeZone;
  const doFix = (d: DriftItem) => {
    setConfirm(null);
    fixed.current = true;
    void drift.fix(d);
  };
  return html`<section class="card drift-panel" aria-labelledby="drift-title">
    <h2 id="drift-title" tabindex="-1" ref=${heading}>PSA differences</h2>
    <p class="hint">The PSA shows other units than IDSync posted, usually after a hand edit in the PSA.
      ${admin ? ' Fix posts the difference so the PSA matches the Marketplace again.' : ' An administrator can fix them.'}</p>
    <div class="drift-live" aria-live="polite">${drift.fixNote?.tone !== 'error' ? html`<${NoteLine} note=${drift.fixNote} />` : null}</div>
    ${drift.fixNote?.tone === 'error' ? html`<${NoteLine} note=${drift.fixNote} />` : null}
    ${items.length
      ? html`<div class="table-scroll"><table class="table drift-table">
          <caption class="sr-only">Resources whose units in the PSA differ from what IDSync posted</caption>
          <thead><tr>
            <th scope="col" data-key="resourceName">Resource</th><th scope="col" class="col-number" data-key="marketplaceCount">Marketplace units</th>
            <th scope="col" class="col-number" data-key="ledgerUnits">Posted units</th><th scope="col" class="col-number" data-key="psaUnits">PSA units</th>
            <th scope="col" data-key="changedBy">Changed by</th><th scope="col" class="col-date" data-key="foundAt">Found</th>${admin ? html`<th scope="col"><span class="sr-only">Action</span></th>` : null}
          </tr></thead>
          <tbody>${items.map((d) => html`<tr key=${d.id}>
            <th scope="row" class="drift-resource" data-label="Resource"><span>${resourceLabel(d)}</span>${' '}<span class="muted drift-ids">Subscription ${d.odinSubscriptionId}</span></th>
            <td class="col-number" data-label="Marketplace units">${formatNumber(d.marketplaceCount)}</td>
            <td class="col-number" data-label="Posted units">${formatNumber(d.ledgerUnits)}</td>
            <td class="col-number" data-label="PSA units"><span><strong>${formatNumber(d.psaUnits)}</strong>
              ${toPost(d) ? html` <span class="badge badge-warn" title="Units a fix posts">${signed(toPost(d))}</span>` : null}</span></td>
            <td class="drift-who" data-label="Changed by">${changedByLabel(d)
              ? html`<span>${changedByLabel(d)}</span>${d.changedAt ? html` <span class="muted">${formatDate(d.changedAt, tz)}</span>` : null}<br /><span class="muted drift-change">${d.change}</span>`
              : html`<span class="muted">—</span>`}</td>
            <td class="col-date" data-label="Found">${formatDate(d.foundAt, tz)}</td>
            ${admin
              ? html`<td class="drift-action"><button type="button" class="btn btn-small btn-primary" aria-label=${`${drift.fixingId === d.id ? 'Fixing' : 'Fix'} ${resourceLabel(d)}`}
                  disabled=${drift.fixingId !== null} aria-busy=${drift.fixingId === d.id} onClick=${() => setConfirm(d)}>
                  ${drift.fixingId === d.id ? 'Fixing…' : 'Fix'}</button></td>`
              : null}
          </tr>`)}</tbody>
        </table></div>`
      : html`<p class="muted">No differences are open.</p>`}
    ${confirm
      ? html`<${ConfirmDialog} message=${confirmFixMessage(confirm)} confirmLabel=${confirmFixLabel(confirm)}
          onCancel=${() => setConfirm(null)} onConfirm=${() => doFix(confirm)} />`
      : null}
  </section>`;
}
