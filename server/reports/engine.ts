/**
 * One engine for every report: a report is a definition (columns, the SQL expression of each column, the
 * joins, the base condition); the engine turns a parsed ReportQuery into WHERE / ORDER BY / paging in SQL,
 * so filtering, sorting and counting run in the database on SQLite and SQL Server alike.
 * The subscriptions report can move onto it by writing one more definition.
 */
import { and, asc, count, desc, inArray, or, sql, type SQL } from 'drizzle-orm';
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
  /**
   * The FROM alone, when `base` needs no joined table: counting an unfiltered report then reads one
   * table (its joins only name things, they never add or drop a row).
   */
  countFrom?(db: Db, t: Tables, selection: Record<string, Expr>, scope: ReportScope): JoinedQuery;
  /** Rows of this tenant that belong to the report. */
  base(t: Tables, scope: ReportScope): SQL;
  /**
   * "Contains" filters the report can answer from its own table, for columns whose value is looked up
   * through a join: same rows as filtering the joined value, but counting them needs no join.
   */
  joinFreeFilters?(t: Tables, scope: ReportScope): Partial<Record<string, (text: string) => SQL>>;
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
  const joinFree = def.joinFreeFilters?.(t, scope) ?? {};
  for (const f of q.filters) {
    const own = joinFree[f.key];
    if (own) {
      parts.push(own(f.text));
      continue;
    }
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

interface OrderKey { expr: SQL; desc: boolean }

/** The ORDER BY terms: the query's sort keys, then the definition's unique tiebreak (ascending). */
function orderKeysOf(def: ReportDefinition, t: Tables, scope: ReportScope, q: ReportQuery): OrderKey[] {
  const fields = def.fields(t, scope);
  const types = new Map(def.columns(scope).map((c) => [c.key, c.type]));
  const keys = q.sort.map((s) => {
    const expr = fields[s.key]!;
    // Text sorts case-insensitively everywhere (SQLite compares bytes, SQL Server by collation).
    return { expr: (types.get(s.key) ?? 'text') === 'text' ? sql`lower(${expr})` : sql`${expr}`, desc: s.desc };
  });
  return [...keys, ...def.tiebreak(t).map((e) => ({ expr: sql`${e}`, desc: false }))];
}

function orderOf(def: ReportDefinition, t: Tables, scope: ReportScope, q: ReportQuery): SQL[] {
  return orderKeysOf(def, t, scope, q).map((k) => (k.desc ? desc(k.expr) : asc(k.expr)));
}

/**
 * Rows strictly after `last` in the order of `keys` (keyset paging). NULL sorts first ascending on both
 * SQLite and SQL Server, so a NULL key is handled with IS NULL rather than a comparison.
 */
function after(keys: OrderKey[], last: unknown[]): SQL {
  const same = (k: OrderKey, v: unknown) => (v === null ? sql`${k.expr} is null` : sql`${k.expr} = ${v}`);
  const beyond = (k: OrderKey, v: unknown) => {
    if (k.desc) return v === null ? sql`1 = 0` : sql`(${k.expr} < ${v} or ${k.expr} is null)`;
    return v === null ? sql`${k.expr} is not null` : sql`${k.expr} > ${v}`;
  };
  const branches = keys.map((k, i) => and(...keys.slice(0, i).map((p, j) => same(p, last[j])), beyond(k, last[i]))!);
  return or(...branches)!;
}

function selectionOf(def: ReportDefinition, t: Tables, scope: ReportScope): Record<string, Expr> {
  const fields = def.fields(t, scope);
  const keys = new Set([...def.columns(scope).map((c) => c.key), ...def.idKeys]);
  return Object.fromEntries([...keys].map((k) => [k, fields[k]!]));
}

export async function countReport(store: Store, def: ReportDefinition, scope: ReportScope, q: ReportQuery): Promise<number> {
  const { db, t } = store;
  const joinFree = def.joinFreeFilters?.(t, scope) ?? {};
  const bare = def.countFrom && q.filters.every((f) => joinFree[f.key]);
  const from = bare ? def.countFrom!(db, t, { n: count() }, scope) : def.from(db, t, scope, { n: count() });
  const [row] = await from.where(whereOf(def, t, scope, q));
  return Number(row?.n ?? 0);
}

export async function runReport(store: Store, def: ReportDefinition, scope: ReportScope, q: ReportQuery): Promise<ReportPage> {
  const total = await countReport(store, def, scope, q);
  const rows = total > (q.page - 1) * q.pageSize ? await pageOf(store, def, scope, q) : [];
  return { columns: def.columns(scope), rows: rows.map(normaliseRow), total, page: q.page, pageSize: q.pageSize };
}

/**
 * One page of rows. With a one-column tiebreak the page is found first by that key alone, selecting
 * nothing else, so the database joins only what the filters and sort name (SQLite and SQL Server drop
 * unused outer joins to unique keys) instead of building whole rows for every match it sorts; then
 * the page's rows are read whole by key. Tiebreaks are unique keys (see ReportDefinition.tiebreak).
 */
async function pageOf(store: Store, def: ReportDefinition, scope: ReportScope, q: ReportQuery): Promise<Row[]> {
  const { db, t } = store;
  const order = orderOf(def, t, scope, q);
  const where = whereOf(def, t, scope, q);
  const offset = (q.page - 1) * q.pageSize;
  const tiebreak = def.tiebreak(t);
  if (tiebreak.length !== 1) return pageRows(store, def.from(db, t, scope, selectionOf(def, t, scope)).where(where), order, q.pageSize, offset);
  const key = tiebreak[0]!;
  const keys = (await pageRows(store, def.from(db, t, scope, { key }).where(where), order, q.pageSize, offset)).map((r) => r.key);
  if (!keys.length) return [];
  // By key alone: the keys are unique and came from this tenant's filtered rows just now (with the base
  // condition too, SQLite would walk the tenant's index rather than look the page's keys up).
  const rows = await def.from(db, t, scope, { ...selectionOf(def, t, scope), __key: key }).where(inArray(key as SQL, keys));
  const byKey = new Map(rows.map((r) => [r.__key, r]));
  return keys.flatMap((k) => {
    const row = byKey.get(k);
    if (!row) return [];
    delete row.__key;
    return [row];
  });
}

/**
 * Rows after `last` that an index on the leading sort key can seek to: the leading key bounded (>= when
 * ascending, <= when descending) besides `after`, so each chunk starts where the previous one ended rather
 * than re-reading the rows before it. A descending key puts NULLs last, after every bounded row, so those
 * are read by `nullTail` once the bounded rows run out.
 */
function seekable(keys: OrderKey[], last: unknown[]): { bounded: SQL; nullTail: SQL | null } {
  const [k, v] = [keys[0]!, last[0]];
  if (v === null) return { bounded: after(keys, last), nullTail: null };
  const bound = k.desc ? sql`${k.expr} <= ${v}` : sql`${k.expr} >= ${v}`;
  return { bounded: and(bound, after(keys, last))!, nullTail: k.desc ? sql`${k.expr} is null` : null };
}

/**
 * Every filtered row in the sorted order, a chunk at a time (for CSV export: bounded memory). Each chunk
 * starts after the previous chunk's last sort keys (keyset paging), so no chunk re-reads and skips the
 * rows before it as OFFSET would: the export costs one pass over the rows, not one per chunk.
 */
export async function* allReportRows(store: Store, def: ReportDefinition, scope: ReportScope, q: ReportQuery, chunk = 5000): AsyncGenerator<Row[]> {
  const { db, t } = store;
  const keys = orderKeysOf(def, t, scope, q);
  const order = orderOf(def, t, scope, q);
  const selection = selectionOf(def, t, scope);
  const names = Object.keys(selection);
  const keyNames = keys.map((_, i) => `__key${i}`);
  keys.forEach((k, i) => { selection[keyNames[i]!] = k.expr; });
  const where = whereOf(def, t, scope, q);
  const read = (condition: SQL | undefined, limit: number) => pageRows(store, def.from(db, t, scope, selection).where(condition), order, limit, 0);
  let last: unknown[] | null = null;
  for (;;) {
    let rows: Row[];
    if (!last) rows = await read(where, chunk);
    else {
      const { bounded, nullTail } = seekable(keys, last);
      rows = await read(and(where, bounded), chunk);
      if (nullTail && rows.length < chunk) rows = rows.concat(await read(and(where, nullTail), chunk - rows.length));
    }
    if (!rows.length) return;
    const end = rows[rows.length - 1]!;
    last = keyNames.map((n) => end[n] ?? null);
    // Each row built afresh with the selection's keys (not the keys deleted from the driver's row), so
    // every row of an export has one shape: a few hundred thousand rows stay cheap to make and collect.
    yield rows.map((r) => {
      const out: Row = {};
      for (const n of names) out[n] = r[n] ?? null;
      return out;
    });
    if (rows.length < chunk) return;
  }
}

/** Missing values are null (not undefined) so JSON rows always have every key. */
function normaliseRow(row: Row): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) out[k] = v === undefined ? null : v;
  return out;
}
