import { integer, real, sqliteTable, text, index, primaryKey, uniqueIndex } from 'drizzle-orm/sqlite-core';

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

/**
 * Alert settings per tenant: channels (JSON [{kind:'email', to} | {kind:'webhook', url}]), immediate or
 * a daily digest, and how many days ahead a renewal is announced.
 */
export const alertSettings = sqliteTable('alert_settings', {
  tenantId: text('tenant_id').primaryKey(),
  channelsJson: text('channels_json').notNull(),
  mode: text('mode').notNull().default('immediate'),
  renewalDays: integer('renewal_days').notNull().default(30),
  lastDigestOn: text('last_digest_on'),
  updatedAt: text('updated_at').notNull(),
});

/** Something worth telling once (dedupKey): failure:<id>, drift:<id>, renewal:<sub>:<date>, unlinked:<sub>:<res>. */
export const alertEvents = sqliteTable(
  'alert_events',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    dedupKey: text('dedup_key').notNull(),
    kind: text('kind').notNull(),
    text: text('text').notNull(),
    createdAt: text('created_at').notNull(),
    /** When it went out (alone or in a digest); null while waiting for the digest. */
    deliveredAt: text('delivered_at'),
  },
  (t) => [uniqueIndex('alert_events_dedup_uq').on(t.tenantId, t.dedupKey)],
);

/** One message to one channel; retried with backoff until sent. status: pending | sending | sent | failed. */
export const alertDeliveries = sqliteTable(
  'alert_deliveries',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    channel: text('channel').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    nextAttemptAt: text('next_attempt_at'),
    createdAt: text('created_at').notNull(),
    sentAt: text('sent_at'),
  },
  (t) => [index('alert_deliveries_status_ix').on(t.tenantId, t.status)],
);
