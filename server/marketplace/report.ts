/**
 * The Subscriptions report: one row per resource of the snapshot, with its subscription and company.
 * Filter by any column (text: contains, case-insensitive; count: `5`, `>5`, `<=10`), sort by any column,
 * page with `store.page`, and a total count for the pager.
 */
import { and, asc, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Store } from '../db/store.js';

export const REPORT_COLUMNS = ['odinAccountId', 'companyName', 'odinSubscriptionId', 'subscriptionName', 'odinResourceId', 'resourceName', 'count', 'status'] as const;
export type ReportColumn = (typeof REPORT_COLUMNS)[number];

/** Column headings as the product guide names them (CSV header, table header). */
export const REPORT_HEADINGS: Record<ReportColumn, string> = {
  odinAccountId: 'ODIN Account ID',
  companyName: 'Company',
  odinSubscriptionId: 'ODIN Subscription ID',
  subscriptionName: 'Subscription',
  odinResourceId: 'ODIN Resource ID',
  resourceName: 'Resource',
  count: 'Count',
  status: 'Status',
};

export interface SubscriptionReportRow {
  odinAccountId: string;
  companyName: string | null;
  odinSubscriptionId: string;
  subscriptionName: string;
  odinResourceId: string;
  resourceName: string;
  count: number;
  status: string;
}

export interface ReportQuery {
  filters?: Partial<Record<ReportColumn, string>>;
  sort?: { column: ReportColumn; dir: 'asc' | 'desc' };
  /** 1-based. */
  page?: number;
  pageSize?: number;
}

export interface ReportPage {
  rows: SubscriptionReportRow[];
  total: number;
  page: number;
  pageSize: number;
}

export const COUNT_FILTER = /^\s*(<=|>=|<|>|=)?\s*(\d+)\s*$/;

function columns(store: Store) {
  const { mpResources: r, mpSubscriptions: s, mpCompanies: c } = store.t;
  return {
    odinAccountId: s.odinAccountId,
    companyName: c.name,
    odinSubscriptionId: r.odinSubscriptionId,
    subscriptionName: s.name,
    odinResourceId: r.odinResourceId,
    resourceName: r.name,
    count: r.count,
    status: s.status,
  };
}

function base<T extends Record<string, unknown>>(store: Store, fields: T, tenantId: string, filters: ReportQuery['filters']) {
  const { mpResources: r, mpSubscriptions: s, mpCompanies: c } = store.t;
  const cols = columns(store);
  const where: SQL[] = [eq(r.tenantId, tenantId)];
  for (const [key, raw] of Object.entries(filters ?? {})) {
    const value = raw?.trim();
    if (!value || !(key in cols)) continue;
    if (key === 'count') {
      const m = COUNT_FILTER.exec(value);
      if (!m) continue;
      const op = m[1] ?? '=';
      where.push(sql`${cols.count} ${sql.raw(op)} ${Number(m[2])}`);
    } else {
      const pattern = `%${value.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      where.push(sql`LOWER(${cols[key as Exclude<ReportColumn, 'count'>]}) LIKE ${pattern} ESCAPE '\\'`);
    }
  }
  return store.db
    .select(fields as never)
    .from(r)
    .innerJoin(s, and(eq(s.tenantId, r.tenantId), eq(s.odinSubscriptionId, r.odinSubscriptionId)))
    .leftJoin(c, and(eq(c.tenantId, s.tenantId), eq(c.odinAccountId, s.odinAccountId)))
    .where(and(...where));
}

function orderOf(store: Store, sort: ReportQuery['sort']): SQL[] {
  const cols = columns(store);
  const dir = sort?.dir === 'desc' ? desc : asc;
  const first = sort ? [dir(cols[sort.column])] : [];
  // Tie-breakers make paging stable: the key of a row is (subscription, resource).
  return [...first, asc(cols.odinAccountId), asc(cols.odinSubscriptionId), asc(cols.odinResourceId)];
}

export async function listSubscriptionReport(store: Store, tenantId: string, q: ReportQuery = {}): Promise<ReportPage> {
  const pageSize = Math.min(Math.max(1, Math.floor(q.pageSize ?? 50)), 1000);
  const page = Math.max(1, Math.floor(q.page ?? 1));
  const rows = (await store.page(base(store, columns(store), tenantId, q.filters) as never, orderOf(store, q.sort), pageSize, (page - 1) * pageSize)) as SubscriptionReportRow[];
  const totals = (await base(store, { n: count() }, tenantId, q.filters)) as unknown as { n: number }[];
  return { rows, total: Number(totals[0]?.n ?? 0), page, pageSize };
}

/** Every matching row in order, a chunk at a time (for CSV export). */
export async function* eachSubscriptionReportRow(store: Store, tenantId: string, q: Omit<ReportQuery, 'page' | 'pageSize'> = {}, chunk = 1000): AsyncGenerator<SubscriptionReportRow[]> {
  for (let offset = 0; ; offset += chunk) {
    const rows = (await store.page(base(store, columns(store), tenantId, q.filters) as never, orderOf(store, q.sort), chunk, offset)) as SubscriptionReportRow[];
    if (rows.length) yield rows;
    if (rows.length < chunk) return;
  }
}
