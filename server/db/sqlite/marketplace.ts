import { integer, real, sqliteTable, text, primaryKey, index } from 'drizzle-orm/sqlite-core';

/** The Marketplace snapshot. Rows are replaced per subscription, never half-written (see marketplace/snapshot). */
export const mpCompanies = sqliteTable(
  'mp_companies',
  {
    tenantId: text('tenant_id').notNull(),
    odinAccountId: text('odin_account_id').notNull(),
    name: text('name').notNull(),
    status: text('status').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.odinAccountId] })],
);

export const mpSubscriptions = sqliteTable(
  'mp_subscriptions',
  {
    tenantId: text('tenant_id').notNull(),
    odinSubscriptionId: text('odin_subscription_id').notNull(),
    odinAccountId: text('odin_account_id').notNull(),
    name: text('name').notNull(),
    status: text('status').notNull(),
    billingPeriod: text('billing_period'),
    renewalDate: text('renewal_date'),
    /** The commitment term ("1 year" for NCE annual, "1 month"); billingPeriod is the invoice cadence. */
    subscriptionPeriod: text('subscription_period'),
    lastModified: text('last_modified'),
    /** When the subscription's detail (resources) was last read successfully. */
    detailReadAt: text('detail_read_at'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.odinSubscriptionId] }),
    index('mp_subscriptions_account_ix').on(t.tenantId, t.odinAccountId),
  ],
);

export const mpResources = sqliteTable(
  'mp_resources',
  {
    tenantId: text('tenant_id').notNull(),
    odinSubscriptionId: text('odin_subscription_id').notNull(),
    odinResourceId: text('odin_resource_id').notNull(),
    mpn: text('mpn'),
    name: text('name').notNull(),
    unit: text('unit'),
    count: integer('count').notNull(),
    unitPrice: real('unit_price'),
    unitCost: real('unit_cost'),
    countChangedAt: text('count_changed_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.odinSubscriptionId, t.odinResourceId] })],
);

/** Change-detection state per tenant: checkpoint of the last steady-state read and of the last full scan. */
export const mpSyncState = sqliteTable('mp_sync_state', {
  tenantId: text('tenant_id').primaryKey(),
  checkpoint: text('checkpoint'),
  lastFullScanAt: text('last_full_scan_at'),
  lastScanStatus: text('last_scan_status'),
  lastScanJson: text('last_scan_json'),
  updatedAt: text('updated_at').notNull(),
});

/** Problems met while reading the Marketplace (duplicate ids, bad quantities...): a report line each. */
export const mpScanIssues = sqliteTable(
  'mp_scan_issues',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    seenAt: text('seen_at').notNull(),
    objectKind: text('object_kind').notNull(),
    objectId: text('object_id'),
    message: text('message').notNull(),
  },
  (t) => [index('mp_scan_issues_tenant_ix').on(t.tenantId, t.seenAt)],
);
