/**
 * A recording stand-in for an mssql ConnectionPool: it captures every SQL text drizzle's node-mssql driver
 * sends, with its parameters, and answers empty results. Repository functions run against it exactly as
 * they would against SQL Server, so tests can check the SQL Server statements without a server.
 */
import { mssqlStoreOver } from '../../server/db/mssql-store.js';

export interface RecordedQuery {
  sql: string;
  params: unknown[];
}

export function createRecordingMssqlStore(answer: (sql: string) => unknown[] = () => [], opts: { rowsAffected?: number } = {}) {
  const queries: RecordedQuery[] = [];
  const request = () => {
    const params: unknown[] = [];
    return {
      arrayRowMode: false,
      input(_name: string, a: unknown, b?: unknown) {
        params.push(b === undefined ? a : b);
        return this;
      },
      async query(sql: string) {
        queries.push({ sql, params });
        return { recordset: answer(sql), rowsAffected: [opts.rowsAffected ?? 0] };
      },
    };
  };
  const client = {
    request,
    transaction: () => ({ begin: async () => {}, commit: async () => {}, rollback: async () => {}, request }),
  };
  return { store: mssqlStoreOver(client), queries };
}

/** Constructs that are SQLite's and not SQL Server's: a statement containing one would fail there. */
export const NOT_TSQL = [/\blimit\s+\?/i, /\blimit\s+\d/i, /\breturning\b/i, /\bon conflict\b/i, /`/, /"[a-z_]+"\./i, /\bifnull\(/i, /\bglob\b/i, /\bstrftime\(/i, /\bjulianday\(/i, /\|\|/, /\binsert or\b/i];

/**
 * An answer for every SELECT: one row whose columns (read from the statement's select list, in order, as
 * drizzle's array mode expects) take their value from `values` by column name, else `fallback`. Lets a
 * repository function get past "no such row" and send the statements of its whole path.
 */
export function rowsByColumn(values: Record<string, unknown>, fallback: unknown = null) {
  return (sql: string): unknown[] => {
    const list = /^select (?:top\s*\(@par\d+\)\s*)?(.*?) from /i.exec(sql)?.[1];
    if (!list) return [];
    const columns = list.split(/,\s*(?![^()]*\))/).map((c) => /\[([a-z_0-9]+)\]\s*$/i.exec(c.trim())?.[1] ?? '');
    return [columns.map((c) => (c in values ? values[c] : fallback))];
  };
}
