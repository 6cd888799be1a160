/**
 * The pod's API (issue 11 §6), for the screen shown inside the Autotask contract page and the ConnectWise
 * agreement screen:
 *   GET  /api/pod/contracts/{psaContractId}         linked resources, this period's adjustments, failures, drift
 *   POST /api/pod/failures/{adjustmentId}/retry     (admin) make a failed adjustment due now and start a cycle
 * "Sync now" is POST /api/sync; drift fixes are POST /api/drift/{id}/fix.
 */
import { Hono } from 'hono';
import { readContractPod, retryNow } from '../embed/pod-data.js';
import { currentUser, requireAdmin, type AppEnv } from '../http/context.js';
import { HttpError, notFound } from '../http/errors.js';
import { loadTenantSettings } from '../mapping/tenant.js';
import { startCycle } from '../sync/cycle.js';
import { syncDepsFor } from '../sync/deps.js';
import { keepAlive } from './sync.js';

const ID = /^[A-Za-z0-9_.:-]{1,64}$/;

export const podRoutes = new Hono<AppEnv>()
  .get('/pod/contracts/:psaContractId', async (c) => {
    const user = currentUser(c);
    const id = c.req.param('psaContractId');
    if (!ID.test(id)) throw new HttpError(422 as 400, 'validation_failed', 'psaContractId: must be a PSA contract id');
    const { store, clock } = c.get('services');
    const { timeZone } = await loadTenantSettings(store, user.tenantId);
    const pod = await readContractPod(store, user.tenantId, id, clock.now(), timeZone);
    if (!pod) throw notFound('Linked contract');
    return c.json(pod);
  })
  .post('/pod/failures/:adjustmentId/retry', async (c) => {
    const user = requireAdmin(c);
    const id = c.req.param('adjustmentId');
    if (!ID.test(id)) throw new HttpError(422 as 400, 'validation_failed', 'adjustmentId: must be an adjustment id');
    const deps = syncDepsFor(c.get('services'));
    if (!(await retryNow(deps.store, user.tenantId, id, deps.clock.now()))) throw notFound('Failed adjustment');
    // A cycle already running picks the row up when it reaches it; otherwise start one now.
    const started = await startCycle(deps, user.tenantId, { trigger: 'manual' });
    if (started) keepAlive(c, started.done);
    return c.json({ retrying: true, runId: started?.runId ?? null }, 202);
  });
