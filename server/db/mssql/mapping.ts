import { int, float, mssqlTable, nvarchar, primaryKey, index } from 'drizzle-orm/mssql-core';

/** company -> PSA account. */
export const companyLinks = mssqlTable(
  'company_links',
  {
    tenantId: nvarchar('tenant_id', { length: 64 }).notNull(),
    odinAccountId: nvarchar('odin_account_id', { length: 64 }).notNull(),
    psaKind: nvarchar('psa_kind', { length: 64 }).notNull(),
    psaAccountId: nvarchar('psa_account_id', { length: 64 }).notNull(),
    psaAccountName: nvarchar('psa_account_name', { length: 255 }).notNull(),
    createdAt: nvarchar('created_at', { length: 64 }).notNull(),
    createdBy: nvarchar('created_by', { length: 255 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.odinAccountId] })],
);

/** subscription -> contract / agreement (many subscriptions may share one contract). */
export const subscriptionLinks = mssqlTable(
  'subscription_links',
  {
    tenantId: nvarchar('tenant_id', { length: 64 }).notNull(),
    odinSubscriptionId: nvarchar('odin_subscription_id', { length: 64 }).notNull(),
    odinAccountId: nvarchar('odin_account_id', { length: 64 }).notNull(),
    psaContractId: nvarchar('psa_contract_id', { length: 64 }).notNull(),
    psaContractName: nvarchar('psa_contract_name', { length: 255 }).notNull(),
    createdAt: nvarchar('created_at', { length: 64 }).notNull(),
    createdBy: nvarchar('created_by', { length: 255 }).notNull(),
  },
  // The cycle's renewal step reads every link of the contracts with changes waiting.
  (t) => [primaryKey({ columns: [t.tenantId, t.odinSubscriptionId] }), index('subscription_links_contract_ix').on(t.tenantId, t.psaContractId)],
);

/** resource -> service / product, with the per-mapping policies and the ledger of units we believe. */
export const resourceLinks = mssqlTable(
  'resource_links',
  {
    tenantId: nvarchar('tenant_id', { length: 64 }).notNull(),
    odinSubscriptionId: nvarchar('odin_subscription_id', { length: 64 }).notNull(),
    odinResourceId: nvarchar('odin_resource_id', { length: 64 }).notNull(),
    psaServiceId: nvarchar('psa_service_id', { length: 64 }).notNull(),
    psaContractServiceId: nvarchar('psa_contract_service_id', { length: 64 }),
    psaServiceName: nvarchar('psa_service_name', { length: 255 }).notNull(),
    /** 'next_period' (default) or 'immediate'. */
    decreasePolicy: nvarchar('decrease_policy', { length: 64 }).notNull().default('next_period'),
    /** JSON override of the status policy, null for the tenant default. */
    statusPolicyJson: nvarchar('status_policy_json', { length: 'max' }),
    priceSource: nvarchar('price_source', { length: 64 }).notNull().default('catalog'),
    customPrice: float('custom_price'),
    /** Units the PSA holds once every posted adjustment is counted (null until reconciled). */
    ledgerUnits: int('ledger_units'),
    /** Marketplace count the last planned adjustment brought the PSA to. */
    plannedCount: int('planned_count'),
    createdAt: nvarchar('created_at', { length: 64 }).notNull(),
    createdBy: nvarchar('created_by', { length: 255 }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.odinSubscriptionId, t.odinResourceId] }),
    index('resource_links_service_ix').on(t.tenantId, t.psaServiceId),
  ],
);
