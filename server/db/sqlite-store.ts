/** Store over the SQLite dialect: the embedded better-sqlite3 file and Cloudflare D1. */
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { isUniqueViolation, tables, type Db, type PendingQuery, type Store } from './store.js';

export interface SqliteStoreOptions {
  dialect: 'sqlite' | 'd1';
  db: Db;
  /** Runs the queries all-or-nothing: a native transaction (better-sqlite3) or `db.batch` (D1). */
  runAtomic(queries: PendingQuery[]): Promise<void>;
  close?(): Promise<void>;
}

export function createSqliteStore(opts: SqliteStoreOptions): Store {
  const { db } = opts;
  const store: Store = {
    dialect: opts.dialect,
    db,
    t: tables,
    affected(result) {
      const r = result as { changes?: number; meta?: { changes?: number }; rowsAffected?: number };
      return r?.changes ?? r?.meta?.changes ?? r?.rowsAffected ?? 0;
    },
    async page(query, orderBy, limit, offset) {
      const q = query.orderBy(...orderBy);
      return await q.limit!(limit).offset(offset);
    },
    async upsert(table, row, key, set) {
      // onConflictDoUpdate is SQLite's upsert; the SQL Server store uses update-then-insert.
      await (db.insert(table).values(row as never) as unknown as {
        onConflictDoUpdate(c: { target: SQLiteColumn[]; set: Record<string, unknown> }): PromiseLike<unknown>;
      }).onConflictDoUpdate({ target: key, set });
    },
    async insertIfAbsent(table: SQLiteTable, row, key) {
      try {
        const res = await (db.insert(table).values(row as never) as unknown as {
          onConflictDoNothing(c: { target: SQLiteColumn[] }): PromiseLike<unknown>;
        }).onConflictDoNothing({ target: key });
        return store.affected(res) > 0;
      } catch (err) {
        if (isUniqueViolation(err)) return false;
        throw err;
      }
    },
    async atomic(build) {
      const queries = build(db);
      if (queries.length === 0) return;
      await opts.runAtomic(queries);
    },
    async close() {
      await opts.close?.();
    },
  };
  return store;
}
