import { integer, real, sqliteTable, text, index, primaryKey } from 'drizzle-orm/sqlite-core';

/**
 * The audit trail: who linked, cleared, approved, dismissed, edited, changed a policy or a connection,
 * and when, with the state before and after (JSON). Rows are never deleted with the relation they name,
 * so the trail outlives it. action: link | clear | approve | dismiss | edit | policy | connection.
 */
export const auditEvents = sqliteTable(
  'audit_events',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    /** company | subscription | resource | adjustment | policy | connection */
    subjectType: text('subject_type').notNull(),
    /** Human-readable ids of the subject (e.g. "1000845/2002"). */
    subject: text('subject').notNull(),
    beforeJson: text('before_json'),
    afterJson: text('after_json'),
    note: text('note'),
  },
  (t) => [index('audit_tenant_at_ix').on(t.tenantId, t.at)],
);
export type AuditEventRow = typeof auditEvents.$inferSelect;

/**
 * Trust policies per tenant (scope '') or per resource relation (scope 'subscription|resource'):
 * review mode (automatic | review_all | threshold) with a units and/or monthly amount threshold,
 * whether a new relation's first reconciliation waits for review, and a quantity floor.
 */
export const trustPolicies = sqliteTable(
  'trust_policies',
  {
    tenantId: text('tenant_id').notNull(),
    scope: text('scope').notNull(),
    reviewMode: text('review_mode').notNull().default('automatic'),
    thresholdUnits: integer('threshold_units'),
    thresholdAmount: real('threshold_amount'),
    reviewFirstReconcile: integer('review_first_reconcile').notNull().default(0),
    quantityFloor: integer('quantity_floor'),
    /** 1: an annual-term decrease waits for the term's renewal (issue 14 item 3). */
    holdAnnualDecreases: integer('hold_annual_decreases').notNull().default(0),
    updatedAt: text('updated_at').notNull(),
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.scope] })],
);
export type TrustPolicyRow = typeof trustPolicies.$inferSelect;
