/**
 * The Adjustments log (posted rows) and the Failure log (rows not posted: failed, of unknown outcome, or
 * stuck while posting; failure-log.ts adds whole syncs that could not run). Both read the adjustments table, which is the log (design/domain.md "Posting").
 * Names come from the snapshot and the relations when they still describe the same PSA object; an
 * object renamed or gone shows its id instead.
 */
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Tables } from '../db/store.js';
import type { ReportColumn } from '../domain/report-query.js';
import type { Expr, ReportDefinition, ReportScope } from './engine.js';
import { col } from '../domain/columns.js';
import { containsText } from './sql.js';

export const FAILURE_STATUSES = ['failed', 'unknown', 'posting'];

export const ID_KEYS = ['id', 'odinAccountId', 'odinSubscriptionId', 'odinResourceId', 'psaKind', 'psaAccountId', 'psaContractId', 'psaServiceId', 'dateRule', 'lastErrorKind'] as const;

/**
 * What a billing manager reads first (who, what, from -> to, when and why, how much), then the details
 * (the PSA side's names and the ids) the screens hide until asked. Same words in both logs.
 */
export function leadColumns(): ReportColumn[] {
  return [
    col('companyName', 'text'), col('resourceName', 'text'), col('fromCount', 'number'), col('toCount', 'number'),
    col('unitChange', 'number'), col('effectiveDate', 'date'), { key: 'dateReason', label: 'Why this date', type: 'text' },
    col('estimatedAmount', 'money'), col('status', 'text'),
  ];
}

export function detailColumns(scope: ReportScope): ReportColumn[] {
  const d = (key: string): ReportColumn => col(key, 'text', { detail: true, kind: scope.psaKind });
  return [
    // The estimate under the 30/360 day count beside "Estimated amount" (actual days): detail, and in the CSV.
    col('estimatedAmount360', 'money', { detail: true }),
    ...['subscriptionName', 'psaAccountName', 'psaContractName', 'psaServiceName', 'id', 'odinAccountId', 'odinSubscriptionId', 'odinResourceId',
      'psaAccountId', 'psaContractId', 'psaServiceId'].map(d),
  ];
}

/** Why the row has its date, in words (domain/dating.ts records the rule when the row is planned). */
function dateReasonOf(t: Tables): SQL {
  const a = t.adjustments;
  return sql`case
    when ${a.status} in ('unknown', 'posting') or ${a.lastErrorKind} = 'ambiguous' then 'Held: the PSA may have saved it, checked before any retry'
    when ${a.lastErrorKind} = 'posted_period' then 'Inside a period Autotask already approved and posted: the prorated difference bills on the next invoice, check it'
    when ${a.dateRule} = 'moved' then 'Moved to the next free day (Autotask takes one adjustment per service per day)'
    when ${a.dateRule} = 'next_period' then 'Decrease: at the next period start'
    when ${a.dateRule} = 'today' and ${a.unitChange} > 0 then 'Increase: from the day it was seen'
    when ${a.dateRule} = 'today' then 'Decrease: at once (the relation says immediate)'
    when ${a.unitChange} > 0 then 'Increase'
    else 'Decrease' end`;
}

export function commonFields(t: Tables, date: SQL): Record<string, Expr> {
  const { adjustments: a, mpCompanies: c, mpSubscriptions: s, mpResources: r, companyLinks: cl, subscriptionLinks: sl, resourceLinks: rl } = t;
  return {
    date,
    companyName: sql`coalesce(${c.name}, ${a.odinAccountId})`,
    subscriptionName: sql`coalesce(${s.name}, ${a.odinSubscriptionId})`,
    resourceName: sql`coalesce(${r.name}, ${a.odinResourceId})`,
    psaAccountName: sql`coalesce(case when ${cl.psaAccountId} = ${a.psaAccountId} then ${cl.psaAccountName} end, ${a.psaAccountId})`,
    psaContractName: sql`coalesce(case when ${sl.psaContractId} = ${a.psaContractId} then ${sl.psaContractName} end, ${a.psaContractId})`,
    psaServiceName: sql`coalesce(case when ${rl.psaServiceId} = ${a.psaServiceId} then ${rl.psaServiceName} end, ${a.psaServiceId})`,
    unitChange: a.unitChange, effectiveDate: a.effectiveDate, estimatedAmount: a.estimatedAmount, estimatedAmount360: a.estimatedAmount360,
    id: a.id, odinAccountId: a.odinAccountId, odinSubscriptionId: a.odinSubscriptionId, odinResourceId: a.odinResourceId,
    psaKind: a.psaKind, psaAccountId: a.psaAccountId, psaContractId: a.psaContractId, psaServiceId: a.psaServiceId,
    fromCount: a.fromCount, toCount: a.toCount, status: a.status, dateRule: a.dateRule, lastErrorKind: a.lastErrorKind,
    dateReason: dateReasonOf(t),
  };
}

export const fromLog: ReportDefinition['from'] = (db, t, _scope, selection) => {
  const { adjustments: a, mpCompanies: c, mpSubscriptions: s, mpResources: r, companyLinks: cl, subscriptionLinks: sl, resourceLinks: rl } = t;
  return db.select(selection as never).from(a)
    .leftJoin(c, and(eq(c.tenantId, a.tenantId), eq(c.odinAccountId, a.odinAccountId)))
    .leftJoin(s, and(eq(s.tenantId, a.tenantId), eq(s.odinSubscriptionId, a.odinSubscriptionId)))
    .leftJoin(r, and(eq(r.tenantId, a.tenantId), eq(r.odinSubscriptionId, a.odinSubscriptionId), eq(r.odinResourceId, a.odinResourceId)))
    .leftJoin(cl, and(eq(cl.tenantId, a.tenantId), eq(cl.odinAccountId, a.odinAccountId)))
    .leftJoin(sl, and(eq(sl.tenantId, a.tenantId), eq(sl.odinSubscriptionId, a.odinSubscriptionId)))
    .leftJoin(rl, and(eq(rl.tenantId, a.tenantId), eq(rl.odinSubscriptionId, a.odinSubscriptionId), eq(rl.odinResourceId, a.odinResourceId))) as never;
};

/** Rows of the tenant, of one PSA when the query named a context. */
const logScope = (t: Tables, scope: ReportScope, statuses: string[]) => and(
  eq(t.adjustments.tenantId, scope.tenantId),
  statuses.length === 1 ? eq(t.adjustments.status, statuses[0]!) : inArray(t.adjustments.status, statuses),
  scope.context ? eq(t.adjustments.psaKind, scope.context) : undefined,
)!;

/**
 * "Customer contains x" and "Subscription contains x" answered from the log's own ids: the ids whose
 * snapshot name contains x, or, for an id the snapshot no longer has, the id itself (what the column then
 * shows). Both sub-selects run once per query, so counting 100,000 filtered rows reads one index of the
 * log instead of joining every row to the snapshot.
 */
function joinFreeFilters(t: Tables, scope: ReportScope): Partial<Record<string, (text: string) => SQL>> {
  const { adjustments: a, mpCompanies: c, mpSubscriptions: s } = t;
  const named = (own: Expr, table: Tables['mpCompanies'] | Tables['mpSubscriptions'], id: Expr, name: Expr) => (text: string) => sql`(${own} in (
      select ${id} from ${table} where ${table.tenantId} = ${scope.tenantId} and ${containsText(name, text)})
    or (${containsText(own, text)} and ${own} not in (select ${id} from ${table} where ${table.tenantId} = ${scope.tenantId})))`;
  return {
    companyName: named(a.odinAccountId, c, c.odinAccountId, c.name),
    subscriptionName: named(a.odinSubscriptionId, s, s.odinSubscriptionId, s.name),
  };
}

export const adjustmentsReport: ReportDefinition = {
  name: 'adjustments',
  columns: (scope) => [...leadColumns(), { key: 'date', label: 'Posted', type: 'date' }, ...detailColumns(scope)],
  fields: (t) => commonFields(t, sql`coalesce(${t.adjustments.postedAt}, ${t.adjustments.updatedAt})`),
  idKeys: ID_KEYS,
  dateKey: 'date',
  dateKind: 'instant',
  defaultSort: [{ key: 'date', desc: true }],
  from: fromLog,
  countFrom: (db, t, selection) => db.select(selection as never).from(t.adjustments) as never,
  base: (t, scope) => logScope(t, scope, ['posted']),
  joinFreeFilters,
  tiebreak: (t) => [t.adjustments.id],
};

/** The error kind (server/connector-error.ts) in plain words: what went wrong, not a code. */
export const ERROR_CAUSES: Record<string, string> = {
  auth: 'The PSA refused the sign-in: check the credentials in Configuration',
  permission: 'The PSA user lacks a right: give it the permission in the PSA',
  not_found: 'The contract or service is gone in the PSA: fix the relation',
  rule: 'The PSA refused it on a business rule: read its message',
  config: 'A setting makes the post impossible: see Configuration',
  throttled: 'The PSA asked us to slow down: retried automatically',
  network: 'The PSA could not be reached: retried automatically',
  timeout: 'The PSA did not answer in time: checked before any retry',
  server: 'The PSA had an internal error: retried automatically',
  malformed: 'The PSA answered something unreadable: retried automatically',
  ambiguous: 'The PSA may have saved it: checked before any retry',
};

export function errorCauseOf(t: Tables): SQL {
  const k = t.adjustments.lastErrorKind;
  const whens = Object.entries(ERROR_CAUSES).map(([kind, text]) => sql`when ${kind} then ${text}`);
  return sql`case ${k} ${sql.join(whens, sql` `)} else ${k} end`;
}
