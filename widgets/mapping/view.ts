/** Billing (mapping): filter settings, search, and the virtualised company/subscription/resource tree. */
import { html } from 'htm/preact';
import { useMemo, useReducer, useRef, useState } from 'preact/hooks';
import { isAdmin, useApp } from '../ui/context.js';
import { useAsync, useFocusHeading } from '../ui/hooks.js';
import { Alert, PageHeader, Progress } from '../ui/parts.js';
import { ConfirmDialog } from '../ui/confirm.js';
import { formatNumber } from '../ui/format.js';
import { useLocation, useRouter } from '../router.js';
import { SyncStatus } from '../shell/sync.js';
import { moneyOf } from '../ui/format.js';
import { ESTIMATE, FILTER_LABELS, UNSET_MESSAGE, applyLink, describeReconciliation, filtersFromQuery, filtersToQuery, flattenMapping, indexSuggestions, totals } from './model.js';
import { PsaLists } from './lists.js';
import { useMappingData } from './data.js';
import { useWindowList } from './virtual.js';
import { CompanyRow, ResourceRow, SubscriptionRow } from './rows.js';
import type { Filters, Row } from './model.js';
import type { Pick, RowCtx } from './rows.js';

export function MappingView() {
  const { api, me } = useApp();
  const router = useRouter();
  const loc = useLocation();
  const filters = filtersFromQuery(loc.query);
  const [reloadKey, reload] = useReducer((n: number) => n + 1, 0);
  const [data, setData] = useMappingData(api, filters, reloadKey);
  const sugg = useAsync(() => api.suggestions(), 'suggestions' + reloadKey);
  const [, bump] = useReducer((n: number) => n + 1, 0);
  const [lists] = useState(() => new PsaLists(api, () => bump(0)));
  const [collapsed, setCollapsed] = useState<Set<string>>(() => new Set());
  const [results] = useState(() => new Map<string, { tone: 'ok' | 'warn' | 'error'; text: string }>());
  const [busy, setBusy] = useState<Set<string>>(() => new Set());
  const [confirm, setConfirm] = useState<Row | null>(null);
  const [announce, setAnnounce] = useState('');
  const heading = useFocusHeading('billing');

  const rows = useMemo(() => flattenMapping(data.companies, collapsed), [data.companies, collapsed]);
  const suggestions = useMemo(() => indexSuggestions(sugg.data), [sugg.data]);
  const sum = useMemo(() => totals(data.companies), [data.companies]);
  const { v, listRef } = useWindowList(rows.length, (i) => ESTIMATE[rows[i]?.kind ?? 'resource'], (i) => rows[i]?.key ?? String(i));

  const setFilters = (f: Filters) => {
    const q = filtersToQuery(f).toString();
    router.navigate(q ? `/billing?${q}` : '/billing', { replace: true });
  };
  const mark = (key: string, on: boolean) =>
    setBusy((b) => {
      const n = new Set(b);
      if (on) n.add(key);
      else n.delete(key);
      return n;
    });
  const run = async (row: Row, call: () => Promise<{ link: unknown; text: string; tone?: 'ok' | 'warn' | 'error' }>) => {
    mark(row.key, true);
    try {
      const r = await call();
      setData((d) => ({ ...d, companies: applyLink(d.companies, row, r.link) }));
      results.set(row.key, { tone: r.tone ?? 'ok', text: r.text });
      setAnnounce(r.text);
    } catch (e) {
      results.set(row.key, { tone: 'error', text: (e as Error).message });
      setAnnounce((e as Error).message);
    } finally {
      mark(row.key, false);
    }
  };
  const rowOf = (key: string) => rows.find((r) => r.key === key)!;

  const linkedAccounts = new Map<string, string>();
  for (const c of data.companies ?? []) if (c.link) linkedAccounts.set(c.link.psaAccountId, c.name);
  const ctx: RowCtx = {
    lists,
    linkedAccounts,
    money: moneyOf(me),
    filters,
    admin: isAdmin(me),
    suggestions,
    results,
    busy,
    toggle: (id) =>
      setCollapsed((c) => {
        const n = new Set(c);
        if (n.has(id)) n.delete(id);
        else n.add(id);
        return n;
      }),
    setCompany: (c, p: Pick) =>
      run(rowOf(`c:${c.odinAccountId}`), async () => {
        await api.linkCompany(c.odinAccountId, { psaAccountId: p.id, psaAccountName: p.name });
        return { link: { psaAccountId: p.id, psaAccountName: p.name }, text: `${c.name} linked to ${p.name}.` };
      }),
    setSubscription: (_c, s, p) =>
      run(rowOf(`s:${s.odinSubscriptionId}`), async () => {
        await api.linkSubscription(s.odinSubscriptionId, { psaContractId: p.id, psaContractName: p.name });
        return { link: { psaContractId: p.id, psaContractName: p.name }, text: `${s.name} linked to ${p.name}.` };
      }),
    setResource: (_c, s, r, p) =>
      run(rowOf(`r:${s.odinSubscriptionId}/${r.odinResourceId}`), async () => {
        const out = await api.linkResource(s.odinSubscriptionId, r.odinResourceId, {
          psaServiceId: p.id,
          psaContractServiceId: p.contractServiceId ?? undefined,
          psaServiceName: p.name,
        });
        const d = describeReconciliation(out.reconciliation, moneyOf(me));
        return { link: out.link ?? { psaServiceId: p.id, psaServiceName: p.name }, ...d };
      }),
    unset: (row) => setConfirm(row),
  };

  const doUnset = (row: Row) => {
    setConfirm(null);
    void run(row, async () => {
      if (row.kind === 'company') await api.unlinkCompany(row.company.odinAccountId);
      else if (row.kind === 'subscription') await api.unlinkSubscription(row.sub.odinSubscriptionId);
      else await api.unlinkResource(row.sub.odinSubscriptionId, row.res.odinResourceId);
      return { link: null, text: 'Relation cleared.' };
    });
  };

  const items = v.getVirtualItems();
  return html`<section class="page page-mapping">
    <${PageHeader} title="Agreements (Mapping)" headingRef=${heading} crumbs=${[{ label: 'IDSync® Cloud', href: '/' }, { label: 'Billing' }]}>
      <a class="btn" href="/billing/relations">Manage Relations</a>
      <button type="button" class="btn btn-ghost" onClick=${() => { lists.refresh(); reload(0); }}>Refresh lists</button>
    </${PageHeader}>
    <div class="mapping-top">
      <${FilterPanel} filters=${filters} onChange=${setFilters} />
      <div class="card mapping-summary">
        <p><strong>${formatNumber(sum.linkedResources)}</strong> of <strong>${formatNumber(sum.resources)}</strong> resources linked
          across ${formatNumber(data.total)} companies.</p>
        <span class="meter" role="img" aria-label=${`${sum.resources ? Math.round((100 * sum.linkedResources) / sum.resources) : 0}% of resources linked`}>
          <span style=${{ width: `${sum.resources ? (100 * sum.linkedResources) / sum.resources : 0}%` }}></span></span>
        <${SyncStatus} inPage=${true} />
      </div>
    </div>
    <${Alert} error=${data.error} />
    <${Alert} error=${sugg.error} title="Suggestions unavailable:" />
    ${data.loading ? html`<${Progress} label="Loading companies" done=${data.companies.length} total=${data.total || undefined} />` : null}
    <div class="sr-only" role="status" aria-live="polite">${announce}</div>
    ${!data.loading && rows.length === 0 && !data.error ? html`<p class="empty card">No companies match these filter settings.</p>` : null}
    <div class="mapping-head" aria-hidden="true"><span>Marketplace (Ingram Micro)</span><span>${data.psaKind === 'connectwise' ? 'ConnectWise' : data.psaKind === 'autotask' ? 'Autotask' : 'PSA'}</span></div>
    <div ref=${listRef} class="vlist" role="list" aria-label="Companies, subscriptions and resources" style=${{ height: `${v.getTotalSize()}px` }}>
      ${items.map((it) => {
        const row = rows[it.index];
        if (!row) return null;
        const Comp = row.kind === 'company' ? CompanyRow : row.kind === 'subscription' ? SubscriptionRow : ResourceRow;
        return html`<div key=${row.key} role="listitem" aria-setsize=${rows.length} aria-posinset=${it.index + 1} data-index=${it.index}
          ref=${v.measureElement} class="vrow" style=${{ transform: `translateY(${it.start - v.options.scrollMargin}px)` }}>
          <${Comp} row=${row} ctx=${ctx} /></div>`;
      })}
    </div>
    ${confirm ? html`<${ConfirmDialog} message=${UNSET_MESSAGE[confirm.kind]} confirmLabel="Unset Relation" onCancel=${() => setConfirm(null)} onConfirm=${() => doUnset(confirm)} />` : null}
  </section>`;
}

function FilterPanel({ filters, onChange }: { filters: Filters; onChange: (f: Filters) => void }) {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  return html`<div class="card filters">
    <label class="field search"><span>Search</span>
      <input type="search" defaultValue=${filters.search} placeholder="Company or product"
        onInput=${(e: Event) => { const value = (e.target as HTMLInputElement).value; clearTimeout(timer.current); timer.current = setTimeout(() => onChange({ ...filters, search: value }), 350); }} /></label>
    <fieldset class="switches"><legend>Filter Settings</legend>
      ${FILTER_LABELS.map(([k, label]) => html`<label class="switch"><input type="checkbox" role="switch" checked=${filters[k]}
        onChange=${(e: Event) => onChange({ ...filters, [k]: (e.target as HTMLInputElement).checked })} /><span>${label}</span></label>`)}
    </fieldset>
  </div>`;
}
