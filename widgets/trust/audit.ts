/**
 * Audit trail (issue 14 §6): who linked, cleared, approved, dismissed, edited, changed a policy or a
 * connection, when (in the tenant's zone) and what moved, before → after. It is a report (GET /api/audit),
 * so it reuses the report table, its filters, paging, date range and CSV export; the URL holds the view.
 */
import { html } from 'htm/preact';
import { useApp } from '../ui/context.js';
import { useFocusHeading, useAsync } from '../ui/hooks.js';
import { Alert, Loading, PageHeader } from '../ui/parts.js';
import { useLocation, useRouter } from '../router.js';
import { ExportButton } from '../reports/export.js';
import { ReportTable } from '../reports/table.js';
import { DateRange } from '../reports/view.js';
import { activeFilters, clearFilters, columnsOf, reportQuery, setFilter, setPage, setPageSize, toggleSort, withQuery } from '../reports/model.js';
import { actionText, changeText, stateText } from './audit-model.js';
import type { ReportColumn, ReportPage } from '../types.js';

/**
 * The After column reads as the change itself; the full state before stays one click away under
 * "Show IDs and details". Both keep their keys, so their filters search the recorded states.
 */
export function auditColumns(page: ReportPage): ReportColumn[] {
  return columnsOf(page).map((c) =>
    c.key === 'after' ? { ...c, label: 'Before → after' } : c.key === 'before' ? { ...c, detail: true } : c,
  );
}

export function auditCell(key: string, row: Record<string, unknown>): string | undefined {
  if (key === 'after') return changeText(row.before, row.after);
  if (key === 'before') return stateText(row.before);
  if (key === 'action') return actionText(row.action);
  return undefined;
}

const EMPTY = html`Nothing recorded yet. An entry is added when someone links or clears a relation on <a href="/billing">Billing</a>, approves, dismisses or edits a held adjustment in the <a href="/billing/review">Review queue</a>, or changes a policy or a connection in <a href="/configuration/ingram-micro">Configuration</a>.`;

export function AuditView() {
  const { api, me } = useApp();
  const router = useRouter();
  const loc = useLocation();
  const query = reportQuery(loc.query);
  query.delete('context');
  const key = query.toString();
  const audit = useAsync(() => api.audit(query), `audit?${key}`);
  const heading = useFocusHeading('audit');
  const go = (q: URLSearchParams) => router.navigate(withQuery(loc.path, q), { replace: true });
  const data = audit.data;
  return html`<section class="page">
    <${PageHeader} title="Audit trail" headingRef=${heading} crumbs=${[{ label: 'IDSync® Cloud', href: '/' }, { label: 'Billing', href: '/billing' }, { label: 'Audit trail' }]}>
      <${ExportButton} name="audit" query=${query} csv=${api.auditCsv} />
    </${PageHeader}>
    <p class="muted">Every decision a person made about billing: who, when, and what it changed. Entries stay when a relation is removed.</p>
    <div class="toolbar">
      <${DateRange} query=${query} onChange=${go} />
      ${activeFilters(query) && data?.rows.length !== 0 ? html`<button type="button" class="btn btn-ghost btn-small" onClick=${() => go(clearFilters(query))}>Clear filters (${activeFilters(query)})</button>` : null}
      ${audit.loading && data ? html`<span class="muted" role="status">Updating…</span>` : null}
    </div>
    <${Alert} error=${audit.error} />
    ${!data && audit.loading ? html`<${Loading} />` : null}
    ${data
      ? html`<${ReportTable} columns=${auditColumns(data)} rows=${data.rows} total=${data.total} query=${query} timeZone=${me?.tenant.timeZone}
          caption=${`Audit trail: ${data.total} entries`} cellText=${auditCell}
          onSort=${(k: string) => go(toggleSort(query, k))}
          onFilter=${(k: string, t: string) => go(setFilter(query, k, t))}
          onPage=${(n: number) => go(setPage(query, n))}
          onPageSize=${(n: number) => go(setPageSize(query, n))}
          empty=${activeFilters(query)
            ? html`No entries match these filters. <button type="button" class="btn btn-link btn-small" onClick=${() => go(clearFilters(query))}>Clear filters</button>`
            : EMPTY} />`
      : null}
  </section>`;
}
