import { int, float, mssqlTable, nvarchar, primaryKey, index } from 'drizzle-orm/mssql-core';

/** The Marketplace snapshot. Rows are replaced per subscription, never half-written (see marketplace/snapshot). */
export const mpCompanies = mssqlTable(
  'mp_companies',
  {
    tenantId: nvarchar('tenant_id', { length: 64 }).notNull(),
    odinAccountId: nvarchar('odin_account_id', { length: 64 }).notNull(),
    name: nvarchar('name', { length: 255 }).notNull(),
    status: nvarchar('status', { length: 64 }).notNull(),
    updatedAt: nvarchar('updated_at', { length: 64 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.odinAccountId] })],
);

export const mpSubscriptions = mssqlTable(
  'mp_subscriptions',
  {
    tenantId: nvarchar('tenant_id', { length: 64 }).notNull(),
    odinSubscriptionId: nvarchar('odin_subscription_id', { length: 64 }).notNull(),
    odinAccountId: nvarchar('odin_account_id', { length: 64 }).notNull(),
    name: nvarchar('name', { length: 255 }).notNull(),
    status: nvarchar('status', { length: 64 }).notNull(),
    billingPeriod: nvarchar('billing_period', { length: 64 }),
    renewalDate: nvarchar('renewal_date', { length: 64 }),
    subscriptionPeriod: nvarchar('subscription_period', { length: 64 }),
    lastModified: nvarchar('last_modified', { length: 64 }),
    /** When the subscription's detail (resources) was last read successfully. */
    detailReadAt: nvarchar('detail_read_at', { length: 64 }),
    updatedAt: nvarchar('updated_at', { length: 64 }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.odinSubscriptionId] }),
    index('mp_subscriptions_account_ix').on(t.tenantId, t.odinAccountId),
  ],
);

export const mpResources = mssqlTable(
  'mp_resources',
  {
    tenantId: nvarchar('tenant_id', { length: 64 }).notNull(),
    odinSubscriptionId: nvarchar('odin_subscription_id', { length: 64 }).notNull(),
    odinResourceId: nvarchar('odin_resource_id', { length: 64 }).notNull(),
    mpn: nvarchar('mpn', { length: 64 }),
    name: nvarchar('name', { length: 255 }).notNull(),
    unit: nvarchar('unit', { length: 64 }),
    count: int('count').notNull(),
    unitPrice: float('unit_price'),
    unitCost: float('unit_cost'),
    countChangedAt: nvarchar('count_changed_at', { length: 64 }).notNull(),
    updatedAt: nvarchar('updated_at', { length: 64 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.odinSubscriptionId, t.odinResourceId] })],
);

/** Change-detection state per tenant: checkpoint of the last steady-state read and of the last full scan. */
export const mpSyncState = mssqlTable('mp_sync_state', {
  tenantId: nvarchar('tenant_id', { length: 64 }).primaryKey(),
  checkpoint: nvarchar('checkpoint', { length: 64 }),
  lastFullScanAt: nvarchar('last_full_scan_at', { length: 64 }),
  lastScanStatus: nvarchar('last_scan_status', { length: 64 }),
  lastScanJson: nvarchar('last_scan_json', { length: 'max' }),
  updatedAt: nvarchar('updated_at', { length: 64 }).notNull(),
});

/** Problems met while reading the Marketplace (duplicate ids, bad quantities...): a report line each. */
export const mpScanIssues = mssqlTable(
  'mp_scan_issues',
  {
    id: nvarchar('id', { length: 64 }).primaryKey(),
    tenantId: nvarchar('tenant_id', { length: 64 }).notNull(),
    seenAt: nvarchar('seen_at', { length: 64 }).notNull(),
    objectKind: nvarchar('object_kind', { length: 64 }).notNull(),
    objectId: nvarchar('object_id', { length: 64 }),
    message: nvarchar('message', { length: 'max' }).notNull(),
  },
  (t) => [index('mp_scan_issues_tenant_ix').on(t.tenantId, t.seenAt)],
);
