/** The report grid: sortable headers (aria-sort), one filter box per column, paging. */
import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import { formatCell } from '../ui/format.js';
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
  /** The tenant's time zone: instants (failure times, next retry) are shown in it. */
  timeZone?: string;
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
 * The PSA's own words under a failed adjustment, across the whole row: on a wide log the message
 * column is far to the right, and this is what billing staff act on.
 */
function MessageRow({ row, span, timeZone }: { row: Record<string, unknown>; span: number; timeZone?: string }) {
  return html`<tr class="message-row"><td colspan=${span}><div class="message-box">
    <span class="message-label">PSA message:</span> <span class="message-text">${String(row.lastError)}</span>${' '}<span class="message-meta">${row.attempts != null ? `Attempts: ${formatCell('number', row.attempts)}` : ''}${row.nextAttemptAt ? ` · Next retry: ${formatCell('date', row.nextAttemptAt, timeZone)}` : ''}</span>
  </div></td></tr>`;
}

/** Ids and numbers stay on one line; the long message column is clipped (it is shown in full below). */
function cellClass(c: ReportColumn): string {
  if (c.key === 'lastError') return 'col-text col-clip';
  if (/Id$/.test(c.key)) return 'col-id';
  return `col-${c.type}`;
}

export function ReportTable(p: TableProps) {
  const page = pageOf(p.query);
  const size = pageSizeOf(p.query);
  const pages = pageCount(p.total, size);
  return html`<div class="table-wrap card">
    <div class="table-scroll" tabindex="0" role="region" aria-label=${p.caption}>
      <table class="table report-table">
        <caption class="sr-only">${p.caption}</caption>
        <thead>
          <tr>${p.columns.map((c) => {
            const dir = sortOf(p.query, c.key);
            return html`<th scope="col" aria-sort=${dir} class=${`col-${c.type}`}>
              <button type="button" class="sort" onClick=${() => p.onSort(c.key)}>${c.label}
                <span class=${`sort-mark sort-${dir}`} aria-hidden="true"></span></button></th>`;
          })}</tr>
          <tr class="filter-row">${p.columns.map(
            (c) => html`<td><${FilterBox} col=${c} value=${filterOf(p.query, c.key)} onFilter=${p.onFilter} /></td>`,
          )}</tr>
        </thead>
        <tbody>
          ${p.rows.length === 0
            ? html`<tr><td colspan=${p.columns.length} class="empty">No rows match.</td></tr>`
            : p.rows.map((r) => [
                html`<tr class=${r.lastError ? 'has-message' : ''}>${p.columns.map((c) => html`<td class=${cellClass(c)} title=${c.key === 'lastError' ? String(r[c.key] ?? '') : undefined}>${formatCell(c.type, r[c.key], p.timeZone)}</td>`)}</tr>`,
                r.lastError ? html`<${MessageRow} row=${r} span=${p.columns.length} timeZone=${p.timeZone} />` : null,
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
