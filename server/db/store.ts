/**
 * One repository code path for three stores: the embedded SQLite file (better-sqlite3), Cloudflare D1,
 * and SQL Server (mssql). Repositories write ordinary drizzle builder chains against `store.db` and
 * `store.t`; the few places where the SQL of the dialects differs go through the helpers below.
 *
 * Rules for repository code (kept by tests/unit/db/mssql-queries.test.ts, which runs every repository
 * against a recording SQL Server client):
 *  - await builders directly; never `.get()`, `.all()`, `.run()`, `.returning()`, `.limit()`,
 *    `.onConflictDo*()` (SQLite only) nor `.top()`/`.output()` (SQL Server only);
 *  - paging through `store.page`, upserts through `store.upsert`, "insert unless it exists" through
 *    `store.insertIfAbsent`, rows touched through `store.affected`, several writes that must land
 *    together through `store.atomic`.
 * The SQL Server tables have the same table and column names and the same JS value types as the SQLite
 * ones (schema-parity test), which is what makes the cast in `createMssqlStore` sound.
 */
import { and, eq, type SQL } from 'drizzle-orm';
import type { SQLiteAsyncDatabase, SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as sqliteSchema from './sqlite/index.js';

export type Dialect = 'sqlite' | 'd1' | 'mssql';
export type Tables = typeof sqliteSchema;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Db = SQLiteAsyncDatabase<'sync' | 'async', any>;

/** A query builder that has not run yet (drizzle builders are thenables). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type PendingQuery = PromiseLike<any> & { toSQL(): { sql: string; params: unknown[] } };

export interface Store {
  readonly dialect: Dialect;
  readonly db: Db;
  readonly t: Tables;
  /** Rows changed by an insert/update/delete result of this dialect. */
  affected(result: unknown): number;
  /** `query` ordered by `orderBy`, `limit` rows from `offset` (SQL Server needs ORDER BY for OFFSET). */
  page<T>(query: PageableQuery<T>, orderBy: (SQL | SQLiteColumn)[], limit: number, offset: number): Promise<T[]>;
  /** Insert, or update `set` on the row with the same key columns. */
  upsert(table: SQLiteTable, row: Record<string, unknown>, key: SQLiteColumn[], set: Record<string, unknown>): Promise<void>;
  /** Insert unless a row with the same key exists; true when inserted. */
  insertIfAbsent(table: SQLiteTable, row: Record<string, unknown>, key: SQLiteColumn[]): Promise<boolean>;
  /** Run the queries built by `build` so that all or none land. */
  atomic(build: (db: Db) => PendingQuery[]): Promise<void>;
  close(): Promise<void>;
}

export interface PageableQuery<T> extends PromiseLike<T[]> {
  orderBy(...columns: (SQL | SQLiteColumn)[]): PageableQuery<T>;
  limit?(n: number): PageableQuery<T>;
  offset(n: number): PageableQuery<T> & { fetch?(n: number): PromiseLike<T[]> };
}

export const tables: Tables = sqliteSchema;

/** `col1 = row.col1 AND col2 = row.col2 ...` for the key columns of a row. */
export function keyMatch(row: Record<string, unknown>, key: SQLiteColumn[], table: SQLiteTable): SQL {
  const fields = columnFields(table);
  const parts = key.map((col) => {
    const field = fields.get(col.name);
    if (!field) throw new Error(`column ${col.name} is not in the table`);
    return eq(col, row[field] as never);
  });
  return parts.length === 1 ? parts[0]! : and(...parts)!;
}

/** Map of SQL column name -> JS field name for a table. */
export function columnFields(table: SQLiteTable): Map<string, string> {
  const out = new Map<string, string>();
  for (const [field, col] of Object.entries(table as unknown as Record<string, unknown>)) {
    if (col && typeof col === 'object' && 'name' in col && 'columnType' in col) out.set((col as SQLiteColumn).name, field);
  }
  return out;
}

/** True for a unique/primary-key violation in any of the three dialects. */
export function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    const x = e as { code?: string; number?: number; message?: string };
    if (x.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || x.code === 'SQLITE_CONSTRAINT_UNIQUE') return true;
    if (x.number === 2627 || x.number === 2601) return true; // SQL Server PK / unique index
    if (typeof x.message === 'string' && /UNIQUE constraint failed|PRIMARY KEY constraint|duplicate key/i.test(x.message)) return true;
  }
  return false;
}
