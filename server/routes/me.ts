/** GET /api/me: who is signed in, their tenant, and the CSRF token the widgets send back. */
import { Hono } from 'hono';
import type { AppContext, AppEnv, SessionUser } from '../http/context.js';
import { currentUser } from '../http/context.js';
import { notFound } from '../http/errors.js';
import { getTenant, maskLicenceKey } from '../tenants/repo.js';

export async function describeMe(c: AppContext, user: SessionUser, csrfToken: string) {
  const { store, config } = c.get('services');
  const tenant = await getTenant(store, user.tenantId);
  if (!tenant) throw notFound('Tenant');
  return {
    user: { id: user.userId, email: user.email, role: user.role, ...(user.scope ? { scope: user.scope } : {}) },
    tenant: {
      id: tenant.id,
      name: tenant.name,
      licenceCustomer: tenant.licenceCustomer,
      licenceKeyMasked: maskLicenceKey(tenant.licenceKey),
      timeZone: tenant.timeZone,
      currency: tenant.currency ?? 'USD',
      locale: tenant.locale ?? 'en-US',
      psaKind: tenant.psaKind,
      prorationConvention: tenant.prorationConvention,
      syncIntervalSeconds: config.syncIntervalSeconds ?? tenant.syncIntervalSeconds,
      status: tenant.status,
    },
    csrfToken,
    demoMode: config.demoMode,
  };
}

export const meRoutes = new Hono<AppEnv>().get('/me', async (c) => {
  const user = currentUser(c);
  return c.json(await describeMe(c, user, c.get('session')!.csrfToken));
});
