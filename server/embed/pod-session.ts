/**
 * Who an embedded pod signs in as (least privilege). A ConnectWise member or an Autotask Insight visitor
 * is not a product user; the pod must not hand them the tenant's admin session.
 *  - The product user of this tenant with the member's e-mail (ConnectWise `GET /system/myAccount`
 *    `officeEmail`), enabled: that user, with that user's role. Retry, Sync now and drift Fix therefore
 *    work only for a member who is a product admin.
 *  - Otherwise (no such user, or an Insight visitor, whom Autotask does not name): a viewer session,
 *    held in the name of the tenant's provisioned admin (sessions need a user row) but capped at viewer.
 * Every pod session is scoped to the pod: `podScope` refuses its writes outside the pod's own actions.
 */
import { and, eq } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import { createSession } from '../auth/sessions.js';
import type { AppEnv, Role } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import type { Services } from '../services.js';
import { normaliseEmail } from '../tenants/repo.js';
import { launchUserOf } from './aps-provision.js';

export interface PodSignIn {
  user: { id: string; tenantId: string; email: string };
  role: Role;
  session: { id: string; csrfToken: string };
}

/** Opens the pod session for `email` (null: unknown visitor) in `tenantId`; null when the tenant has no user to hold it. */
export async function openPodSession(services: Services, tenantId: string, email: string | null): Promise<PodSignIn | null> {
  const { store, clock } = services;
  const same = email
    ? (await store.db.select().from(store.t.users).where(and(eq(store.t.users.tenantId, tenantId), eq(store.t.users.email, normaliseEmail(email)), eq(store.t.users.disabled, 0))))[0]
    : undefined;
  const holder = same ?? (await launchUserOf(services, tenantId));
  if (!holder) return null;
  const role: Role = same ? (same.role as Role) : 'viewer';
  const session = await createSession(store, holder, clock.now(), { role, scope: 'pod' });
  return { user: { id: holder.id, tenantId, email: holder.email }, role, session };
}

/**
 * The writes a pod offers: Retry, Sync now, drift Fix (each also needs the admin role); and the sign-in
 * routes, which act on no session (signing in directly, or the pod signing in again), and sign-out.
 */
const POD_WRITES = [
  /^\/api\/pod\/failures\/[^/]+\/retry$/,
  /^\/api\/sync$/,
  /^\/api\/drift\/[^/]+\/fix$/,
  /^\/api\/auth\/(login|logout|forgot|reset|first-password|connectwise-pod)$/,
];
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** After the session middleware: a pod session may read, and write only through the pod's actions. */
export function podScope(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = c.get('user');
    if (user?.scope === 'pod' && !SAFE.has(c.req.method) && !POD_WRITES.some((r) => r.test(c.req.path))) {
      throw new HttpError(403, 'forbidden', 'A session opened from an embedded pod can only use the pod\'s actions; sign in to IDSync Cloud Billing directly for this');
    }
    await next();
  };
}
