import { int, float, mssqlTable, nvarchar, index, uniqueIndex } from 'drizzle-orm/mssql-core';

/**
 * Every planned adjustment is a row before it is posted. The row is the log: posted rows make the
 * Adjustments report, failed ones the Failure Log. dedupKey = tenant|subscription|resource|effectiveDate|seq
 * keeps a replayed plan from writing a second row.
 * status: planned | posting | posted | failed | unknown | superseded | cancelled | held | dismissed
 */
export const adjustments = mssqlTable(
  'adjustments',
  {
    id: nvarchar('id', { length: 64 }).primaryKey(),
    tenantId: nvarchar('tenant_id', { length: 64 }).notNull(),
    dedupKey: nvarchar('dedup_key', { length: 255 }).notNull(),
    reason: nvarchar('reason', { length: 64 }).notNull(),
    odinAccountId: nvarchar('odin_account_id', { length: 64 }).notNull(),
    odinSubscriptionId: nvarchar('odin_subscription_id', { length: 64 }).notNull(),
    odinResourceId: nvarchar('odin_resource_id', { length: 64 }).notNull(),
    psaKind: nvarchar('psa_kind', { length: 64 }).notNull(),
    psaAccountId: nvarchar('psa_account_id', { length: 64 }).notNull(),
    psaContractId: nvarchar('psa_contract_id', { length: 64 }).notNull(),
    psaServiceId: nvarchar('psa_service_id', { length: 64 }).notNull(),
    psaContractServiceId: nvarchar('psa_contract_service_id', { length: 64 }),
    fromCount: int('from_count').notNull(),
    toCount: int('to_count').notNull(),
    unitChange: int('unit_change').notNull(),
    effectiveDate: nvarchar('effective_date', { length: 64 }).notNull(),
    unitPrice: float('unit_price'),
    estimatedAmount: float('estimated_amount'),
    // The same estimate under the 30/360 day count (domain/proration-360.ts); estimatedAmount counts actual days.
    estimatedAmount360: float('estimated_amount_360'),
    status: nvarchar('status', { length: 64 }).notNull(),
    attempts: int('attempts').notNull().default(0),
    lastError: nvarchar('last_error', { length: 'max' }),
    lastErrorKind: nvarchar('last_error_kind', { length: 64 }),
    nextAttemptAt: nvarchar('next_attempt_at', { length: 64 }),
    psaReference: nvarchar('psa_reference', { length: 255 }),
    /** PSA units read just before the first post: settles an unknown outcome. */
    unitsBefore: int('units_before'),
    dateRule: nvarchar('date_rule', { length: 16 }),
    createdAt: nvarchar('created_at', { length: 64 }).notNull(),
    updatedAt: nvarchar('updated_at', { length: 64 }).notNull(),
    postedAt: nvarchar('posted_at', { length: 64 }),
    holdReason: nvarchar('hold_reason', { length: 64 }),
    heldUntil: nvarchar('held_until', { length: 64 }),
    reviewedBy: nvarchar('reviewed_by', { length: 255 }),
    reviewedAt: nvarchar('reviewed_at', { length: 64 }),
    reviewNote: nvarchar('review_note', { length: 'max' }),
  },
  (t) => [
    uniqueIndex('adjustments_dedup_uq').on(t.tenantId, t.dedupKey),
    index('adjustments_status_ix').on(t.tenantId, t.status, t.nextAttemptAt),
    index('adjustments_resource_ix').on(t.tenantId, t.odinSubscriptionId, t.odinResourceId, t.createdAt),
    // A post's units before it (landed changes on the PSA service after its date) and the planner's merge
    // rows: per service and date, not a scan of every posted row of the tenant.
    index('adjustments_service_ix').on(t.tenantId, t.psaContractId, t.psaServiceId, t.effectiveDate),
    // Posted rows dated after today (the cycle's open rows), without reading every posted row.
    index('adjustments_effective_ix').on(t.tenantId, t.status, t.effectiveDate),
    // The dashboard's "posted since" ranges and the logs' default orders (SQL Server indexes columns, not
    // the coalesce the SQLite index holds).
    index('adjustments_posted_ix').on(t.tenantId, t.status, t.postedAt),
    index('adjustments_created_ix').on(t.tenantId, t.status, t.createdAt),
    // Counting the logs filtered on a customer or subscription name (reports/log.ts joinFreeFilters)
    // reads this index alone, not the rows.
    index('adjustments_names_ix').on(t.tenantId, t.status, t.odinAccountId, t.odinSubscriptionId),
  ],
);
export type AdjustmentRow = typeof adjustments.$inferSelect;

/** A difference between the PSA's units and our ledger, found by the drift check. */
export const driftFindings = mssqlTable(
  'drift_findings',
  {
    id: nvarchar('id', { length: 64 }).primaryKey(),
    tenantId: nvarchar('tenant_id', { length: 64 }).notNull(),
    odinSubscriptionId: nvarchar('odin_subscription_id', { length: 64 }).notNull(),
    odinResourceId: nvarchar('odin_resource_id', { length: 64 }).notNull(),
    ledgerUnits: int('ledger_units').notNull(),
    psaUnits: int('psa_units').notNull(),
    marketplaceCount: int('marketplace_count').notNull(),
    foundAt: nvarchar('found_at', { length: 64 }).notNull(),
    resolvedAt: nvarchar('resolved_at', { length: 64 }),
    resolution: nvarchar('resolution', { length: 64 }),
    // Foreign edit (ownership): who changed the PSA line and when, where the PSA says, and what changed.
    changedBy: nvarchar('changed_by', { length: 256 }),
    changedAt: nvarchar('changed_at', { length: 64 }),
    change: nvarchar('change', { length: 1000 }),
  },
  (t) => [index('drift_tenant_ix').on(t.tenantId, t.resolvedAt)],
);
