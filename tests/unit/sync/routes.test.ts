import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import type { AppEnv, SessionUser } from '../../../server/http/context.js';
import { HttpError } from '../../../server/http/errors.js';
import type { Services } from '../../../server/services.js';
import { registerSyncDeps } from '../../../server/sync/deps.js';
import { syncRoutes } from '../../../server/routes/sync.js';
import { driftRoutes } from '../../../server/routes/drift.js';
import { makeWorld, silent, TENANT, type World } from './helpers.js';

function appFor(w: World, role: 'admin' | 'viewer' = 'admin') {
  const services = { store: w.store, clock: w.clock, logger: silent, secrets: w.deps.secrets, config: { syncIntervalSeconds: null }, psa: w.deps.psa } as unknown as Services;
  registerSyncDeps(services, w.deps);
  const user: SessionUser = { userId: 'u1', tenantId: TENANT, email: 'a@b.c', role };
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    c.set('services', services);
    c.set('logger', silent);
    c.set('requestId', 'r1');
    c.set('user', user);
    await next();
  });
  app.route('/api', new Hono<AppEnv>().route('/', syncRoutes).route('/', driftRoutes));
  app.onError((err, c) => (err instanceof HttpError ? (c.header('retry-after', err.headers['Retry-After'] ?? undefined), c.json({ error: { ...err.details, code: err.code, message: err.message } }, err.status)) : c.json({ error: String(err) }, 500)));
  return app;
}

describe('sync and drift routes', () => {
  it('drift check: 409 while a sync cycle holds the tenant, with a message saying why', async () => {
    const w = await makeWorld();
    let release!: () => void;
    w.deps.marketplace = { refresh: () => new Promise((r) => (release = () => r({ changes: [] }))) };
    const app = appFor(w);
    expect((await app.request('/api/sync', { method: 'POST' })).status).toBe(202);
    for (let i = 0; i < 50 && !release; i++) await new Promise((r) => setTimeout(r, 10));
    const busy = await app.request('/api/drift/check', { method: 'POST' });
    expect(busy.status).toBe(409);
    expect(((await busy.json()) as { error: { message: string } }).error.message).toMatch(/sync cycle is running/);
    release();
  });

  it('POST /api/sync starts a cycle (202 {runId}), 409 while one runs; GET /api/sync reports it', async () => {
    const w = await makeWorld();
    let release!: () => void;
    w.deps.marketplace = { refresh: () => new Promise((r) => (release = () => r({ changes: [] }))) };
    const app = appFor(w);
    const idle = await (await app.request('/api/sync')).json();
    expect(idle).toMatchObject({ running: false, current: null, last: null, intervalSeconds: 300, nextDueAt: w.clock.now().toISOString() });
    const res = await app.request('/api/sync', { method: 'POST' });
    expect(res.status).toBe(202);
    const { runId } = (await res.json()) as { runId: string };
    expect(runId).toMatch(/^[0-9a-f-]{36}$/);
    const again = await app.request('/api/sync', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"full":true}' });
    expect(again.status).toBe(409);
    // It says when the running cycle started and by when the next can start (the cycle's time budget, 240 s).
    const started = w.clock.now();
    const retryAt = new Date(started.getTime() + 240_000);
    const hhmm = (d: Date) => d.toISOString().slice(11, 16);
    expect(((await again.json()) as { error: Record<string, unknown> }).error).toMatchObject({
      code: 'conflict',
      message: `A sync cycle is running, started ${hhmm(started)} UTC; the next can start by ${hhmm(retryAt)} UTC`,
      startedAt: started.toISOString(),
      retryAt: retryAt.toISOString(),
    });
    expect(again.headers.get('retry-after')).toBe('240');
    const busy = await (await app.request('/api/sync')).json();
    expect(busy).toMatchObject({ running: true, current: { id: runId, phase: 'marketplace' } });
    release();
    for (let i = 0; i < 50 && (await (await app.request('/api/sync')).json() as { running: boolean }).running; i++) await new Promise((r) => setTimeout(r, 10));
    const done = await (await app.request('/api/sync')).json();
    expect(done).toMatchObject({ running: false, last: { id: runId, status: 'ok', summary: expect.objectContaining({ trigger: 'manual' }), error: null } });
  });
  it('a viewer may read but not start; a bad body is refused', async () => {
    const w = await makeWorld();
    expect((await appFor(w, 'viewer').request('/api/sync', { method: 'POST' })).status).toBe(403);
    expect((await appFor(w, 'viewer').request('/api/drift')).status).toBe(200);
    expect((await appFor(w).request('/api/sync', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"fll":true}' })).status).toBe(422);
  });
  it('drift: check (202), list, fix; unknown id 404', async () => {
    const w = await makeWorld();
    await w.setCount('S1', 'R1', 10);
    await w.link('S1', 'R1', { ledger: 10 });
    w.psa.base.set('C1|S-R1', 7);
    const app = appFor(w);
    expect((await app.request('/api/drift/check', { method: 'POST' })).status).toBe(202);
    let items: { id: string }[] = [];
    for (let i = 0; i < 50 && !items.length; i++) {
      items = ((await (await app.request('/api/drift')).json()) as { items: { id: string }[] }).items;
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(items).toEqual([expect.objectContaining({ odinResourceId: 'R1', ledgerUnits: 10, psaUnits: 7, marketplaceCount: 10 })]);
    // The caller can tell that the check it asked for ran.
    type LastCheck = { status: string; summary: { found: number } | null } | null;
    let lastCheck = null as LastCheck;
    for (let i = 0; i < 50 && !lastCheck?.summary; i++) {
      lastCheck = ((await (await app.request('/api/drift')).json()) as { lastCheck: LastCheck }).lastCheck;
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(lastCheck).toMatchObject({ status: 'ok', summary: { found: 1 } });
    const fix = await app.request(`/api/drift/${items[0]!.id}/fix`, { method: 'POST' });
    expect(await fix.json()).toMatchObject({ reconciliation: { status: 'posted', unitChange: 3 } });
    expect((await app.request('/api/drift/nope/fix', { method: 'POST' })).status).toBe(404);
    expect(w.psa.unitsOn('C1|S-R1', '2025-03-15')).toBe(10);
  });
});
