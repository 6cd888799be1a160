import { integer, real, sqliteTable, text, primaryKey, index } from 'drizzle-orm/sqlite-core';

/** company -> PSA account. */
export const companyLinks = sqliteTable(
  'company_links',
  {
    tenantId: text('tenant_id').notNull(),
    odinAccountId: text('odin_account_id').notNull(),
    psaKind: text('psa_kind').notNull(),
    psaAccountId: text('psa_account_id').notNull(),
    psaAccountName: text('psa_account_name').notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.odinAccountId] })],
);

/** subscription -> contract / agreement (many subscriptions may share one contract). */
export const subscriptionLinks = sqliteTable(
  'subscription_links',
  {
    tenantId: text('tenant_id').notNull(),
    odinSubscriptionId: text('odin_subscription_id').notNull(),
    odinAccountId: text('odin_account_id').notNull(),
    psaContractId: text('psa_contract_id').notNull(),
    psaContractName: text('psa_contract_name').notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
  },
  // The cycle's renewal step reads every link of the contracts with changes waiting.
  (t) => [primaryKey({ columns: [t.tenantId, t.odinSubscriptionId] }), index('subscription_links_contract_ix').on(t.tenantId, t.psaContractId)],
);

/** resource -> service / product, with the per-mapping policies and the ledger of units we believe. */
export const resourceLinks = sqliteTable(
  'resource_links',
  {
    tenantId: text('tenant_id').notNull(),
    odinSubscriptionId: text('odin_subscription_id').notNull(),
    odinResourceId: text('odin_resource_id').notNull(),
    psaServiceId: text('psa_service_id').notNull(),
    psaContractServiceId: text('psa_contract_service_id'),
    psaServiceName: text('psa_service_name').notNull(),
    /** 'next_period' (default) or 'immediate'. */
    decreasePolicy: text('decrease_policy').notNull().default('next_period'),
    /** JSON override of the status policy, null for the tenant default. */
    statusPolicyJson: text('status_policy_json'),
    priceSource: text('price_source').notNull().default('catalog'),
    customPrice: real('custom_price'),
    /** Units the PSA holds once every posted adjustment is counted (null until reconciled). */
    ledgerUnits: integer('ledger_units'),
    /** Marketplace count the last planned adjustment brought the PSA to. */
    plannedCount: integer('planned_count'),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.odinSubscriptionId, t.odinResourceId] }),
    index('resource_links_service_ix').on(t.tenantId, t.psaServiceId),
  ],
);
