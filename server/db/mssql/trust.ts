import { int, float, mssqlTable, nvarchar, index, primaryKey, uniqueIndex } from 'drizzle-orm/mssql-core';

/** The audit trail (see the SQLite twin for the meaning of each column). */
export const auditEvents = mssqlTable(
  'audit_events',
  {
    id: nvarchar('id', { length: 64 }).primaryKey(),
    tenantId: nvarchar('tenant_id', { length: 64 }).notNull(),
    at: nvarchar('at', { length: 64 }).notNull(),
    actor: nvarchar('actor', { length: 255 }).notNull(),
    action: nvarchar('action', { length: 64 }).notNull(),
    subjectType: nvarchar('subject_type', { length: 64 }).notNull(),
    subject: nvarchar('subject', { length: 255 }).notNull(),
    beforeJson: nvarchar('before_json', { length: 'max' }),
    afterJson: nvarchar('after_json', { length: 'max' }),
    note: nvarchar('note', { length: 'max' }),
  },
  (t) => [index('audit_tenant_at_ix').on(t.tenantId, t.at)],
);

/** Trust policies per tenant (scope '') or per resource relation (see the SQLite twin). */
export const trustPolicies = mssqlTable(
  'trust_policies',
  {
    tenantId: nvarchar('tenant_id', { length: 64 }).notNull(),
    scope: nvarchar('scope', { length: 255 }).notNull(),
    reviewMode: nvarchar('review_mode', { length: 64 }).notNull().default('automatic'),
    thresholdUnits: int('threshold_units'),
    thresholdAmount: float('threshold_amount'),
    reviewFirstReconcile: int('review_first_reconcile').notNull().default(0),
    quantityFloor: int('quantity_floor'),
    holdAnnualDecreases: int('hold_annual_decreases').notNull().default(0),
    updatedAt: nvarchar('updated_at', { length: 64 }).notNull(),
    updatedBy: nvarchar('updated_by', { length: 255 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.scope] })],
);

export const alertSettings = mssqlTable('alert_settings', {
  tenantId: nvarchar('tenant_id', { length: 64 }).primaryKey(),
  channelsJson: nvarchar('channels_json', { length: 'max' }).notNull(),
  mode: nvarchar('mode', { length: 64 }).notNull().default('immediate'),
  renewalDays: int('renewal_days').notNull().default(30),
  lastDigestOn: nvarchar('last_digest_on', { length: 64 }),
  updatedAt: nvarchar('updated_at', { length: 64 }).notNull(),
});

export const alertEvents = mssqlTable(
  'alert_events',
  {
    id: nvarchar('id', { length: 64 }).primaryKey(),
    tenantId: nvarchar('tenant_id', { length: 64 }).notNull(),
    dedupKey: nvarchar('dedup_key', { length: 255 }).notNull(),
    kind: nvarchar('kind', { length: 64 }).notNull(),
    text: nvarchar('text', { length: 'max' }).notNull(),
    createdAt: nvarchar('created_at', { length: 64 }).notNull(),
    deliveredAt: nvarchar('delivered_at', { length: 64 }),
  },
  (t) => [uniqueIndex('alert_events_dedup_uq').on(t.tenantId, t.dedupKey)],
);

export const alertDeliveries = mssqlTable(
  'alert_deliveries',
  {
    id: nvarchar('id', { length: 64 }).primaryKey(),
    tenantId: nvarchar('tenant_id', { length: 64 }).notNull(),
    channel: nvarchar('channel', { length: 'max' }).notNull(),
    subject: nvarchar('subject', { length: 'max' }).notNull(),
    body: nvarchar('body', { length: 'max' }).notNull(),
    status: nvarchar('status', { length: 64 }).notNull(),
    attempts: int('attempts').notNull().default(0),
    lastError: nvarchar('last_error', { length: 'max' }),
    nextAttemptAt: nvarchar('next_attempt_at', { length: 64 }),
    createdAt: nvarchar('created_at', { length: 64 }).notNull(),
    sentAt: nvarchar('sent_at', { length: 64 }),
  },
  (t) => [index('alert_deliveries_status_ix').on(t.tenantId, t.status)],
);
