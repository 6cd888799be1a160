/**
 * A report's state is its URL query, and the URL query is the API query (docs/api.md Reports): page,
 * pageSize, sort, filter.<key>, from, to, context. So a shared link reopens exactly the same view and
 * Export asks the server for exactly the filtered rows. Pure functions over URLSearchParams.
 */
import type { ReportColumn } from '../types.js';

const KEYS = /^(page|pageSize|sort|from|to|context|filter\.[A-Za-z0-9_]+)$/;

export const DEFAULT_PAGE_SIZE = 50;
export const PAGE_SIZES = [25, 50, 100, 200, 500];

/** Only the keys the API knows, so stray parameters (utm, next) never reach the server. */
export function reportQuery(q: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of q) if (KEYS.test(k) && v !== '') out.append(k, v);
  return out;
}

const next = (q: URLSearchParams, edit: (p: URLSearchParams) => void, resetPage = true) => {
  const p = reportQuery(q);
  edit(p);
  if (resetPage) p.delete('page');
  return p;
};

export type SortDir = 'ascending' | 'descending' | 'none';

export function sortOf(q: URLSearchParams, key: string): SortDir {
  const s = q.get('sort');
  return s === key ? 'ascending' : s === `-${key}` ? 'descending' : 'none';
}

/** Click cycle on a column: ascending, descending, back to the report's default order. */
export function toggleSort(q: URLSearchParams, key: string): URLSearchParams {
  const cur = sortOf(q, key);
  return next(q, (p) => (cur === 'none' ? p.set('sort', key) : cur === 'ascending' ? p.set('sort', `-${key}`) : p.delete('sort')));
}

export const filterOf = (q: URLSearchParams, key: string) => q.get(`filter.${key}`) ?? '';

export function setFilter(q: URLSearchParams, key: string, text: string): URLSearchParams {
  return next(q, (p) => (text.trim() ? p.set(`filter.${key}`, text.trim()) : p.delete(`filter.${key}`)));
}

export function activeFilters(q: URLSearchParams): number {
  return [...q.keys()].filter((k) => k.startsWith('filter.') || k === 'from' || k === 'to').length;
}

export function clearFilters(q: URLSearchParams): URLSearchParams {
  return next(q, (p) => {
    for (const k of [...p.keys()]) if (k.startsWith('filter.') || k === 'from' || k === 'to') p.delete(k);
  });
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
export function setRange(q: URLSearchParams, from: string, to: string): URLSearchParams {
  return next(q, (p) => {
    if (ISO_DATE.test(from)) p.set('from', from);
    else p.delete('from');
    if (ISO_DATE.test(to)) p.set('to', to);
    else p.delete('to');
  });
}

/** The last n days ending today (UTC calendar), for the "Last 30 days" shortcut. */
export function lastDays(q: URLSearchParams, n: number, today: Date): URLSearchParams {
  const to = today.toISOString().slice(0, 10);
  const from = new Date(today.getTime() - (n - 1) * 86_400_000).toISOString().slice(0, 10);
  return setRange(q, from, to);
}

export const pageOf = (q: URLSearchParams) => Math.max(1, Number(q.get('page')) || 1);
export const pageSizeOf = (q: URLSearchParams) => {
  const n = Number(q.get('pageSize'));
  return PAGE_SIZES.includes(n) ? n : DEFAULT_PAGE_SIZE;
};

export function setPage(q: URLSearchParams, page: number): URLSearchParams {
  return next(q, (p) => (page > 1 ? p.set('page', String(page)) : p.delete('page')), false);
}
export function setPageSize(q: URLSearchParams, size: number): URLSearchParams {
  return next(q, (p) => (size === DEFAULT_PAGE_SIZE ? p.delete('pageSize') : p.set('pageSize', String(size))));
}

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** "Rows 51–100 of 1,234" */
export function rangeLabel(page: number, pageSize: number, total: number): string {
  if (total === 0) return 'No rows';
  const first = (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return `Rows ${first.toLocaleString('en-US')}–${last.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}`;
}

export function csvFileName(report: string, today: Date): string {
  return `${report}-${today.toISOString().slice(0, 10)}.csv`;
}

export function withQuery(path: string, q: URLSearchParams): string {
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/**
 * The columns of a report page. docs/api.md says every page carries them; a page without (an older
 * route) still shows its rows, with the keys as headings, rather than a blank screen.
 */
export function columnsOf(page: { columns?: ReportColumn[]; rows: Record<string, unknown>[] }): ReportColumn[] {
  if (page.columns?.length) return page.columns;
  const first = page.rows[0];
  if (!first) return [];
  return Object.keys(first).map((key) => ({ key, label: key, type: typeof first[key] === 'number' ? 'number' : 'text' }));
}
