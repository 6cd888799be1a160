/**
 * The review queue as a report (GET /api/review): every held adjustment with company, subscription,
 * resource, contract, PSA units, new units, change, effective date and why, estimated amount and the
 * monthly run-rate change; `heldUntil` for an annual-term decrease waiting for its renewal. Filter,
 * sort, page and CSV come from the shared report engine.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { ReportDefinition } from '../reports/engine.js';
import { commonFields, detailColumns, fromLog, leadColumns } from '../reports/log.js';
import { col } from '../domain/columns.js';

export const reviewQueueReport: ReportDefinition = {
  name: 'review',
  columns: (scope) => [
    // The column vocabulary's names (domain/columns.ts), as in the logs.
    ...leadColumns().filter((c) => c.key === 'companyName' || c.key === 'resourceName'),
    col('subscriptionName', 'text'), col('psaContractName', 'text', { kind: scope.psaKind }),
    col('fromCount', 'number'), col('toCount', 'number'), col('unitChange', 'number'), col('effectiveDate', 'date'),
    { key: 'why', label: 'Why held', type: 'text' },
    col('heldUntil', 'date'), col('estimatedAmount', 'money'), col('monthlyChange', 'money'),
    ...detailColumns(scope).filter((c) => c.key !== 'subscriptionName' && c.key !== 'psaContractName'),
  ],
  fields: (t) => {
    const a = t.adjustments;
    return {
      ...commonFields(t, sql`${a.createdAt}`),
      why: a.holdReason,
      heldUntil: a.heldUntil,
      monthlyChange: sql`round(${a.unitChange} * ${a.unitPrice}, 2)`,
      createdAt: a.createdAt,
    };
  },
  idKeys: ['id', 'odinAccountId', 'odinSubscriptionId', 'odinResourceId', 'psaKind', 'psaAccountId', 'psaContractId', 'psaServiceId', 'createdAt'],
  dateKey: 'effectiveDate',
  dateKind: 'day',
  defaultSort: [{ key: 'createdAt', desc: false }],
  from: fromLog,
  base: (t, scope) => and(eq(t.adjustments.tenantId, scope.tenantId), eq(t.adjustments.status, 'held'), scope.context ? eq(t.adjustments.psaKind, scope.context) : undefined)!,
  tiebreak: (t) => [t.adjustments.id],
};
