/**
 * Cookie sessions. The cookie holds a random id; the database holds only its SHA-256, with the tenant,
 * the user and the session's CSRF token. Sessions last 12 hours (a working day of invoicing).
 */
import { and, eq, gt } from 'drizzle-orm';
import type { Store } from '../db/store.js';
import type { Role, SessionUser } from '../http/context.js';
import { randomToken, sha256Hex } from './crypto.js';

export const SESSION_TTL_MS = 12 * 60 * 60_000;
export const SESSION_COOKIE = 'sid';

/** An embedded pod's session: at most `role`, and refused by the writes outside the pod (server/embed/pod-session.ts). */
export interface SessionLimits {
  role?: Role;
  scope?: 'pod';
}

export async function createSession(store: Store, user: { id: string; tenantId: string }, now: Date, limits: SessionLimits = {}) {
  const id = randomToken();
  const csrfToken = randomToken();
  await store.db.insert(store.t.sessions).values({
    idHash: await sha256Hex(id),
    userId: user.id,
    tenantId: user.tenantId,
    csrfToken,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + SESSION_TTL_MS).toISOString(),
    role: limits.role ?? null,
    scope: limits.scope ?? null,
  });
  return { id, csrfToken };
}

export interface LoadedSession {
  user: SessionUser;
  csrfToken: string;
  idHash: string;
}

export async function loadSession(store: Store, id: string, now: Date): Promise<LoadedSession | null> {
  const { db, t } = store;
  const idHash = await sha256Hex(id);
  const rows = await db
    .select({ s: t.sessions, u: t.users, tenantStatus: t.tenants.status })
    .from(t.sessions)
    .innerJoin(t.users, eq(t.users.id, t.sessions.userId))
    .innerJoin(t.tenants, eq(t.tenants.id, t.users.tenantId))
    .where(and(eq(t.sessions.idHash, idHash), gt(t.sessions.expiresAt, now.toISOString())));
  const row = rows[0];
  if (!row || row.u.disabled || row.tenantStatus !== 'active') return null;
  return {
    idHash,
    csrfToken: row.s.csrfToken,
    user: {
      userId: row.u.id,
      tenantId: row.u.tenantId,
      email: row.u.email,
      // The session's role only ever lowers the user's: a viewer ceiling on an admin reads as viewer.
      role: row.s.role === 'viewer' ? 'viewer' : (row.u.role as Role),
      ...(row.s.scope === 'pod' ? { scope: 'pod' as const } : {}),
    },
  };
}

export async function deleteSession(store: Store, idHash: string): Promise<void> {
  await store.db.delete(store.t.sessions).where(eq(store.t.sessions.idHash, idHash));
}

export async function deleteUserSessions(store: Store, userId: string): Promise<void> {
  await store.db.delete(store.t.sessions).where(eq(store.t.sessions.userId, userId));
}
