import { integer, sqliteTable, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** One MSP with a licence. psaKind says which PSA the tenant bills from. */
export const tenants = sqliteTable('tenants', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  licenceCustomer: text('licence_customer').notNull(),
  licenceKey: text('licence_key').notNull(),
  timeZone: text('time_zone').notNull().default('UTC'),
  status: text('status').notNull().default('active'),
  psaKind: text('psa_kind').notNull().default('autotask'),
  /** 'inclusive' (IDSync: 22 x 17/31) or 'exclusive' (Ingram's connector: one day fewer). */
  prorationConvention: text('proration_convention').notNull().default('inclusive'),
  syncIntervalSeconds: integer('sync_interval_seconds').notNull().default(300),
  /** How money is shown: ISO 4217 currency and a BCP 47 locale (the MSP's invoices, not the viewer's browser). */
  currency: text('currency').notNull().default('USD'),
  locale: text('locale').notNull().default('en-US'),
  createdAt: text('created_at').notNull(),
  /** Set when the tenant was provisioned from the Marketplace (APS): the customer's ODIN account id. */
  marketplaceAccountId: text('marketplace_account_id'),
  /** The APS id of the per-customer context resource that provisioned this tenant. */
  apsResourceId: text('aps_resource_id'),
  /** JSON array of origins allowed to frame the embeddable screens (control panel, Autotask, ConnectWise). */
  frameOrigins: text('frame_origins'),
  /** The Autotask Insight's shared secret, sealed with the secrets box (server/embed/insight.ts). */
  insightSecretBox: text('insight_secret_box'),
});
export type Tenant = typeof tenants.$inferSelect;

export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role').notNull().default('viewer'),
    disabled: integer('disabled').notNull().default(0),
    /** 1 while the password is the provisioning default (the gateway password): sign-in first sets a new one. */
    mustChangePassword: integer('must_change_password').notNull().default(0),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('users_email_uq').on(t.email), index('users_tenant_ix').on(t.tenantId)],
);
export type User = typeof users.$inferSelect;
