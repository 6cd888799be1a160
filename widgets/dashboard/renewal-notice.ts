/**
 * Home's renewal notice (issue 12 item 4): a linked contract ended and its renewal did not take the links by
 * itself (its services do not match one to one, or no renewal was found). Until someone confirms, every change
 * dated after the old end waits, so the notice says so on Home, with a link that opens the confirmation:
 * for each linked resource, the renewal's service it moves to (POST /api/renewals/confirm).
 */
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { isAdmin, useApp } from '../ui/context.js';
import { useAsync } from '../ui/hooks.js';
import { Alert, Status } from '../ui/parts.js';
import { useDataVersion, useSync } from '../shell/sync.js';
import { formatNumber } from '../ui/format.js';

interface PsaServiceChoice { serviceId: string; contractServiceId: string | null; name: string; units?: number | null }
export interface PendingRenewal {
  contract: { id: string; name: string; endDate: string | null };
  renewal: { id: string; name: string; startDate: string | null; endDate: string | null } | null;
  matchesOneToOne: boolean;
  blockedBy: string | null;
  changesAfterEnd: number;
  resources: { odinSubscriptionId: string; odinResourceId: string; resourceName: string | null; psaServiceId: string; proposed: PsaServiceChoice | null }[];
  renewalServices: PsaServiceChoice[];
}

const key = (s: PsaServiceChoice) => `${s.serviceId}|${s.contractServiceId ?? ''}`;

export function RenewalNotices() {
  const { api } = useApp();
  const list = useAsync(() => api.get<{ items: PendingRenewal[] }>('/api/renewals'), `renewals:${useDataVersion()}`);
  // Home must not break over a notice: a failed read shows nothing here (the sync status reports PSA trouble).
  const items = list.data?.items ?? [];
  if (!items.length) return null;
  return html`<div class="renewal-notices">${items.map((r) => html`<${RenewalNotice} key=${r.contract.id} r=${r} />`)}</div>`;
}

function RenewalNotice({ r }: { r: PendingRenewal }) {
  const [open, setOpen] = useState(false);
  const waiting = r.changesAfterEnd > 0 ? ` ${formatNumber(r.changesAfterEnd)} change${r.changesAfterEnd === 1 ? '' : 's'} dated after its end wait${r.changesAfterEnd === 1 ? 's' : ''} for it.` : '';
  const ended = `Contract “${r.contract.name}” ended${r.contract.endDate ? ` on ${r.contract.endDate}` : ''}.`;
  if (!r.renewal) {
    return html`<div class="notice renewal-notice" role="status">
      ${ended} No renewal of it was found in the PSA: renew it there, or link its resources to another contract.${waiting}
      <a href="/billing/relations">Open Manage Relations</a>
    </div>`;
  }
  return html`<div class="notice renewal-notice" role="status" id=${`renewal-${r.contract.id}`}>
    ${ended} “${r.renewal.name}”${r.renewal.startDate ? ` (from ${r.renewal.startDate})` : ''} renews it, but its services changed: confirm which service each link moves to.${waiting}
    ${' '}<a href=${`#renewal-${r.contract.id}`} aria-expanded=${open ? 'true' : 'false'} onClick=${(e: Event) => { e.preventDefault(); setOpen(!open); }}>Confirm the renewal</a>
    ${open ? html`<${ConfirmRenewal} r=${r} />` : null}
  </div>`;
}

function ConfirmRenewal({ r }: { r: PendingRenewal }) {
  const { api, me } = useApp();
  const sync = useSync();
  const initial = Object.fromEntries(r.resources.map((x) => {
    const same = x.proposed ?? r.renewalServices.find((s) => s.serviceId === x.psaServiceId) ?? null;
    return [x.psaServiceId, same ? key(same) : ''];
  }));
  const [choice, setChoice] = useState<Record<string, string>>(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState<number | null>(null);
  // One choice per linked PSA service: the API moves every link of that service to the chosen one.
  const services = [...new Set(r.resources.map((x) => x.psaServiceId))];
  const complete = services.every((id) => choice[id]);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const body = {
        contractId: r.contract.id, renewalContractId: r.renewal!.id,
        services: services.map((id) => {
          const to = r.renewalServices.find((s) => key(s) === choice[id])!;
          return { fromServiceId: id, toServiceId: to.serviceId, toContractServiceId: to.contractServiceId };
        }),
      };
      const out = await api.request<{ followed: number }>('POST', '/api/renewals/confirm', body);
      setDone(out.followed);
      sync?.bump();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  if (done !== null) return html`<${Status} tone="ok">${formatNumber(done)} link${done === 1 ? '' : 's'} moved to “${r.renewal!.name}”.</${Status}>`;
  return html`<form class="renewal-confirm" onSubmit=${(e: Event) => { e.preventDefault(); void confirm(); }}>
    ${r.blockedBy ? html`<${Alert} error=${r.blockedBy} title="Not yet:" />` : null}
    ${services.map((id) => html`<label>
      <span>${r.resources.filter((x) => x.psaServiceId === id).map((x) => x.resourceName ?? x.odinResourceId).join(', ')}</span>
      <select value=${choice[id] ?? ''} onChange=${(e: Event) => setChoice({ ...choice, [id]: (e.target as HTMLSelectElement).value })}>
        <option value="">Choose a service of the renewal…</option>
        ${r.renewalServices.map((s) => html`<option value=${key(s)}>${s.name}</option>`)}
      </select>
    </label>`)}
    <${Alert} error=${error} />
    ${isAdmin(me)
      ? html`<button type="submit" class="btn btn-primary" disabled=${busy || !complete || Boolean(r.blockedBy)}>${busy ? 'Moving…' : 'Confirm renewal'}</button>`
      : html`<p class="muted">An administrator confirms renewals.</p>`}
  </form>`;
}
