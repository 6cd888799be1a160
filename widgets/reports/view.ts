/** One report screen: heading, date range where the report has dates, charts, grid, export. */
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { isAdmin, useApp } from '../ui/context.js';
import { moneyOf } from '../ui/format.js';
import { useDataVersion, useSync } from '../shell/sync.js';
import { useAsync, useFocusHeading } from '../ui/hooks.js';
import { Alert, Loading, PageHeader, Status } from '../ui/parts.js';
import { useLocation, useRouter } from '../router.js';
import { REPORTS } from '../shell/routes.js';
import { Lazy } from '../shell/lazy.js';
import { ExportButton } from './export.js';
import { ReportTable } from './table.js';
import { activeFilters, clearFilters, columnsOf, lastDays, reportQuery, setFilter, setPage, setPageSize, setRange, toggleSort, withQuery } from './model.js';
import type { ReportName } from '../types.js';

/** The charts (and uPlot) come in their own chunk, after the table: the rows are what staff came for. */
const loadCharts = () => import('./charts.js').then((m) => m.ReportCharts);

/** An empty report says what it means and what to do next (a filtered one offers Clear filters there, not twice). */
const EMPTY: Record<ReportName, unknown> = {
  subscriptions: html`No Marketplace resources yet. Run <strong>Sync now</strong> to read the Marketplace, or check the Ingram Micro connection in <a href="/configuration/ingram-micro">Configuration</a>.`,
  linked: html`Nothing is linked yet. Link companies, subscriptions and resources on <a href="/billing">Billing</a>.`,
  unlinked: html`Everything bought on the Marketplace is linked: nothing goes un-invoiced. See it all in the <a href="/reports/linked">Linked report</a>.`,
  adjustments: html`No adjustments posted yet. They appear after a count changes and a sync posts it; link resources on <a href="/billing">Billing</a>.`,
  failures: html`No failures: every adjustment reached the PSA. See what posted in the <a href="/reports/adjustments">Adjustments log</a>.`,
};

const PSA_LABEL: Record<string, string> = { autotask: 'Autotask', connectwise: 'ConnectWise' };

export function ReportView({ name }: { name: ReportName }) {
  const { api, me } = useApp();
  const router = useRouter();
  const loc = useLocation();
  const query = reportQuery(loc.query);
  // A link made for the other PSA (the guide's URLs name Autotask) opens this tenant's report, saying so,
  // rather than an empty table.
  const own = me?.tenant.psaKind ?? null;
  const asked = query.get('context');
  const foreign = own && asked && asked !== own ? asked : null;
  if (own) query.set('context', own);
  const key = query.toString();
  const version = useDataVersion();
  const report = useAsync(() => api.report(name, query), `${name}?${key}#${version}`);
  const info = REPORTS.find((r) => r.name === name)!;
  const heading = useFocusHeading(name);
  const go = (q: URLSearchParams) => router.navigate(withQuery(loc.path, q), { replace: true });
  const context = query.get('context');
  const title = `${info.label}${name === 'subscriptions' ? ' report' : name === 'linked' || name === 'unlinked' ? ' subscriptions' : ''}`;
  const data = report.data;
  const sync = useSync();
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<Error | null>(null);
  const retry = async (id: string) => {
    setActionError(null);
    try {
      const r = await api.retryAdjustment(id);
      setNotice(r.runId ? 'Retrying now: a sync cycle started.' : 'Due now: the running cycle or the next one posts it.');
    } catch (e) {
      setActionError(e as Error);
    }
    if (sync) {
      sync.bump();
      void sync.refresh();
    } else report.reload();
  };
  return html`<section class="page">
    <${PageHeader} title=${title} headingRef=${heading}
      crumbs=${[{ label: 'IDSync® Cloud', href: '/' }, { label: 'Reports' }, { label: info.label }]}>
      ${context ? html`<span class="badge badge-info">${PSA_LABEL[context] ?? context}</span>` : null}
      <${ExportButton} name=${name} query=${query} />
    </${PageHeader}>
    <div class="toolbar">
      ${info.dated || (data && columnsOf(data).some((c) => c.type === 'date')) ? html`<${DateRange} query=${query} onChange=${go} />` : null}
      ${activeFilters(query) && data?.rows.length !== 0 ? html`<button type="button" class="btn btn-ghost btn-small" onClick=${() => go(clearFilters(query))}>Clear filters (${activeFilters(query)})</button>` : null}
      ${report.loading && data ? html`<span class="muted" role="status">Updating…</span>` : null}
    </div>
    ${foreign
      ? html`<p class="notice" role="status">This link asked for the ${PSA_LABEL[foreign] ?? foreign} report; your tenant bills from ${PSA_LABEL[own!] ?? own}, so its ${PSA_LABEL[own!] ?? own} report is shown.</p>`
      : null}
    <${Alert} error=${report.error} />
    <${Alert} error=${actionError} title="Retry failed:" />
    ${notice ? html`<${Status} tone="ok">${notice}</${Status}>` : null}
    ${!data && report.loading ? html`<${Loading} />` : null}
    ${data
      ? html`<${ReportTable} columns=${columnsOf(data)} rows=${data.rows} total=${data.total} query=${query} timeZone=${me?.tenant.timeZone}
          money=${moneyOf(me)} psaKind=${me?.tenant.psaKind} nextCycleAt=${sync?.state?.nextDueAt}
          onRetry=${isAdmin(me) ? retry : undefined}
          caption=${`${title}: ${data.total} rows`}
          onSort=${(k: string) => go(toggleSort(query, k))}
          onFilter=${(k: string, t: string) => go(setFilter(query, k, t))}
          onPage=${(n: number) => go(setPage(query, n))}
          onPageSize=${(n: number) => go(setPageSize(query, n))}
          empty=${activeFilters(query)
            ? html`No rows match these filters. <button type="button" class="btn btn-link btn-small" onClick=${() => go(clearFilters(query))}>Clear filters</button>`
            : EMPTY[name]} />`
      : null}
    <${Lazy} load=${loadCharts} props=${{ name, query: key }} />
  </section>`;
}

export function DateRange({ query, onChange }: { query: URLSearchParams; onChange: (q: URLSearchParams) => void }) {
  const from = query.get('from') ?? '';
  const to = query.get('to') ?? '';
  return html`<fieldset class="date-range"><legend class="sr-only">Date range</legend>
    <label class="inline">From <input type="date" value=${from} onChange=${(e: Event) => onChange(setRange(query, (e.target as HTMLInputElement).value, to))} /></label>
    <label class="inline">To <input type="date" value=${to} onChange=${(e: Event) => onChange(setRange(query, from, (e.target as HTMLInputElement).value))} /></label>
    <button type="button" class="btn btn-small" onClick=${() => onChange(lastDays(query, 30, new Date()))}>Last 30 days</button>
  </fieldset>`;
}
