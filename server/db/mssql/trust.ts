import { int, float, mssqlTable, nvarchar, index, primaryKey } from 'drizzle-orm/mssql-core';

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
