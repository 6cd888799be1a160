/**
 * The Adjustments log (posted rows) and the Failure log (rows not posted: failed, of unknown outcome, or
 * stuck while posting). Both read the adjustments table, which is the log (design/domain.md "Posting").
 * Names come from the snapshot and the relations when they still describe the same PSA object; an
 * object renamed or gone shows its id instead.
 */
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Tables } from '../db/store.js';
import type { ReportColumn } from '../domain/report-query.js';
import type { Expr, ReportDefinition, ReportScope } from './engine.js';
import { psaWords } from './links.js';

export const FAILURE_STATUSES = ['failed', 'unknown', 'posting'];

const ID_KEYS = ['id', 'odinAccountId', 'odinSubscriptionId', 'odinResourceId', 'psaKind', 'psaAccountId', 'psaContractId', 'psaServiceId', 'fromCount', 'toCount'] as const;

export function commonColumns(scope: ReportScope): ReportColumn[] {
  const w = psaWords(scope);
  return [
    { key: 'date', label: 'Date', type: 'date' },
    { key: 'companyName', label: 'ODIN company', type: 'text' },
    { key: 'subscriptionName', label: 'ODIN subscription', type: 'text' },
    { key: 'resourceName', label: 'ODIN resource', type: 'text' },
    { key: 'psaAccountName', label: w.account, type: 'text' },
    { key: 'psaContractName', label: w.contract, type: 'text' },
    { key: 'psaServiceName', label: w.service, type: 'text' },
    { key: 'unitChange', label: 'Unit change', type: 'number' },
    { key: 'effectiveDate', label: 'Effective date', type: 'date' },
    { key: 'estimatedAmount', label: 'Estimated prorated amount', type: 'money' },
  ];
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
    unitChange: a.unitChange, effectiveDate: a.effectiveDate, estimatedAmount: a.estimatedAmount,
    id: a.id, odinAccountId: a.odinAccountId, odinSubscriptionId: a.odinSubscriptionId, odinResourceId: a.odinResourceId,
    psaKind: a.psaKind, psaAccountId: a.psaAccountId, psaContractId: a.psaContractId, psaServiceId: a.psaServiceId,
    fromCount: a.fromCount, toCount: a.toCount,
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

export const adjustmentsReport: ReportDefinition = {
  name: 'adjustments',
  columns: (scope) => commonColumns(scope),
  fields: (t) => commonFields(t, sql`coalesce(${t.adjustments.postedAt}, ${t.adjustments.updatedAt})`),
  idKeys: ID_KEYS,
  dateKey: 'date',
  dateKind: 'instant',
  defaultSort: [{ key: 'date', desc: true }],
  from: fromLog,
  base: (t, scope) => logScope(t, scope, ['posted']),
  tiebreak: (t) => [t.adjustments.id],
};

export const failuresReport: ReportDefinition = {
  name: 'failures',
  columns: (scope) => [
    ...commonColumns(scope),
    { key: 'status', label: 'Status', type: 'text' },
    { key: 'lastError', label: 'Error message', type: 'text' },
    { key: 'attempts', label: 'Attempts', type: 'number' },
    { key: 'nextAttemptAt', label: 'Next retry', type: 'date' },
  ],
  fields: (t) => ({
    ...commonFields(t, sql`${t.adjustments.createdAt}`),
    status: t.adjustments.status, lastError: t.adjustments.lastError, attempts: t.adjustments.attempts, nextAttemptAt: t.adjustments.nextAttemptAt,
  }),
  idKeys: ID_KEYS,
  dateKey: 'date',
  dateKind: 'instant',
  defaultSort: [{ key: 'date', desc: true }],
  from: fromLog,
  base: (t, scope) => logScope(t, scope, FAILURE_STATUSES),
  tiebreak: (t) => [t.adjustments.id],
};
