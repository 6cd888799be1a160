/**
 * GET /metrics after real cycles against the sandboxes (the product's real PSA registry, metered as the
 * hosts meter it): cycle, post, failure, API-call and threshold counters move with what happened, in
 * Prometheus text; and only a loopback caller, or one with the METRICS_TOKEN, may read them.
 */
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.js';
import { createDemoSandboxes } from '../../../server/demo/sandboxes.js';
import { DEMO_PASSWORD, seedDemo } from '../../../server/demo/seed.js';
import { createMetrics } from '../../../server/metrics/metrics.js';
import { meteredPsaRegistry } from '../../../server/metrics/psa.js';
import { createTestServices, TestClock } from '../../helpers/services.js';
import { signIn, type Agent } from '../../helpers/tenants.js';
import { listen } from '../sync/world.js';
import { AUTOTASK_TENANT, call, linkItems, pairs, syncNow, type Pair } from '../e2e/world.js';

/** Prometheus text -> value of one sample, e.g. `idsync_sync_cycles_total{outcome="ok",trigger="manual"}`; 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return 0;
}

describe('GET /metrics', () => {
  const clock = new TestClock(new Date('2026-03-16T14:00:00Z'));
  const sandboxes = createDemoSandboxes(clock);
  const metrics = createMetrics();
  let app: ReturnType<typeof createApp>;
  let admin: Agent;
  let close: () => Promise<void>;
  const scrape = async () => {
    const res = await app.request('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text();
  };

  beforeAll(async () => {
    const host = new Hono();
    for (const m of sandboxes.mounts) host.route(m.path, m.app);
    const server = await listen(host);
    const { services } = await createTestServices({ clock, psa: meteredPsaRegistry(metrics, clock) });
    services.metrics = metrics;
    await seedDemo(services, server.url);
    app = createApp(services);
    admin = await signIn(app, AUTOTASK_TENANT.admin, DEMO_PASSWORD);
    close = async () => {
      sandboxes.autotask.controls.releaseHung();
      await server.close();
      await services.store.close();
    };
  });
  afterAll(() => close?.());

  it('counts cycles, posts, failures, API calls and the Autotask threshold after real cycles', async () => {
    const empty = await scrape();
    expect(sample(empty, 'idsync_sync_cycles_total', { outcome: 'ok' })).toBe(0);
    expect(await syncNow(admin, { full: true })).toMatchObject({ status: 'ok' });
    const first = await scrape();
    expect(sample(first, 'idsync_sync_cycles_total', { outcome: 'ok', trigger: 'manual' })).toBe(1);
    expect(sample(first, 'idsync_sync_cycle_duration_seconds_count', { outcome: 'ok' })).toBe(1);
    expect(sample(first, 'idsync_api_calls_total', { system: 'marketplace', operation: 'refresh', outcome: 'ok' })).toBeGreaterThan(0);

    // One relation, then a count change: one post through the real Autotask client.
    const [link] = (await pairs(admin, '1200000504', 'MCS Trucking Inc', [[1, 1]])) as Pair[];
    const [resource, subscription, company] = linkItems([link!]);
    await call(admin, 'PUT', `/api/mapping/companies/${company!.odinAccountId}`, { psaAccountId: company!.psaAccountId });
    await call(admin, 'PUT', `/api/mapping/subscriptions/${subscription!.odinSubscriptionId}`, { psaContractId: subscription!.psaContractId });
    const { level: _l, odinSubscriptionId, odinResourceId, ...body } = resource!;
    await call(admin, 'PUT', `/api/mapping/resources/${odinSubscriptionId}/${odinResourceId}`, body);
    const before = await scrape();
    sandboxes.marketplace.controls.setCount(link!.res.odinSubscriptionId, link!.res.mpn, link!.res.count + 3);
    expect(await syncNow(admin)).toMatchObject({ status: 'ok' });
    const after = await scrape();
    expect(sample(after, 'idsync_adjustments_posted_total', { psa: 'autotask' })).toBe(sample(before, 'idsync_adjustments_posted_total', { psa: 'autotask' }) + 1);
    expect(sample(after, 'idsync_api_calls_total', { system: 'autotask', operation: 'postAdjustment', outcome: 'posted' })).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'idsync_psa_call_duration_seconds_count', { system: 'autotask', operation: 'postAdjustment' })).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'idsync_sync_cycles_total', { outcome: 'ok', trigger: 'manual' })).toBe(2);
    const threshold = sample(after, 'idsync_autotask_threshold', { tenant: AUTOTASK_TENANT.id });
    const remaining = sample(after, 'idsync_autotask_threshold_remaining', { tenant: AUTOTASK_TENANT.id });
    expect(threshold).toBe(10_000);
    expect(remaining).toBeGreaterThan(0);
    expect(remaining).toBeLessThan(threshold);

    // Autotask refuses the next post: a failure by kind, a partial cycle.
    sandboxes.autotask.controls.inject({ kind: 'status', status: 500, body: JSON.stringify({ errors: ['Unable to save: the Contract is being edited.'] }), path: 'ServiceAdjustments', method: 'POST' });
    sandboxes.marketplace.controls.setCount(link!.res.odinSubscriptionId, link!.res.mpn, link!.res.count + 5);
    expect(await syncNow(admin)).toMatchObject({ status: 'partial' });
    sandboxes.autotask.controls.clearFaults();
    const failed = await scrape();
    expect(sample(failed, 'idsync_sync_cycles_total', { outcome: 'partial', trigger: 'manual' })).toBe(1);
    const failures = failed.split('\n').filter((l) => l.startsWith('idsync_adjustment_failures_total{'));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/psa="autotask"/);
    expect(sample(failed, 'idsync_adjustments_posted_total', { psa: 'autotask' })).toBe(sample(after, 'idsync_adjustments_posted_total', { psa: 'autotask' }));
  });

  it('serves loopback callers only by default: not another address, not a proxied request', async () => {
    expect((await app.request('/metrics', { headers: { 'x-test-address': '10.1.2.3' } })).status).toBe(403);
    const proxied = await app.request('/metrics', { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(proxied.status).toBe(403);
    expect(((await proxied.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    expect((await app.request('/metrics', { headers: { 'x-test-address': '::1' } })).status).toBe(200);
  });

  it('with METRICS_TOKEN set, serves a bearer of the token from anywhere and nobody else', async () => {
    const { services } = await createTestServices();
    services.metrics = createMetrics();
    services.config.metricsToken = 'a-long-metrics-token-1234';
    const tokenApp = createApp(services);
    expect((await tokenApp.request('/metrics')).status).toBe(401);
    expect((await tokenApp.request('/metrics', { headers: { authorization: 'Bearer wrong-token' } })).status).toBe(401);
    const ok = await tokenApp.request('/metrics', { headers: { authorization: 'Bearer a-long-metrics-token-1234', 'x-test-address': '10.1.2.3' } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toMatch(/# TYPE idsync_sync_cycles_total counter/);
  });
});
