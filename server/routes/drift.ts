/**
 * GET /api/drift: open differences between the PSA's units and our ledger (hand edits in the PSA), and
 *   the last check (a sync_runs row with trigger 'drift') so a caller can tell when a check it asked for ran.
 * POST /api/drift/check (admin): read every linked resource's units now -> 202; 409 while a cycle runs.
 * POST /api/drift/{id}/fix (admin): post the difference so the PSA matches the Marketplace.
 */
import { Hono } from 'hono';
import { currentUser, requireAdmin, type AppEnv } from '../http/context.js';
import { HttpError, notFound } from '../http/errors.js';
import { cycleLeaseName, leaseHeld } from '../sync/lease.js';
import { latestRuns } from '../sync/runs.js';
import { checkDrift, fixDrift, listDrift } from '../sync/drift.js';
import { syncDepsFor } from '../sync/deps.js';
import { keepAlive } from './sync.js';

export const driftRoutes = new Hono<AppEnv>()
  .get('/drift', async (c) => {
    const user = currentUser(c);
    const { store } = c.get('services');
    const [last] = await latestRuns(store, user.tenantId, 1, 'drift');
    const lastCheck = last
      ? { id: last.id, status: last.status, startedAt: last.startedAt, finishedAt: last.finishedAt, summary: last.summaryJson ? JSON.parse(last.summaryJson) : null, error: last.error }
      : null;
    return c.json({ items: await listDrift(c.get('services'), user.tenantId), lastCheck });
  })
  .post('/drift/check', async (c) => {
    const user = requireAdmin(c);
    const deps = syncDepsFor(c.get('services'));
    if (await leaseHeld(deps.store, cycleLeaseName(user.tenantId), deps.clock.now())) {
      throw new HttpError(409, 'conflict', 'A sync cycle is running for this tenant: check again when it has finished');
    }
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
