/**
 * Manage Relations: check any rows, choose their PSA side (or keep the suggestion), see how many company,
 * subscription and resource relations will change, then Set Relations or Clear Relations with progress.
 */
import { html } from 'htm/preact';
import { useMemo, useReducer, useState } from 'preact/hooks';
import { isAdmin, useApp } from '../ui/context.js';
import { useAsync, useFocusHeading } from '../ui/hooks.js';
import { Alert, PageHeader, Progress, Status } from '../ui/parts.js';
import { StatusPill } from '../ui/status.js';
import { psaWords } from '../ui/words.js';
import { ConfirmDialog } from '../ui/confirm.js';
import { percent, indexSuggestions } from './model.js';
import { useMappingData } from './data.js';
import { batches, countChanges, noPicks, planBulk, relationRows, selectable, toggleAll, type Picks } from './bulk.js';
import { pickCells, type PickCtx } from './relation-pick.js';
import { PsaLists } from './lists.js';
import { moneyOf } from '../ui/format.js';
import type { Choice } from './choices.js';
import { pageCount } from '../reports/model.js';
import { formatNumber, plural } from '../ui/format.js';
import type { Filters } from './model.js';
import type { BulkItem } from '../types.js';

const PAGE = 100;
const ALL: Filters = { hideCompleted: false, showExpired: false, showInactive: false, showUninvoiced: false, showBadges: false, search: '' };

const cells = (c: ReturnType<typeof pickCells>) => {
  const empty = html`<span class="muted">—</span>`;
  return html`<td>${c.account ?? empty}</td><td>${c.contract ?? empty}</td><td>${c.service ?? empty}</td>`;
};

export function RelationsView() {
  const { api, me } = useApp();
  const admin = isAdmin(me);
  const words = psaWords(me?.tenant.psaKind);
  const [reloadKey, reload] = useReducer((n: number) => n + 1, 0);
  const [data] = useMappingData(api, ALL, reloadKey);
  const sugg = useAsync(() => api.suggestions(), 'relations-sugg' + reloadKey);
  const [showMapped, setShowMapped] = useState(false);
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [checked, setChecked] = useState<Set<string>>(() => new Set());
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [outcome, setOutcome] = useState<{ changed: number; errors: string[] } | null>(null);
  const [confirmClear, setConfirmClear] = useState(false);
  const heading = useFocusHeading('relations');
  const [, bump] = useReducer((n: number) => n + 1, 0);
  const [lists] = useState(() => new PsaLists(api, () => bump(0)));
  const [picks, setPicks] = useState<Picks>(noPicks);

  const all = useMemo(() => relationRows(data.companies, indexSuggestions(sugg.data), showMapped), [data.companies, sugg.data, showMapped]);
  const needle = search.trim().toLowerCase();
  const rows = needle ? all.filter((r) => [r.company, r.subscription, r.resource, r.account, r.contract, r.service].some((v) => v?.toLowerCase().includes(needle))) : all;
  const pages = pageCount(rows.length, PAGE);
  const shown = rows.slice((Math.min(page, pages) - 1) * PAGE, Math.min(page, pages) * PAGE);
  const counts = countChanges(rows, checked, picks);
  const linkedAccounts = new Map<string, string>();
  for (const c of data.companies) if (c.link) linkedAccounts.set(c.link.psaAccountId, c.name);
  // A new account makes its company's contract and service choices stale, a new contract its services'.
  const choose = (level: keyof Picks, key: string, choice: Choice | null) =>
    setPicks((p) => {
      const n: Picks = { account: new Map(p.account), contract: new Map(p.contract), service: new Map(p.service) };
      if (choice) n[level].set(key, choice);
      else n[level].delete(key);
      const below = all.filter((r) => (level === 'account' ? r.odinAccountId : level === 'contract' ? r.odinSubscriptionId : null) === key);
      for (const r of below) {
        if (level === 'account') n.contract.delete(r.odinSubscriptionId);
        n.service.delete(r.key);
      }
      return n;
    });
  const pickCtx: PickCtx = { lists, picks, linkedAccounts, money: moneyOf(me), choose };

  const apply = async (action: 'set' | 'clear') => {
    setConfirmClear(false);
    const plan = planBulk(rows, checked, action, picks);
    const items = action === 'set' ? plan.set : plan.clear;
    const parts = batches<BulkItem>(items, 50);
    const errors: string[] = [];
    let changed = 0;
    setOutcome(null);
    setProgress({ done: 0, total: items.length });
    try {
      for (const part of parts) {
        const r = await api.bulk(action === 'set' ? { set: part, clear: [] } : { set: [], clear: part });
        changed += r.changed;
        for (const x of r.results) if (!x.ok) errors.push(`${Object.values(x.ids).join(' / ')}: ${x.error ?? 'failed'}`);
        setProgress((p) => p && { ...p, done: p.done + part.length });
      }
    } catch (e) {
      errors.push((e as Error).message);
    }
    setProgress(null);
    setOutcome({ changed, errors });
    setChecked(new Set());
    setPicks(noPicks());
    reload(0);
  };
  const flip = (key: string) =>
    setChecked((c) => {
      const n = new Set(c);
      if (n.has(key)) n.delete(key);
      else n.add(key);
      return n;
    });
  const pageAllChecked = shown.filter(selectable).length > 0 && shown.filter(selectable).every((r) => checked.has(r.key));

  return html`<section class="page">
    <${PageHeader} title="Manage Relations" headingRef=${heading}
      crumbs=${[{ label: 'IDSync® Cloud', href: '/' }, { label: 'Billing', href: '/billing' }, { label: 'Manage Relations' }]}>
      <a class="btn btn-ghost" href="/billing">← Go Back</a>
    </${PageHeader}>
    <div class="card toolbar relations-toolbar">
      <label class="field search"><span>Search</span><input type="search" value=${search} onInput=${(e: Event) => { setSearch((e.target as HTMLInputElement).value); setPage(1); }} /></label>
      <label class="switch"><input type="checkbox" role="switch" checked=${showMapped} onChange=${(e: Event) => { setShowMapped((e.target as HTMLInputElement).checked); setChecked(new Set()); }} /><span>Show mapped resources</span></label>
      ${admin
        ? html`<div class="bulk-actions">
            <span class="bulk-count" aria-live="polite">${counts.checked
              ? `Will set ${formatNumber(counts.company)} company, ${formatNumber(counts.subscription)} subscription and ${formatNumber(counts.resource)} resource relations; ${formatNumber(counts.toClear)} to clear${counts.needChoice ? ` (${plural(counts.needChoice, 'row')} still need a PSA service)` : ''}`
              : 'Check rows to change them'}</span>
            <button type="button" class="btn btn-primary" disabled=${!counts.toSet || !!progress} onClick=${() => apply('set')}>Set Relations (${counts.toSet})</button>
            <button type="button" class="btn btn-danger" disabled=${!counts.toClear || !!progress} onClick=${() => setConfirmClear(true)}>Clear Relations (${counts.toClear})</button>
          </div>`
        : null}
    </div>
    <${Alert} error=${data.error} />
    ${data.loading ? html`<${Progress} label="Loading relations" done=${data.companies.length} total=${data.total || undefined} />` : null}
    ${progress ? html`<${Progress} label="Applying relations" done=${progress.done} total=${progress.total} />` : null}
    ${outcome ? html`<${Status} tone=${outcome.errors.length ? 'warn' : 'ok'}>${plural(outcome.changed, 'relation')} changed.${outcome.errors.length ? ` ${outcome.errors.length} failed:` : ''}</${Status}>
      ${outcome.errors.length ? html`<div class="alert alert-error" role="alert"><ul>${outcome.errors.slice(0, 20).map((e) => html`<li>${e}</li>`)}</ul></div>` : null}` : null}
    <div class="table-wrap card"><div class="table-scroll" tabindex="0" role="region" aria-label="Relations">
      <table class="table">
        <caption class="sr-only">Relations: ${rows.length} rows</caption>
        <thead><tr>
          <th scope="col" class="col-select"><input type="checkbox" aria-label="Check every row" checked=${pageAllChecked} disabled=${!admin}
            onChange=${() => setChecked(pageAllChecked ? new Set([...checked].filter((k) => !shown.some((r) => r.key === k))) : new Set([...checked, ...toggleAll(shown, new Set())]))} /></th>
          <th scope="col" data-key="companyName">Customer</th><th scope="col" data-key="subscriptionName">Subscription</th><th scope="col" data-key="resourceName">Resource</th>
          <th scope="col" data-key="psaAccountName">${words.account}</th><th scope="col" data-key="psaContractName">${words.contract}</th>
          <th scope="col" data-key="psaServiceName">${words.service}</th><th scope="col" data-key="state">Status</th>
        </tr></thead>
        <tbody>${shown.length === 0
          ? html`<tr><td colspan="8" class="empty">${data.loading ? 'Loading…' : html`No relations to manage: the Marketplace has no company yet. Run Sync now, or check the <a href="/configuration/ingram-micro">Ingram Micro connection</a>.`}</td></tr>`
          : shown.map((r) => html`<tr class=${checked.has(r.key) ? 'checked' : ''}>
              <td><input type="checkbox" aria-label=${`Select ${r.resource} (${r.company})`} checked=${checked.has(r.key)} disabled=${!admin || !selectable(r)} onChange=${() => flip(r.key)} /></td>
              <td>${r.company}</td><td>${r.subscription}</td><td>${r.resource}</td>
              ${admin && checked.has(r.key) && r.state !== 'linked' ? cells(pickCells(r, pickCtx)) : html`
              <td>${r.accountProposal ? html`<em>${r.account}</em> <span class="muted">(${percent(r.accountProposal.score)})</span>` : r.account ?? html`<span class="muted">—</span>`}</td><td>${r.contract ?? html`<span class="muted">—</span>`}</td>
              <td>${r.service ?? html`<span class="muted">—</span>`}${r.proposal ? html` <span class="muted">(${percent(r.proposal.score)})</span>` : null}</td>`}
              <td data-key="state"><${StatusPill} status=${r.state === 'linked' || r.state === 'proposed' ? r.state : 'unlinked'} /></td>
            </tr>`)}</tbody>
      </table></div>
      <nav class="pager" aria-label="Pages"><span>${plural(rows.length, 'row')}</span><span class="pager-buttons">
        <button type="button" class="btn btn-small" disabled=${page <= 1} onClick=${() => setPage(page - 1)}>Previous</button>
        <span>Page ${Math.min(page, pages)} of ${pages}</span>
        <button type="button" class="btn btn-small" disabled=${page >= pages} onClick=${() => setPage(page + 1)}>Next</button></span></nav>
    </div>
    ${confirmClear ? html`<${ConfirmDialog} message=${`You're about to clear ${plural(counts.toClear, 'relation')}. Are you sure you want to continue?`} confirmLabel="Clear Relations"
      onCancel=${() => setConfirmClear(false)} onConfirm=${() => apply('clear')} />` : null}
  </section>`;
}
