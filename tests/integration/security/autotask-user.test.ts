/**
 * The Autotask API user is stored as a secret: it must not come back in a Test Credentials answer, in a
 * 502 body of /api/psa/* (viewers read those), in adjustments.last_error or the Failure log, or in a log
 * line, whatever the connector's errors say. Through the product's HTTP API against the Autotask sandbox,
 * with an API user the sandbox does not know (so zone discovery, which sends the user name, fails).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { createApp } from '../../../server/app.js';
import { createDemoSandboxes } from '../../../server/demo/sandboxes.js';
import { DEMO_PASSWORD, seedDemo } from '../../../server/demo/seed.js';
import { createPsaRegistry } from '../../../server/psa/registry.js';
import type { Logger } from '../../../server/services.js';
import { createTestServices, TestClock } from '../../helpers/services.js';
import { signIn, type Agent } from '../../helpers/tenants.js';
import { listen } from '../sync/world.js';
import { AUTOTASK_TENANT, call, linkItems, pairs, syncNow, type Json } from '../e2e/world.js';

const GHOST = 'ghost.SECRET-user@nowhere.example';
const lines: unknown[] = [];
const capture = (bindings: Record<string, unknown>): Logger => {
  const at = (level: string) => (o: Record<string, unknown>, msg?: string) => void lines.push({ level, ...bindings, ...o, msg });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: (b) => capture({ ...bindings, ...b }) };
};
const errorsAsLogged = (_k: string, v: unknown) => (v instanceof Error ? { name: v.name, message: v.message } : v);

describe('the Autotask API user never leaves as text', () => {
  const clock = new TestClock(new Date('2026-03-16T14:00:00Z'));
  const sandboxes = createDemoSandboxes(clock);
  let server: Awaited<ReturnType<typeof listen>>;
  let admin: Agent;
  let services: Awaited<ReturnType<typeof createTestServices>>['services'];
  beforeAll(async () => {
    const host = new Hono();
    for (const m of sandboxes.mounts) host.route(m.path, m.app);
    server = await listen(host);
    services = (await createTestServices({ clock, psa: createPsaRegistry({ clock }) })).services;
    services.logger = capture({});
    await seedDemo(services, server.url);
    const app = createApp(services);
    admin = await signIn(app, AUTOTASK_TENANT.admin, DEMO_PASSWORD);
    expect((await syncNow(admin, { full: true })).status).toBe('ok');
    const [pair] = await pairs(admin, '1200000502', 'Repair and Wear LLC', 1);
    await call(admin, 'POST', '/api/mapping/bulk', { set: linkItems([pair!]), clear: [] });
    const conn = await call(admin, 'GET', '/api/connections/autotask');
    await call(admin, 'PUT', '/api/connections/autotask', { ...conn.settings, apiUser: GHOST });
    sandboxes.marketplace.controls.setCount(pair!.res.odinSubscriptionId, pair!.res.mpn, pair!.res.count + 2);
  });
  afterAll(async () => {
    sandboxes.autotask.controls.releaseHung();
    await server?.close();
  });

  it('Test Credentials says what failed without naming the user', async () => {
    const { result } = await call(admin, 'POST', '/api/connections/autotask/test', {});
    expect(result).toMatchObject({ ok: false, reason: 'zone_not_found' });
    expect(JSON.stringify(result)).not.toContain(GHOST);
  });

  it('the 502 of a PSA list does not name the user', async () => {
    const res = await admin.request('GET', '/api/psa/accounts?refresh=1');
    expect(res.status).toBeGreaterThanOrEqual(400);
    const text = await res.text();
    expect(text).toMatch(/Autotask/);
    expect(text).not.toContain(GHOST);
    expect(text).not.toContain(encodeURIComponent(GHOST));
  });

  it('a failed post keeps its reason in the Failure log and adjustments.last_error without the user', async () => {
    const run = await syncNow(admin);
    expect(run.status).not.toBe('running');
    const rows = await services.store.db.select().from(services.store.t.adjustments);
    const failed = rows.filter((r) => r.lastError);
    expect(failed.length).toBeGreaterThan(0);
    for (const r of failed) expect(r.lastError).not.toContain(GHOST);
    const failures = await call(admin, 'GET', '/api/reports/failures');
    expect((failures.rows as Json[]).length).toBeGreaterThan(0);
    expect(JSON.stringify(failures)).not.toContain(GHOST);
    const runs = await services.store.db.select().from(services.store.t.syncRuns);
    expect(JSON.stringify(runs)).not.toContain(GHOST);
  });

  it('no log line names the user', () => {
    const text = JSON.stringify(lines, errorsAsLogged);
    expect(lines.length).toBeGreaterThan(0);
    expect(text.includes(GHOST) || text.includes(encodeURIComponent(GHOST))).toBe(false);
  });
});
