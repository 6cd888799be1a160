/**
 * The mapping screen's PSA lists cannot spend the tenant's Autotask budget: through the product's HTTP API
 * against the Autotask sandbox, a refresh of one list is allowed once per interval (429 + Retry-After,
 * nothing sent), and a viewer's refresh storm leaves the hourly threshold's share for posting, so the next
 * sync still posts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { TENANT_READS_RULE } from '../../../server/mapping/psa-budget.js';
import { createUser } from '../../../server/tenants/repo.js';
import { PASSWORD, signIn, type Agent } from '../../helpers/tenants.js';
import { AUTOTASK_TENANT, call, linkItems, pairs, setCount, syncNow, world, type Json } from './world.js';

describe('PSA lists and the Autotask request budget', () => {
  const w = world(AUTOTASK_TENANT);
  let viewer: Agent;
  beforeAll(async () => {
    const { services } = w.p;
    await createUser(services.store, { id: 'demo-viewer', tenantId: AUTOTASK_TENANT.id, email: 'viewer@demo.example', passwordHash: await services.passwords.hash(PASSWORD), role: 'viewer' }, services.clock.now());
    viewer = await signIn(w.p.app, 'viewer@demo.example');
  });

  it('refreshes one list at most once per interval: 429 with Retry-After, nothing sent to Autotask, the cached copy still served', async () => {
    const at = w.p.sandboxes.autotask;
    expect((await viewer.request('GET', '/api/psa/accounts?refresh=1')).status).toBe(200);
    const sent = at.stats.requests;
    const again = await viewer.request('GET', '/api/psa/accounts?refresh=1');
    expect(again.status).toBe(429);
    expect(((await again.json()) as Json).error).toMatchObject({ code: 'too_many_requests', message: expect.stringMatching(/refresh/i) });
    const wait = Number(again.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(0);
    expect(at.stats.requests).toBe(sent);
    expect((await viewer.request('GET', '/api/psa/accounts')).status).toBe(200);
    w.p.clock.advance(wait * 1000);
    expect((await viewer.request('GET', '/api/psa/accounts?refresh=1')).status).toBe(200);
  });

  it("a viewer's refresh storm leaves Autotask's threshold for posting: the next sync posts", { timeout: 60_000 }, async () => {
    const at = w.p.sandboxes.autotask;
    const [pair] = await pairs(w.admin, '1200000502', 'Repair and Wear LLC', 1);
    await call(w.admin, 'POST', '/api/mapping/bulk', { set: linkItems([pair!]), clear: [] });
    const accounts = ((await call(viewer, 'GET', '/api/psa/accounts')).items as Json[]).map((a) => a.id as string);

    // A fresh hour with a small threshold: 400 requests, of which posting may use up to half.
    w.p.clock.advance(61 * 60_000);
    viewer = await signIn(w.p.app, 'viewer@demo.example');
    w.admin = await w.p.signIn(AUTOTASK_TENANT);
    at.controls.setThreshold(400, 60);
    const paths = Array.from({ length: 150 }, (_, i) => {
      const id = accounts[i % accounts.length]!;
      return i % 3 === 0 ? '/api/psa/accounts?refresh=1' : i % 3 === 1 ? `/api/psa/contracts?accountId=${id}&refresh=1` : `/api/psa/contracts?accountId=${id}&showExpired=1&refresh=1`;
    });
    const answers = await Promise.all(paths.map((p) => viewer.request('GET', p)));
    const statuses = answers.map((r) => r.status);
    const byStatus = Object.fromEntries([...new Set(statuses)].map((st) => [st, statuses.filter((x) => x === st).length]));
    const used = at.controls.usage();
    console.log(`[psa-budget] 150 parallel refreshes: ${JSON.stringify(byStatus)}; Autotask requests used ${used} of 400`);
    expect(statuses.every((st) => st === 200 || st === 429)).toBe(true);
    expect(byStatus[429]).toBeGreaterThan(100);
    // Posting starts pacing at 40% and stops at 50%: the lists stayed well below.
    expect(used).toBeLessThan(0.4 * 400);

    setCount(w.p, pair!.res, pair!.res.count + 2);
    const run = await syncNow(w.admin);
    expect(run).toMatchObject({ status: 'ok', error: null });
    expect(run.summary.posted).toBeGreaterThanOrEqual(1);
  });

  it('counts every PSA read for lists against the tenant, cache misses too (a new id per request is no way round)', async () => {
    w.p.clock.advance(61 * 60_000);
    viewer = await signIn(w.p.app, 'viewer@demo.example');
    const answers = [];
    for (let i = 0; i < TENANT_READS_RULE.maxFailures + 5; i++) answers.push((await viewer.request('GET', `/api/psa/services?contractId=${880000 + i}`)).status);
    expect(answers.slice(0, TENANT_READS_RULE.maxFailures).every((st) => st === 200)).toBe(true);
    expect(answers.slice(TENANT_READS_RULE.maxFailures)).toEqual(Array(5).fill(429));
  });

  it("stops list reads at their share of Autotask's threshold (spent by other integrations too), while posting goes on", async () => {
    const at = w.p.sandboxes.autotask;
    w.p.clock.advance(61 * 60_000);
    viewer = await signIn(w.p.app, 'viewer@demo.example');
    w.admin = await w.p.signIn(AUTOTASK_TENANT);
    at.controls.setThreshold(1000, 60);
    at.controls.spend(350); // other integrations of the tenant: 35 %, past the lists' 30 %
    at.controls.resetStats();
    const res = await viewer.request('GET', '/api/psa/accounts?refresh=1');
    expect(res.status).toBe(429);
    expect(((await res.json()) as Json).error.message).toMatch(/Autotask.*kept for posting/);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Object.keys(at.stats.byRoute).filter((r) => /companies/i.test(r))).toEqual([]);
    const [pair] = await pairs(w.admin, '1200000502', 'Repair and Wear LLC', 1);
    setCount(w.p, pair!.res, pair!.res.count + 1);
    const run = await syncNow(w.admin);
    expect(run).toMatchObject({ status: 'ok', error: null });
    expect(run.summary.posted).toBeGreaterThanOrEqual(1);
  });
});
