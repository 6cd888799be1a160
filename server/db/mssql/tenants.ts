import { int, mssqlTable, nvarchar, index, uniqueIndex } from 'drizzle-orm/mssql-core';

/** One MSP with a licence. psaKind says which PSA the tenant bills from. */
export const tenants = mssqlTable('tenants', {
  id: nvarchar('id', { length: 64 }).primaryKey(),
  name: nvarchar('name', { length: 255 }).notNull(),
  licenceCustomer: nvarchar('licence_customer', { length: 255 }).notNull(),
  licenceKey: nvarchar('licence_key', { length: 64 }).notNull(),
  timeZone: nvarchar('time_zone', { length: 64 }).notNull().default('UTC'),
  status: nvarchar('status', { length: 64 }).notNull().default('active'),
  psaKind: nvarchar('psa_kind', { length: 64 }).notNull().default('autotask'),
  /** 'inclusive' (IDSync: 22 x 17/31) or 'exclusive' (Ingram's connector: one day fewer). */
  prorationConvention: nvarchar('proration_convention', { length: 64 }).notNull().default('inclusive'),
  syncIntervalSeconds: int('sync_interval_seconds').notNull().default(300),
  currency: nvarchar('currency', { length: 8 }).notNull().default('USD'),
  locale: nvarchar('locale', { length: 35 }).notNull().default('en-US'),
  createdAt: nvarchar('created_at', { length: 64 }).notNull(),
  /** Set when the tenant was provisioned from the Marketplace (APS): the customer's ODIN account id. */
  marketplaceAccountId: nvarchar('marketplace_account_id', { length: 64 }),
  /** The APS id of the per-customer context resource that provisioned this tenant. */
  apsResourceId: nvarchar('aps_resource_id', { length: 64 }),
  /** JSON array of origins allowed to frame the embeddable screens (control panel, Autotask, ConnectWise). */
  frameOrigins: nvarchar('frame_origins', { length: 'max' }),
  /** The Autotask Insight's shared secret, sealed with the secrets box (server/embed/insight.ts). */
  insightSecretBox: nvarchar('insight_secret_box', { length: 'max' }),
});
export type Tenant = typeof tenants.$inferSelect;

export const users = mssqlTable(
  'users',
  {
    id: nvarchar('id', { length: 64 }).primaryKey(),
    tenantId: nvarchar('tenant_id', { length: 64 }).notNull(),
    email: nvarchar('email', { length: 255 }).notNull(),
    passwordHash: nvarchar('password_hash', { length: 255 }).notNull(),
    role: nvarchar('role', { length: 64 }).notNull().default('viewer'),
    disabled: int('disabled').notNull().default(0),
    /** 1 while the password is the provisioning default (the gateway password): sign-in first sets a new one. */
    mustChangePassword: int('must_change_password').notNull().default(0),
    createdAt: nvarchar('created_at', { length: 64 }).notNull(),
  },
  (t) => [uniqueIndex('users_email_uq').on(t.email), index('users_tenant_ix').on(t.tenantId)],
);
export type User = typeof users.$inferSelect;
