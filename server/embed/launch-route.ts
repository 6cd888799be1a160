/**
 * GET /launch?token=...: the landing URL of a launch from the control panel (or a PSA pod). Verifies the
 * token (server/auth/launch.ts), consumes its jti, opens a session whose cookie works in a third-party
 * iframe (setSessionCookie: SameSite=None; Secure; Partitioned over HTTPS) and redirects to the target
 * screen. The token leaves the address bar with the redirect, and Referrer-Policy keeps it out of Referer.
 */
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { consumeLaunchJti, LaunchRefused, verifyLaunchToken } from '../auth/launch.js';
import { createSession } from '../auth/sessions.js';
import type { AppEnv } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import { setSessionCookie } from '../routes/auth.js';
import { getTenant } from '../tenants/repo.js';
import { updateMarketplaceConnection } from './gateway.js';

export const launchRoutes = new Hono<AppEnv>().get('/launch', async (c) => {
  c.header('Referrer-Policy', 'no-referrer');
  c.header('Cache-Control', 'no-store');
  const token = c.req.query('token');
  if (!token || token.length > 8192) throw new HttpError(400, 'bad_request', 'The launch link has no token: launch again from the control panel');
  const services = c.get('services');
  const { store, clock } = services;
  let launch;
  try {
    launch = await verifyLaunchToken(services, token);
  } catch (err) {
    if (err instanceof LaunchRefused) throw new HttpError(401, 'unauthenticated', err.message);
    throw err;
  }
  // The user and tenant must still exist and be enabled before the jti is spent.
  const [user] = await store.db.select().from(store.t.users).where(eq(store.t.users.id, launch.userId));
  const tenant = await getTenant(store, launch.tenantId);
  if (!user || user.tenantId !== launch.tenantId || user.disabled || !tenant || tenant.status !== 'active') {
    throw new HttpError(403, 'forbidden', 'This account is not enabled: ask your provider');
  }
  if (!(await consumeLaunchJti(services, launch.jti, launch.expiresAt))) {
    throw new HttpError(401, 'unauthenticated', 'This launch link was already used: launch again from the control panel');
  }
  if (launch.gateway) await updateMarketplaceConnection(services, tenant.id, launch.gateway);
  const session = await createSession(store, user, clock.now());
  setSessionCookie(c, session.id);
  c.get('logger').info({ userId: user.id, tenantId: tenant.id, screen: launch.screen, gateway: Boolean(launch.gateway) }, 'launched');
  return c.redirect(launch.screen, 303);
});
