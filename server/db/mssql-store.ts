/**
 * Store over SQL Server. The mssql drizzle database is used through the SQLite-typed facade of
 * `Store.db`: the builder methods repositories may use (select/insert/update/delete/where/orderBy/
 * offset/innerJoin/leftJoin/groupBy) exist with the same meaning in mssql-core, and the schema-parity
 * test keeps table and column names and value types equal.
 */
import { getTableName } from 'drizzle-orm';
import { drizzle, type NodeMsSqlClient } from 'drizzle-orm/node-mssql';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as mssqlSchema from './mssql/index.js';
import { isUniqueViolation, keyMatch, tables, type Db, type PendingQuery, type Store } from './store.js';

export interface MssqlStoreOptions {
  /** A drizzle node-mssql database built over the mssql tables (server/db/mssql). */
  db: unknown;
  /** Map a SQLite table object to its SQL Server twin (same name). */
  tableFor(table: SQLiteTable): unknown;
  /** Run `fn` inside a transaction; fn receives a drizzle transaction. */
  transaction(fn: (tx: unknown) => Promise<void>): Promise<void>;
  close?(): Promise<void>;
}

export function createMssqlStore(opts: MssqlStoreOptions): Store {
  const db = opts.db as Db;
  const mssqlTables = new Proxy(tables, {
    get(target, prop) {
      const value = (target as Record<string | symbol, unknown>)[prop];
      return value && typeof value === 'object' ? opts.tableFor(value as SQLiteTable) : value;
    },
  }) as typeof tables;

  const store: Store = {
    dialect: 'mssql',
    db,
    t: mssqlTables,
    affected(result) {
      const r = result as { rowsAffected?: number[] | number };
      if (Array.isArray(r?.rowsAffected)) return r.rowsAffected.reduce((a, b) => a + b, 0);
      return typeof r?.rowsAffected === 'number' ? r.rowsAffected : 0;
    },
    async page(query, orderBy, limit, offset) {
      const q = query.orderBy(...orderBy).offset(offset);
      return await q.fetch!(limit);
    },
    async upsert(table, row, key, set) {
      const where = keyMatch(row, key, table);
      const res = await db.update(table).set(set as never).where(where);
      if (store.affected(res) > 0) return;
      try {
        await db.insert(table).values(row as never);
      } catch (err) {
        // Lost a race with another writer: the row exists now, so the update applies.
        if (!isUniqueViolation(err)) throw err;
        await db.update(table).set(set as never).where(where);
      }
    },
    async insertIfAbsent(table, row, _key) {
      try {
        await db.insert(table).values(row as never);
        return true;
      } catch (err) {
        if (isUniqueViolation(err)) return false;
        throw err;
      }
    },
    async atomic(build) {
      await opts.transaction(async (tx) => {
        for (const q of build(tx as Db) as PendingQuery[]) await q;
      });
    },
    async close() {
      await opts.close?.();
    },
  };
  return store;
}

/** A store over an mssql client (a connected ConnectionPool, or a recording client in tests). */
export function mssqlStoreOver(client: unknown, close?: () => Promise<void>): Store {
  const db = drizzle({ client: client as NodeMsSqlClient });
  const byName = new Map<string, unknown>();
  for (const t of Object.values(mssqlSchema)) if (t && typeof t === 'object') byName.set(getTableName(t as never), t);
  return createMssqlStore({
    db,
    tableFor: (t: SQLiteTable) => byName.get(getTableName(t)),
    transaction: (fn) => db.transaction(async (tx) => fn(tx)),
    close,
  });
}
