import { sql } from 'drizzle-orm';
import { integer, real, sqliteTable, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * Every planned adjustment is a row before it is posted. The row is the log: posted rows make the
 * Adjustments report, failed ones the Failure Log. dedupKey = tenant|subscription|resource|effectiveDate|seq
 * keeps a replayed plan from writing a second row.
 * status: planned | posting | posted | failed | unknown | superseded | cancelled | held | dismissed
 */
export const adjustments = sqliteTable(
  'adjustments',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    dedupKey: text('dedup_key').notNull(),
    reason: text('reason').notNull(),
    odinAccountId: text('odin_account_id').notNull(),
    odinSubscriptionId: text('odin_subscription_id').notNull(),
    odinResourceId: text('odin_resource_id').notNull(),
    psaKind: text('psa_kind').notNull(),
    psaAccountId: text('psa_account_id').notNull(),
    psaContractId: text('psa_contract_id').notNull(),
    psaServiceId: text('psa_service_id').notNull(),
    psaContractServiceId: text('psa_contract_service_id'),
    fromCount: integer('from_count').notNull(),
    toCount: integer('to_count').notNull(),
    unitChange: integer('unit_change').notNull(),
    effectiveDate: text('effective_date').notNull(),
    unitPrice: real('unit_price'),
    estimatedAmount: real('estimated_amount'),
    // The same estimate under the 30/360 day count (domain/proration-360.ts); estimatedAmount counts actual days.
    estimatedAmount360: real('estimated_amount_360'),
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    lastErrorKind: text('last_error_kind'),
    nextAttemptAt: text('next_attempt_at'),
    psaReference: text('psa_reference'),
    /** PSA units read just before the first post: settles an unknown outcome. */
    unitsBefore: integer('units_before'),
    /** Why the row has its effective date (domain/dating.ts): today | next_period | moved; null on older rows. */
    dateRule: text('date_rule'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    postedAt: text('posted_at'),
    /** Why a row waits (status held): review | first_reconcile | annual_term | behind_held. */
    holdReason: text('hold_reason'),
    /** An annual-term decrease waits until this date (the term's renewal), then posts. */
    heldUntil: text('held_until'),
    /** Who approved, dismissed or edited it, when, and the dismissal reason. */
    reviewedBy: text('reviewed_by'),
    reviewedAt: text('reviewed_at'),
    reviewNote: text('review_note'),
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
    // The Adjustments log's default order (its "Posted" column, newest first) and the dashboard's
    // "posted since" ranges, without sorting or scanning every posted row.
    index('adjustments_log_ix').on(t.tenantId, t.status, sql`coalesce(${t.postedAt}, ${t.updatedAt})`),
    index('adjustments_posted_ix').on(t.tenantId, t.status, t.postedAt),
    // The Failure log's default order ("Since", newest first).
    index('adjustments_created_ix').on(t.tenantId, t.status, t.createdAt),
    // Counting the logs filtered on a customer or subscription name (reports/log.ts joinFreeFilters)
    // reads this index alone, not the rows.
    index('adjustments_names_ix').on(t.tenantId, t.status, t.odinAccountId, t.odinSubscriptionId),
  ],
);
export type AdjustmentRow = typeof adjustments.$inferSelect;

/** A difference between the PSA's units and our ledger, found by the drift check. */
export const driftFindings = sqliteTable(
  'drift_findings',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    odinSubscriptionId: text('odin_subscription_id').notNull(),
    odinResourceId: text('odin_resource_id').notNull(),
    ledgerUnits: integer('ledger_units').notNull(),
    psaUnits: integer('psa_units').notNull(),
    marketplaceCount: integer('marketplace_count').notNull(),
    foundAt: text('found_at').notNull(),
    resolvedAt: text('resolved_at'),
    resolution: text('resolution'),
    // Foreign edit (ownership): who changed the PSA line and when, where the PSA says, and what changed.
    changedBy: text('changed_by'),
    changedAt: text('changed_at'),
    change: text('change'),
  },
  (t) => [index('drift_tenant_ix').on(t.tenantId, t.resolvedAt)],
);
