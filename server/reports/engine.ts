/**
 * One engine for every report: a report is a definition (columns, the SQL expression of each column, the
 * joins, the base condition); the engine turns a parsed ReportQuery into WHERE / ORDER BY / paging in SQL,
 * so filtering, sorting and counting run in the database on SQLite and SQL Server alike.
 * The subscriptions report can move onto it by writing one more definition.
 */
import { and, asc, count, desc, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db, Store, Tables } from '../db/store.js';
import {
  nextDay, startOfDayUtc, type ReportColumn, type ReportContext, type ReportQuery, type ReportShape, type SortKey,
} from '../domain/report-query.js';
import { asText, containsText, pageRows } from './sql.js';

export type Expr = SQL | SQLiteColumn;
export type Row = Record<string, unknown>;

/** Who the report is for: the tenant, the PSA it looks at (context, else the tenant's), its time zone. */
export interface ReportScope {
  tenantId: string;
  psaKind: ReportContext;
  /** Set only when the query named a context explicitly. */
  context: ReportContext | null;
  timeZone: string;
}

/** A query builder after FROM/JOIN, before WHERE. */
export interface JoinedQuery {
  where(condition: SQL | undefined): PromiseLike<Row[]>;
}

export interface ReportDefinition {
  name: string;
  columns(scope: ReportScope): ReportColumn[];
  /** SQL of every column key and every id key. */
  fields(t: Tables, scope: ReportScope): Record<string, Expr>;
  idKeys: readonly string[];
  dateKey: string | null;
  /** 'instant': ISO timestamps compared against the tenant's day bounds; 'day': YYYY-MM-DD values. */
  dateKind?: 'instant' | 'day';
  defaultSort: readonly SortKey[];
  /** FROM and JOINs for a selection. */
  from(db: Db, t: Tables, scope: ReportScope, selection: Record<string, Expr>): JoinedQuery;
  /** Rows of this tenant that belong to the report. */
  base(t: Tables, scope: ReportScope): SQL;
  /** Unique, stable last sort keys (SQL Server needs a total order to page reliably). */
  tiebreak(t: Tables): Expr[];
}

export interface ReportPage {
  columns: ReportColumn[];
  rows: Row[];
  total: number;
  page: number;
  pageSize: number;
}

export function shapeOf(def: ReportDefinition, scope: ReportScope): ReportShape {
  return { columns: def.columns(scope), idKeys: def.idKeys, dateKey: def.dateKey, defaultSort: def.defaultSort };
}

function whereOf(def: ReportDefinition, t: Tables, scope: ReportScope, q: ReportQuery): SQL | undefined {
  const fields = def.fields(t, scope);
  const types = new Map(def.columns(scope).map((c) => [c.key, c.type]));
  const parts: (SQL | undefined)[] = [def.base(t, scope)];
  for (const f of q.filters) {
    const type = types.get(f.key) ?? 'text';
    const expr = fields[f.key]!;
    parts.push(containsText(type === 'number' || type === 'money' ? asText(expr) : expr, f.text));
  }
  if (def.dateKey && (q.from || q.to)) {
    const expr = fields[def.dateKey]!;
    const instant = (def.dateKind ?? 'instant') === 'instant';
    if (q.from) parts.push(sql`${expr} >= ${instant ? startOfDayUtc(q.from, scope.timeZone) : q.from}`);
    if (q.to) parts.push(instant ? sql`${expr} < ${startOfDayUtc(nextDay(q.to), scope.timeZone)}` : sql`${expr} <= ${q.to}`);
  }
  return and(...parts);
}

function orderOf(def: ReportDefinition, t: Tables, scope: ReportScope, q: ReportQuery): SQL[] {
  const fields = def.fields(t, scope);
  const types = new Map(def.columns(scope).map((c) => [c.key, c.type]));
  const keys = q.sort.map((s) => {
    const expr = fields[s.key]!;
    // Text sorts case-insensitively everywhere (SQLite compares bytes, SQL Server by collation).
    const e = (types.get(s.key) ?? 'text') === 'text' ? sql`lower(${expr})` : sql`${expr}`;
    return s.desc ? desc(e) : asc(e);
  });
  return [...keys, ...def.tiebreak(t).map((e) => asc(e))];
}

function selectionOf(def: ReportDefinition, t: Tables, scope: ReportScope): Record<string, Expr> {
  const fields = def.fields(t, scope);
  const keys = new Set([...def.columns(scope).map((c) => c.key), ...def.idKeys]);
  return Object.fromEntries([...keys].map((k) => [k, fields[k]!]));
}

export async function countReport(store: Store, def: ReportDefinition, scope: ReportScope, q: ReportQuery): Promise<number> {
  const { db, t } = store;
  const [row] = await def.from(db, t, scope, { n: count() }).where(whereOf(def, t, scope, q));
  return Number(row?.n ?? 0);
}

export async function runReport(store: Store, def: ReportDefinition, scope: ReportScope, q: ReportQuery): Promise<ReportPage> {
  const { db, t } = store;
  const total = await countReport(store, def, scope, q);
  const query = def.from(db, t, scope, selectionOf(def, t, scope)).where(whereOf(def, t, scope, q));
  const rows = total > (q.page - 1) * q.pageSize
    ? await pageRows(store, query, orderOf(def, t, scope, q), q.pageSize, (q.page - 1) * q.pageSize)
    : [];
  return { columns: def.columns(scope), rows: rows.map(normaliseRow), total, page: q.page, pageSize: q.pageSize };
}

/** Every filtered row in the sorted order, a chunk at a time (for CSV export: no paging, bounded memory). */
export async function* allReportRows(store: Store, def: ReportDefinition, scope: ReportScope, q: ReportQuery, chunk = 5000): AsyncGenerator<Row[]> {
  const { db, t } = store;
  const order = orderOf(def, t, scope, q);
  for (let offset = 0; ; offset += chunk) {
    const query = def.from(db, t, scope, selectionOf(def, t, scope)).where(whereOf(def, t, scope, q));
    const rows = await pageRows(store, query, order, chunk, offset);
    if (rows.length) yield rows.map(normaliseRow);
    if (rows.length < chunk) return;
  }
}

/** Missing values are null (not undefined) so JSON rows always have every key. */
function normaliseRow(row: Row): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) out[k] = v === undefined ? null : v;
  return out;
}
