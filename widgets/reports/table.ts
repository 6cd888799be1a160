/** The report grid: sortable headers (aria-sort), one filter box per column, paging. */
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatCell, type MoneyFormat } from '../ui/format.js';
import { cellBody, cellClass } from '../ui/cells.js';
import { fixLinkFor, isSyncRow, nextRetryText } from './rows.js';
import { PAGE_SIZES, filterOf, pageCount, pageOf, pageSizeOf, rangeLabel, sortOf } from './model.js';
import type { ReportColumn } from '../types.js';

export interface TableProps {
  columns: ReportColumn[];
  rows: Record<string, unknown>[];
  total: number;
  query: URLSearchParams;
  caption: string;
  onSort: (key: string) => void;
  onFilter: (key: string, text: string) => void;
  onPage: (page: number) => void;
  onPageSize: (size: number) => void;
  /** What to say (and what to do next) when no row matches. */
  empty?: unknown;
  /** The tenant's time zone: instants (failure times, next retry) are shown in it. */
  timeZone?: string;
  money?: MoneyFormat;
  psaKind?: string | null;
  /** When the next scheduled cycle starts (GET /api/sync nextDueAt): a passed retry time waits for it. */
  nextCycleAt?: string | null;
  /** Retry now on a failed row (admins); absent for viewers. */
  onRetry?: (id: string) => void;
  /** A screen's own reading of a cell (the audit trail's before → after); undefined keeps the usual one. */
  cellText?: (key: string, row: Record<string, unknown>) => string | undefined;
}

interface RowContext {
  timeZone?: string;
  money?: MoneyFormat;
  psaKind?: string | null;
  nextCycleAt?: string | null;
  now: Date;
  onRetry?: (id: string) => void;
  cellText?: TableProps['cellText'];
}

function FilterBox({ col, value, onFilter }: { col: ReportColumn; value: string; onFilter: TableProps['onFilter'] }) {
  const ref = useRef<HTMLInputElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    if (ref.current && document.activeElement !== ref.current) ref.current.value = value;
  }, [value]);
  const fire = () => onFilter(col.key, ref.current?.value ?? '');
  return html`<input ref=${ref} type="search" class="filter-input" defaultValue=${value} aria-label=${`Filter ${col.label}`}
    placeholder="Filter" onInput=${() => { clearTimeout(timer.current); timer.current = setTimeout(fire, 350); }}
    onKeyDown=${(e: KeyboardEvent) => e.key === 'Enter' && (clearTimeout(timer.current), fire())} />`;
}

/**
 * Under a failed adjustment, across the whole row: the PSA's own words (plain type), the cause in plain
 * words, the attempts, the true next retry, Retry now, and a link to where the cause is fixed. Under a whole
 * sync that could not run (status sync_failed): what happened, and no Retry now (the next cycle retries it).
 */
/** Names a row for a screen reader: each row's Retry now says which change it retries. */
const rowName = (row: Record<string, unknown>) =>
  [row.companyName, row.resourceName, row.unitChange != null ? `${Number(row.unitChange) > 0 ? '+' : ''}${row.unitChange}` : null, row.effectiveDate].filter((x) => x != null && x !== '').join(' ');

function MessageRow({ row, span, ctx }: { row: Record<string, unknown>; span: number; ctx: RowContext }) {
  const fix = fixLinkFor(row, ctx.psaKind);
  const retry = nextRetryText(row.nextAttemptAt, ctx.now, ctx.nextCycleAt, ctx.timeZone);
  return html`<tr class="message-row"><td colspan=${span}><div class="message-box">
    <p><span class="message-label">${isSyncRow(row) ? 'What happened:' : 'PSA message:'}</span> <span class="message-text">${String(row.lastError)}</span></p>
    ${row.errorCause ? html`<p class="message-cause">${String(row.errorCause)}</p>` : null}
    <p class="message-meta">${row.attempts != null ? `Attempts: ${formatCell('number', row.attempts)}` : ''}${retry ? ` · Next retry: ${retry}` : ''}
      ${fix ? html` · <a href=${fix.href}>${fix.label}</a>` : null}
      ${ctx.onRetry && row.status === 'failed' && typeof row.id === 'string'
        ? html` <button type="button" class="btn btn-small" aria-label=${`Retry now: ${rowName(row)}`} onClick=${() => ctx.onRetry!(row.id as string)}>Retry now</button>` : null}</p>
  </div></td></tr>`;
}

function Cell({ c, row, ctx }: { c: ReportColumn; row: Record<string, unknown>; ctx: RowContext }) {
  const v = row[c.key];
  const own = ctx.cellText?.(c.key, row);
  const body = own !== undefined ? own : c.key === 'nextAttemptAt' ? nextRetryText(v, ctx.now, ctx.nextCycleAt, ctx.timeZone) : cellBody(c, v, ctx.timeZone, ctx.money);
  return html`<td class=${cellClass(c)} data-key=${c.key} data-label=${c.label} title=${c.key === 'estimatedAmount' ? amountTitle(row, ctx.money) : undefined}>${body}</td>`;
}

/** The estimate under both day counts, for the amount's tooltip (the 30/360 figure is also a detail column). */
export function amountTitle(row: Record<string, unknown>, money?: MoneyFormat | null): string | undefined {
  if (row.estimatedAmount == null || row.estimatedAmount360 == null) return undefined;
  return `Actual days: ${formatCell('money', row.estimatedAmount, undefined, money)} · 30-day months (30/360): ${formatCell('money', row.estimatedAmount360, undefined, money)}`;
}

export function ReportTable(p: TableProps) {
  const [details, setDetails] = useState(false);
  const hidden = p.columns.filter((c) => c.detail).length;
  const columns = details ? p.columns : p.columns.filter((c) => !c.detail);
  const ctx: RowContext = { timeZone: p.timeZone, money: p.money, psaKind: p.psaKind, nextCycleAt: p.nextCycleAt, now: new Date(), onRetry: p.onRetry, cellText: p.cellText };
  const page = pageOf(p.query);
  const size = pageSizeOf(p.query);
  const pages = pageCount(p.total, size);
  return html`<div class="table-wrap card">
    ${hidden ? html`<div class="table-tools"><button type="button" class="btn btn-ghost btn-small" aria-pressed=${details} onClick=${() => setDetails(!details)}>
      ${details ? 'Hide IDs and details' : `Show IDs and details (${hidden} columns)`}</button></div>` : null}
    <div class="table-scroll" tabindex="0" role="region" aria-label=${p.caption}>
      <table class=${`table report-table${details ? ' with-details' : ''}`}>
        <caption class="sr-only">${p.caption}</caption>
        <thead>
          <tr>${columns.map((c) => {
            const dir = sortOf(p.query, c.key);
            return html`<th scope="col" aria-sort=${dir} class=${cellClass(c)} data-key=${c.key}>
              <button type="button" class="sort" onClick=${() => p.onSort(c.key)}>${c.label}
                <span class=${`sort-mark sort-${dir}`} aria-hidden="true"></span></button></th>`;
          })}</tr>
          <tr class="filter-row">${columns.map(
            (c) => html`<td><${FilterBox} col=${c} value=${filterOf(p.query, c.key)} onFilter=${p.onFilter} /></td>`,
          )}</tr>
        </thead>
        <tbody>
          ${p.rows.length === 0
            ? html`<tr class="empty-row"><td colspan=${columns.length} class="empty">${p.empty ?? 'No rows match.'}</td></tr>`
            : p.rows.map((r) => [
                html`<tr class=${r.lastError ? 'has-message' : ''}>${columns.map((c) => html`<${Cell} c=${c} row=${r} ctx=${ctx} />`)}</tr>`,
                r.lastError ? html`<${MessageRow} row=${r} span=${columns.length} ctx=${ctx} />` : null,
              ])}
        </tbody>
      </table>
    </div>
    <nav class="pager" aria-label="Pages">
      <span aria-live="polite">${rangeLabel(page, size, p.total)}</span>
      ${p.timeZone && p.columns.some((c) => c.type === 'date') ? html`<span class="muted">Times in ${p.timeZone}</span>` : null}
      <label class="inline">Rows per page
        <select value=${size} onChange=${(e: Event) => p.onPageSize(Number((e.target as HTMLSelectElement).value))}>
          ${PAGE_SIZES.map((n) => html`<option value=${n}>${n}</option>`)}</select></label>
      <span class="pager-buttons">
        <button type="button" class="btn btn-small" disabled=${page <= 1} onClick=${() => p.onPage(page - 1)}>Previous</button>
        <span>Page ${page} of ${pages}</span>
        <button type="button" class="btn btn-small" disabled=${page >= pages} onClick=${() => p.onPage(page + 1)}>Next</button>
      </span>
    </nav>
  </div>`;
}
