/**
 * GET /api/drift: open differences between the PSA's units and our ledger (hand edits in the PSA).
 * POST /api/drift/check (admin): read every linked resource's units now -> 202.
 * POST /api/drift/{id}/fix (admin): post the difference so the PSA matches the Marketplace.
 */
import { Hono } from 'hono';
import { currentUser, requireAdmin, type AppEnv } from '../http/context.js';
import { notFound } from '../http/errors.js';
import { checkDrift, fixDrift, listDrift } from '../sync/drift.js';
import { syncDepsFor } from '../sync/deps.js';
import { keepAlive } from './sync.js';

export const driftRoutes = new Hono<AppEnv>()
  .get('/drift', async (c) => {
    const user = currentUser(c);
    return c.json({ items: await listDrift(c.get('services'), user.tenantId) });
  })
  .post('/drift/check', async (c) => {
    const user = requireAdmin(c);
    const deps = syncDepsFor(c.get('services'));
    const log = c.get('logger');
    const work = checkDrift(deps, user.tenantId, { all: true })
      .then((r) => log.info({ tenantId: user.tenantId, ...(r ?? { busy: true }) }, 'drift check finished'))
      .catch((err) => log.error({ err, tenantId: user.tenantId }, 'drift check failed'));
    keepAlive(c, work);
    return c.json({ started: true }, 202);
  })
  .post('/drift/:id/fix', async (c) => {
    const user = requireAdmin(c);
    const deps = syncDepsFor(c.get('services'));
    const result = await fixDrift(deps, user.tenantId, c.req.param('id'));
    if (!result) throw notFound(`Drift finding ${c.req.param('id')}`);
    return c.json(result);
  });
