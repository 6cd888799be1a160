/**
 * What the APS controller's provisioning calls do to our data (issue 11 §1). The per-customer context
 * resource (manifests/odin-aps/schemas/context.schema) carries the customer, licence, admin contact and
 * gateway settings; provisioning makes a tenant, its admin and its Marketplace connection; configure
 * updates them; unprovision disables sync and sign-in and keeps every row.
 */
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { deleteUserSessions } from '../auth/sessions.js';
import { randomToken } from '../auth/crypto.js';
import { HttpError } from '../http/errors.js';
import type { Services } from '../services.js';
import { createTenant, createUser, findUserByEmail, getTenant, normaliseEmail } from '../tenants/repo.js';
import { updateMarketplaceConnection } from './gateway.js';

const origin = z
  .string()
  .url()
  .max(200)
  .refine((u) => /^https:\/\/[^/]+$/.test(u.replace(/\/$/, '')) || /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/?$/.test(u), 'must be an https origin');

/** The context resource's own properties; APS adds `aps` and relation links, which we ignore. */
export const ContextResource = z.object({
  aps: z.object({ id: z.string().regex(/^[A-Za-z0-9-]{1,60}$/, 'must be an APS resource id'), type: z.string().max(200).optional() }),
  customerName: z.string().trim().min(1).max(255),
  marketplaceAccountId: z.string().regex(/^\d{1,20}$/, 'must be the ODIN account id (digits)'),
  adminEmail: z.string().trim().email().max(254),
  licenceKey: z.string().trim().min(8).max(64).optional(),
  gatewayUrl: z.string().url().max(500),
  gatewayUser: z.string().min(1).max(255),
  gatewayPassword: z.string().min(1).max(1024),
  marketplace: z.string().min(1).max(20),
  subscriptionKey: z.string().min(1).max(255),
  psaKind: z.enum(['autotask', 'connectwise']).default('autotask'),
  timeZone: z.string().min(1).max(64).default('UTC'),
  frameOrigins: z.array(origin).max(10).default([]),
});
export type ContextResource = z.infer<typeof ContextResource>;

export async function tenantOfContext(services: Services, apsId: string) {
  const { store } = services;
  const rows = await store.db.select().from(store.t.tenants).where(eq(store.t.tenants.apsResourceId, apsId));
  return rows[0] ?? null;
}

const newLicenceKey = () => `IDS-${randomToken(12).replace(/[^A-Za-z0-9]/g, 'X').toUpperCase().match(/.{4}/g)!.slice(0, 3).join('-')}`;
const origins = (ctx: ContextResource) => JSON.stringify([...new Set(ctx.frameOrigins.map((o) => o.replace(/\/$/, '')))]);

/**
 * Provision: every step is idempotent (the tenant id derives from the context id), because the
 * controller retries a call whose answer it lost, and a retry must finish what a crash left half done.
 */
export async function provisionTenant(services: Services, ctx: ContextResource) {
  const { store, clock, passwords } = services;
  const tenantId = `aps-${ctx.aps.id}`;
  const taken = await findUserByEmail(store, ctx.adminEmail);
  if (taken && taken.tenantId !== tenantId) throw new HttpError(409, 'conflict', `The administrative contact ${ctx.adminEmail} already signs in to another tenant`);
  const existing = await getTenant(store, tenantId);
  if (existing && existing.status !== 'active') throw new HttpError(409, 'conflict', `APS resource ${ctx.aps.id} was unprovisioned`);
  const now = clock.now();
  await createTenant(store, { id: tenantId, name: ctx.customerName, licenceCustomer: ctx.customerName, licenceKey: ctx.licenceKey ?? newLicenceKey(), timeZone: ctx.timeZone, psaKind: ctx.psaKind }, now);
  await store.db
    .update(store.t.tenants)
    .set({ marketplaceAccountId: ctx.marketplaceAccountId, apsResourceId: ctx.aps.id, frameOrigins: origins(ctx) })
    .where(eq(store.t.tenants.id, tenantId));
  if (!taken) {
    // The guide's first login: the admin contact's e-mail with the gateway password, changed on first use.
    await createUser(store, { id: crypto.randomUUID(), tenantId, email: ctx.adminEmail, passwordHash: await passwords.hash(ctx.gatewayPassword), role: 'admin' }, now);
    await store.db.update(store.t.users).set({ mustChangePassword: 1 }).where(eq(store.t.users.email, normaliseEmail(ctx.adminEmail)));
  }
  await updateMarketplaceConnection(services, tenantId, gatewayOf(ctx));
  return (await getTenant(store, tenantId))!;
}

export const gatewayOf = (ctx: ContextResource) => ({
  apiUser: ctx.gatewayUser,
  password: ctx.gatewayPassword,
  baseUrl: ctx.gatewayUrl,
  marketplace: ctx.marketplace,
  subscriptionKey: ctx.subscriptionKey,
});

/** Configure: the panel changed the customer's settings. */
export async function configureTenant(services: Services, apsId: string, ctx: ContextResource) {
  const { store } = services;
  const tenant = await tenantOfContext(services, apsId);
  if (!tenant) throw new HttpError(404, 'not_found', `No tenant was provisioned for APS resource ${apsId}`);
  await store.db
    .update(store.t.tenants)
    .set({ name: ctx.customerName, licenceCustomer: ctx.customerName, ...(ctx.licenceKey ? { licenceKey: ctx.licenceKey } : {}), marketplaceAccountId: ctx.marketplaceAccountId, timeZone: ctx.timeZone, frameOrigins: origins(ctx) })
    .where(eq(store.t.tenants.id, tenant.id));
  await updateMarketplaceConnection(services, tenant.id, gatewayOf(ctx));
  return (await getTenant(store, tenant.id))!;
}

/** Unprovision: stop the scheduler (it runs active tenants only) and every sign-in; keep the data. */
export async function unprovisionTenant(services: Services, apsId: string): Promise<boolean> {
  const { store } = services;
  const tenant = await tenantOfContext(services, apsId);
  if (!tenant) return false;
  await store.db.update(store.t.tenants).set({ status: 'disabled' }).where(eq(store.t.tenants.id, tenant.id));
  const users = await store.db.select().from(store.t.users).where(eq(store.t.users.tenantId, tenant.id));
  await store.db.update(store.t.users).set({ disabled: 1 }).where(and(eq(store.t.users.tenantId, tenant.id), eq(store.t.users.disabled, 0)));
  for (const u of users) await deleteUserSessions(store, u.id);
  return true;
}

/** The user a panel launch signs in as: the tenant's first enabled admin (the provisioned contact). */
export async function launchUserOf(services: Services, tenantId: string) {
  const { store } = services;
  const rows = await store.db.select().from(store.t.users).where(and(eq(store.t.users.tenantId, tenantId), eq(store.t.users.role, 'admin'), eq(store.t.users.disabled, 0)));
  return rows.sort((a, b) => a.createdAt.localeCompare(b.createdAt))[0] ?? null;
}
