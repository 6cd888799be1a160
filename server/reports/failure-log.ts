/**
 * The Failure log: adjustments not posted (failed, of unknown outcome, stuck while posting) and, above them,
 * a tenant's sync that could not run at all (a cycle that failed as a whole, or queued work the Workers
 * queue gave up on: server/sync/dead-letter.ts). Both kinds are one result set (UNION ALL in a subquery),
 * so the report engine filters, sorts, pages and exports them together on SQLite and SQL Server alike.
 * A sync row clears once a later cycle of the tenant finishes: the log lists what still needs attention,
 * and GET /api/sync keeps the history of runs (docs/api.md "Reports").
 */
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db, Tables } from '../db/store.js';
import type { ReportColumn } from '../domain/report-query.js';
import { col } from '../domain/columns.js';
import type { Expr, ReportDefinition, ReportScope } from './engine.js';
import { commonFields, detailColumns, errorCauseOf, FAILURE_STATUSES, fromLog, ID_KEYS, leadColumns } from './log.js';

/** The status of a row that stands for a whole sync, not one adjustment (no Retry now: the next cycle retries). */
export const SYNC_FAILED = 'sync_failed';

const ALIAS = 'failure_log';
const ref = (key: string): SQL => sql`${sql.identifier(ALIAS)}.${sql.identifier(key)}`;

function columnsOf(scope: ReportScope): ReportColumn[] {
  return [
    ...leadColumns(),
    { key: 'date', label: 'Since', type: 'date' },
    // Shown in words under each row (with Retry now); as columns they are details.
    col('attempts', 'number', { detail: true }), col('nextAttemptAt', 'date', { detail: true }),
    col('lastError', 'text', { detail: true }), col('errorCause', 'text', { detail: true }),
    ...detailColumns(scope),
  ];
}

/** Every key of the union, in one order (both halves must select the same columns in the same order). */
function keysOf(scope: ReportScope): string[] {
  return [...new Set([...columnsOf(scope).map((c) => c.key), ...ID_KEYS])];
}

function adjustmentFields(t: Tables): Record<string, Expr> {
  return {
    ...commonFields(t, sql`${t.adjustments.createdAt}`),
    lastError: t.adjustments.lastError, attempts: t.adjustments.attempts, nextAttemptAt: t.adjustments.nextAttemptAt,
    errorCause: errorCauseOf(t),
  };
}

/** A failed run shows while it is the tenant's latest finished run; a later run that finished clears it. */
function syncFields(t: Tables): Record<string, Expr> {
  const r = t.syncRuns;
  const deadLetter = sql`${r.trigger} = 'dead_letter'`;
  // Words as parameters: SQL Server reads a plain literal as VARCHAR and would lose the typographic apostrophe.
  const words = (text: string) => sql`${text}`;
  return {
    date: sql`coalesce(${r.finishedAt}, ${r.startedAt})`,
    companyName: words('All customers'),
    resourceName: sql`case when ${deadLetter} then ${'Queued sync (given up)'} else ${'Sync cycle'} end`,
    status: words(SYNC_FAILED),
    lastError: r.error,
    errorCause: sql`case when ${deadLetter}
      then ${'The queue gave up on this tenant’s sync; the next scheduled sync tries again'}
      else ${'The sync cycle failed as a whole; the next scheduled sync tries again'} end`,
    id: r.id,
  };
}

/** Each key as a named column of the union (a half without a value for it selects NULL). */
function aliased(keys: string[], fields: Record<string, Expr>): Record<string, Expr> {
  return Object.fromEntries(keys.map((k) => [k, sql`${fields[k] ?? sql`null`}`.as(k)])) as never;
}

/** The query builders' set operations, which the engine's narrow JoinedQuery type does not name. */
interface UnionHalf {
  where(c: SQL | undefined): { unionAll(q: unknown): { as(alias: string): unknown } };
}

/**
 * The union of failed adjustments and failed syncs. `keys` narrows what each half selects: counting needs
 * only the date and the id, and then the adjustments half reads the log alone, without the joins that name
 * things (they never add or drop a row).
 */
function unionOf(db: Db, t: Tables, scope: ReportScope, selection: Record<string, Expr>, keys = keysOf(scope)) {
  const a = t.adjustments;
  const r = t.syncRuns;
  const named = keys.length === keysOf(scope).length;
  const half = aliased(keys, adjustmentFields(t));
  const adjustments = ((named ? fromLog(db, t, scope, half) : db.select(half as never).from(a)) as unknown as UnionHalf).where(and(
    eq(a.tenantId, scope.tenantId),
    inArray(a.status, FAILURE_STATUSES),
    scope.context ? eq(a.psaKind, scope.context) : undefined,
  ));
  const runs = db.select(aliased(keys, syncFields(t)) as never).from(r).where(and(
    eq(r.tenantId, scope.tenantId),
    eq(r.status, 'failed'),
    sql`not exists (select 1 from ${r} later where later.tenant_id = ${r.tenantId} and later.started_at > ${r.startedAt}
      and later.status in ('ok', 'partial', 'failed'))`,
  ));
  return db.select(selection as never).from(adjustments.unionAll(runs).as(ALIAS) as never) as never;
}

export const failuresReport: ReportDefinition = {
  name: 'failures',
  columns: columnsOf,
  fields: (_t, scope) => Object.fromEntries(keysOf(scope).map((k) => [k, ref(k)])),
  idKeys: ID_KEYS,
  dateKey: 'date',
  dateKind: 'instant',
  defaultSort: [{ key: 'date', desc: true }],
  from: (db, t, scope, selection) => unionOf(db, t, scope, selection),
  countFrom: (db, t, selection, scope) => unionOf(db, t, scope, selection, ['date', 'id']),
  // The tenant (and the PSA named by the query) is chosen inside each half of the union.
  base: () => sql`1 = 1`,
  tiebreak: () => [ref('id')],
};
