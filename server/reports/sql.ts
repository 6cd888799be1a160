/** SQL helpers the reports and the mapping screen share; each renders the same on SQLite and SQL Server. */
import { sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { PageableQuery, Store } from '../db/store.js';
import { likeContains } from '../domain/report-query.js';

/** store.page with the row type of the query kept (drizzle's static builder types hide orderBy/offset). */
export function pageRows<Q extends PromiseLike<unknown[]>>(
  store: Store, query: Q, orderBy: (SQL | SQLiteColumn)[], limit: number, offset: number,
): Promise<Awaited<Q>> {
  return store.page(query as unknown as PageableQuery<unknown>, orderBy, limit, offset) as Promise<Awaited<Q>>;
}

/** `lower(expr) LIKE '%text%' ESCAPE '\'`: case-insensitive contains with the text taken literally. */
export function containsText(expr: unknown, text: string): SQL {
  return sql`lower(${expr}) like ${likeContains(text.toLowerCase())} escape '\\'`;
}

/** An expression as text, for "contains" on numbers and dates (VARCHAR(40) is valid in both dialects). */
export function asText(expr: unknown): SQL {
  return sql`cast(${expr} as varchar(40))`;
}
