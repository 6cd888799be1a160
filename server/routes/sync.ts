/**
 * GET /api/sync: is a cycle running, its progress, the last result, the interval and when the next is due.
 * POST /api/sync (admin) {full?}: start a cycle now -> 202 {runId}; 409 while one runs, saying when it
 * started and by when the next can start (`retryAt`, Retry-After).
 * The cycle outlives the request: Workers keep it alive through executionCtx.waitUntil; on Node the
 * promise simply runs on.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { currentUser, requireAdmin, type AppEnv } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import { readJson } from '../http/validate.js';
import { cycleBusy } from '../sync/busy.js';
import { startCycle } from '../sync/cycle.js';
import { syncDepsFor } from '../sync/deps.js';
import { cycleLeaseName, leaseHeld } from '../sync/lease.js';
import { loadTenant } from '../sync/repo.js';
import { latestRuns } from '../sync/runs.js';
import { intervalSecondsOf, nextDueAt } from '../sync/scheduler.js';

/** Keep background work alive on Workers; on Node there is no executionCtx and nothing to do. */
export function keepAlive(c: Context, work: Promise<unknown>): void {
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    /* Node host */
  }
}

export const startBody = z.strictObject({ full: z.boolean().optional() });

export const syncRoutes = new Hono<AppEnv>()
  .get('/sync', async (c) => {
    const user = currentUser(c);
    const deps = syncDepsFor(c.get('services'));
    const tenant = await loadTenant(deps.store, user.tenantId);
    const now = deps.clock.now();
    const runs = (await latestRuns(deps.store, user.tenantId, 10)).filter((r) => r.trigger !== 'drift');
    const running = await leaseHeld(deps.store, cycleLeaseName(user.tenantId), now);
    const current = running ? runs.find((r) => r.status === 'running') : undefined;
    const last = runs.find((r) => r.status !== 'running');
    return c.json({
      running: !!current,
      current: current ? { id: current.id, phase: current.phase, done: current.done, total: current.total, startedAt: current.startedAt } : null,
      last: last
        ? { id: last.id, status: last.status, startedAt: last.startedAt, finishedAt: last.finishedAt, summary: last.summaryJson ? JSON.parse(last.summaryJson) : null, error: last.error }
        : null,
      intervalSeconds: intervalSecondsOf(deps, tenant),
      nextDueAt: tenant ? await nextDueAt(deps, tenant, runs[0]?.startedAt ?? null) : null,
    });
  })
  .post('/sync', async (c) => {
    const user = requireAdmin(c);
    // The body is optional: a bare POST starts a changes-only cycle.
    const body = c.req.header('content-type') ? await readJson(c, startBody) : {};
    const deps = syncDepsFor(c.get('services'));
    const started = await startCycle(deps, user.tenantId, { trigger: 'manual', full: body.full });
    if (!started) {
      const busy = await cycleBusy(deps, user.tenantId);
      const seconds = Math.max(1, Math.ceil((Date.parse(busy.retryAt) - deps.clock.now().getTime()) / 1000));
      throw new HttpError(409, 'conflict', busy.message, { 'Retry-After': String(seconds) }, { retryAt: busy.retryAt, startedAt: busy.startedAt });
    }
    keepAlive(c, started.done);
    c.get('logger').info({ tenantId: user.tenantId, runId: started.runId }, 'sync started by hand');
    return c.json({ runId: started.runId }, 202);
  });
