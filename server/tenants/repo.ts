/** Tenants (one MSP each) and their users. */
import { eq } from 'drizzle-orm';
import type { Store } from '../db/store.js';
import type { Role } from '../http/context.js';
import type { PsaKind } from '../psa/types.js';

export interface NewTenant {
  id: string;
  name: string;
  licenceCustomer: string;
  licenceKey: string;
  timeZone: string;
  psaKind: PsaKind;
}

export async function createTenant(store: Store, t: NewTenant, now: Date): Promise<boolean> {
  return store.insertIfAbsent(store.t.tenants, { ...t, status: 'active', createdAt: now.toISOString() }, [store.t.tenants.id]);
}

export async function getTenant(store: Store, id: string) {
  const rows = await store.db.select().from(store.t.tenants).where(eq(store.t.tenants.id, id));
  return rows[0] ?? null;
}

export async function listActiveTenants(store: Store) {
  return store.db.select().from(store.t.tenants).where(eq(store.t.tenants.status, 'active'));
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export async function findUserByEmail(store: Store, email: string) {
  const rows = await store.db.select().from(store.t.users).where(eq(store.t.users.email, normaliseEmail(email)));
  return rows[0] ?? null;
}

export async function createUser(
  store: Store,
  u: { id: string; tenantId: string; email: string; passwordHash: string; role: Role },
  now: Date,
): Promise<boolean> {
  return store.insertIfAbsent(
    store.t.users,
    { ...u, email: normaliseEmail(u.email), disabled: 0, createdAt: now.toISOString() },
    [store.t.users.email],
  );
}

/** A password the user chose: it also ends the provisioning default's must-change state. */
export async function setPasswordHash(store: Store, userId: string, passwordHash: string): Promise<void> {
  await store.db.update(store.t.users).set({ passwordHash, mustChangePassword: 0 }).where(eq(store.t.users.id, userId));
}

/** "ABCD-****-****-7F3Q": enough to tell licences apart on screen. */
export function maskLicenceKey(key: string): string {
  if (key.length <= 8) return '*'.repeat(key.length);
  return `${key.slice(0, 4)}${key.slice(4, -4).replace(/[^-]/g, '*')}${key.slice(-4)}`;
}
