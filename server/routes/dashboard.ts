/** GET /api/dashboard (docs/api.md): the home page's headline numbers and charts for the caller's tenant. */
import { Hono } from 'hono';
import { z } from 'zod';
import { currentUser, type AppEnv } from '../http/context.js';
import { readQuery } from '../http/validate.js';
import { loadTenantSettings } from '../mapping/tenant.js';
import { buildDashboard } from '../reports/dashboard.js';

export const dashboardRoutes = new Hono<AppEnv>().get('/dashboard', async (c) => {
  const user = currentUser(c);
  readQuery(c, z.object({}).strict());
  const { store, clock } = c.get('services');
  const { psaKind, timeZone } = await loadTenantSettings(store, user.tenantId);
  return c.json(await buildDashboard(store, { tenantId: user.tenantId, psaKind, context: null, timeZone }, clock.now()));
});
