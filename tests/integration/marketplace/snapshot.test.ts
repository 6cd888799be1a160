/** refreshSnapshot against the sandbox over real HTTP, into an in-memory SQLite store. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Store } from '../../../server/db/store.js';
import { refreshSnapshot, type RefreshDeps } from '../../../server/marketplace/snapshot.js';
import { createMarketplaceClient } from '../../../server/marketplace/client.js';
import { manualClock, memoryStore, recordingLogger, recordingSleep, startSandbox } from './helpers.js';

const T = 'tenant-1';
let ctx: Awaited<ReturnType<typeof startSandbox>>;
let store: Store;
let clock: ReturnType<typeof manualClock>;
let logger: ReturnType<typeof recordingLogger>;
let deps: RefreshDeps;

beforeEach(async () => {
  clock = manualClock('2026-11-20T10:00:00Z');
  ctx = await startSandbox({ clock });
  store = memoryStore();
  logger = recordingLogger();
  deps = { store, clock, logger, connection: ctx.connection, clientOptions: { pageSize: 10, maxAttempts: 2, sleep: recordingSleep().sleep } };
});
afterEach(async () => {
  await ctx.close();
  await store.close();
});

const resources = () => store.db.select().from(store.t.mpResources).where(eq(store.t.mpResources.tenantId, T));
const issues = () => store.db.select().from(store.t.mpScanIssues).where(eq(store.t.mpScanIssues.tenantId, T));
const resource = async (sub: string, id: string) =>
  (await store.db.select().from(store.t.mpResources).where(and(eq(store.t.mpResources.odinSubscriptionId, sub), eq(store.t.mpResources.odinResourceId, id))))[0];
const sandboxClient = () => createMarketplaceClient(ctx.connection, { now: clock.now });

describe('refreshSnapshot', () => {
  it('first run is a full scan that stores companies, subscriptions and every resource', async () => {
    const data = ctx.sandbox.state.data;
    const r = await refreshSnapshot(deps, T);
    expect(r.mode).toBe('full');
    expect(r.status).toBe('ok');
    expect(r.stats.subscriptionsRead).toBe(data.subscriptionCount);
    const companies = await store.db.select().from(store.t.mpCompanies);
    expect(companies.map((c) => c.name)).toContain('Hall Bros. Transportation Co, Inc.');
    expect(companies).toHaveLength(12);
    let expected = 0;
    for (let j = 0; j < data.subscriptionCount; j++) expected += data.subscriptionAt(j).lines.length;
    expect(await resources()).toHaveLength(expected);
    expect(r.changes).toHaveLength(expected);
    expect(r.changes.every((c) => c.oldCount === null)).toBe(true);
    const sub = (await store.db.select().from(store.t.mpSubscriptions).where(eq(store.t.mpSubscriptions.odinSubscriptionId, '1000800')))[0]!;
    expect(sub.billingPeriod).toBe('1 month');
    expect(sub.renewalDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('a steady cycle reads only what orders and lastModifiedDate point at', async () => {
    await refreshSnapshot(deps, T);
    clock.advance(5 * 60_000);
    const quiet = await refreshSnapshot(deps, T);
    expect(quiet.mode).toBe('steady');
    expect(quiet.stats.subscriptionsRead).toBe(0);
    expect(quiet.changes).toEqual([]);

    const detail = ctx.sandbox.state.detail('1000801')!;
    const product = detail.products![0]!;
    clock.advance(60_000);
    await sandboxClient().placeOrder({ type: 'change', customerId: detail.customerId, subscriptionId: '1000801', products: [{ mpn: product.mpn, quantity: 3 }] });
    clock.advance(4 * 60_000);
    const r = await refreshSnapshot(deps, T);
    expect(r.stats.subscriptionsRead).toBe(1);
    expect(r.changes).toEqual([
      expect.objectContaining({ odinSubscriptionId: '1000801', odinResourceId: product.id, oldCount: product.quantity, newCount: product.quantity! + 3, subscriptionStatus: 'active' }),
    ]);
    expect(r.changes[0]!.at).toBe(ctx.sandbox.state.orders.placed[0]!.provisioningDate);
    expect((await resource('1000801', product.id!))!.count).toBe(product.quantity! + 3);
    expect(r.stats.apiCallsByPath['GET /subscriptions/{id}']).toBe(1);

    // A minute on, the order is still inside the overlap window but is not handled twice.
    clock.advance(60_000);
    const again = await refreshSnapshot(deps, T);
    expect(again.stats.apiCallsByPath['GET /orders/{id}']).toBeUndefined();
    expect(again.changes).toEqual([]);

    // Once the day of the change is past, with nothing new, no detail is read at all.
    clock.advance(2 * 86_400_000);
    expect((await refreshSnapshot(deps, T)).mode).toBe('full');
    clock.advance(5 * 60_000);
    const later = await refreshSnapshot(deps, T);
    expect(later.mode).toBe('steady');
    expect(later.stats.subscriptionsRead).toBe(0);
  });

  it('sees a count changed outside the API through lastModifiedDate, and a cancellation as a status change', async () => {
    await refreshSnapshot(deps, T);
    const detail = ctx.sandbox.state.detail('1000802')!;
    const p = detail.products![0]!;
    clock.advance(10 * 60_000);
    ctx.sandbox.controls.setCount('1000802', p.mpn!, 0);
    await sandboxClient().placeOrder({ type: 'cancellation', customerId: ctx.sandbox.state.detail('1000803')!.customerId, subscriptionId: '1000803' });
    clock.advance(60_000);
    const r = await refreshSnapshot(deps, T);
    expect(r.changes).toContainEqual(expect.objectContaining({ odinSubscriptionId: '1000802', oldCount: p.quantity, newCount: 0 }));
    expect(r.statusChanges).toEqual([expect.objectContaining({ odinSubscriptionId: '1000803', oldStatus: 'active', newStatus: 'terminated' })]);
  });

  it('runs a full scan when asked, and again once the last one is a day old', async () => {
    await refreshSnapshot(deps, T);
    clock.advance(60_000);
    expect((await refreshSnapshot(deps, T, { full: true })).mode).toBe('full');
    clock.advance(25 * 3_600_000);
    expect((await refreshSnapshot(deps, T)).mode).toBe('full');
  });

  it('a full scan that fails midway throws and deletes or zeroes nothing', async () => {
    await refreshSnapshot(deps, T);
    const before = await resources();
    ctx.sandbox.controls.setCount('1000800', ctx.sandbox.state.detail('1000800')!.products![0]!.mpn!, 0);
    ctx.sandbox.controls.inject({ route: 'GET /subscriptions', status: 503, times: 5, query: { offset: '10' } });
    clock.advance(60_000);
    await expect(refreshSnapshot(deps, T, { full: true })).rejects.toMatchObject({ kind: 'server', status: 503 });
    expect(await resources()).toEqual(before);
    const state = (await store.db.select().from(store.t.mpSyncState))[0]!;
    expect(state.lastScanStatus).toBe('failed');
    expect((await issues()).some((i) => /scan stopped/.test(i.message))).toBe(true);
  });

  it('a subscription whose detail keeps failing is reported, kept, and read again next cycle', async () => {
    await refreshSnapshot(deps, T);
    const before = await resource('1000804', ctx.sandbox.state.detail('1000804')!.products![0]!.id!);
    ctx.sandbox.controls.inject({ route: '/subscriptions/1000804', status: 500, times: 2 });
    clock.advance(60_000);
    const r = await refreshSnapshot(deps, T, { full: true });
    expect(r.stats.detailFailures).toBe(1);
    expect(r.issues).toContainEqual(expect.objectContaining({ objectKind: 'subscription', objectId: '1000804' }));
    expect(await resource('1000804', before!.odinResourceId)).toMatchObject({ count: before!.count });
    clock.advance(60_000);
    const next = await refreshSnapshot(deps, T);
    expect(next.mode).toBe('steady');
    expect(next.stats.apiCallsByPath['GET /subscriptions/{id}']).toBe(1);
  });
});

describe('bad input from the API', () => {
  it('duplicate ids, negative, fractional and missing quantities keep the stored counts and leave issue rows', async () => {
    await refreshSnapshot(deps, T);
    const d = ctx.sandbox.state.detail('1000800')!;
    const [a] = d.products!;
    const storedA = (await resource('1000800', a!.id!))!.count;
    ctx.sandbox.controls.corrupt('1000800', { products: [{ ...a, quantity: 99 }, { ...a, quantity: 98 }, { id: '555', name: 'Neg', quantity: -4 }, { id: '556', name: 'Frac', quantity: 2.5 }, { id: '557', name: 'None' }] });
    clock.advance(60_000);
    const r = await refreshSnapshot(deps, T, { full: true });
    expect((await resource('1000800', a!.id!))!.count).toBe(storedA);
    expect(await resource('1000800', '555')).toBeUndefined();
    const msgs = (await issues()).map((i) => i.message).join('\n');
    expect(msgs).toMatch(/appears more than once/);
    expect(msgs).toMatch(/quantity -4/);
    expect(msgs).toMatch(/quantity 2\.5/);
    expect(msgs).toMatch(/no quantity/);
    expect(r.changes.filter((c) => c.odinSubscriptionId === '1000800')).toEqual([]);
    expect(logger.lines.some((l) => l.level === 'warn' && /appears more than once/.test(l.msg ?? ''))).toBe(true);
    expect(r.stats.subscriptionsRead).toBe(ctx.sandbox.state.data.subscriptionCount);
  });

  it('a list item with missing fields is skipped and reported; the rest of the scan goes on', async () => {
    ctx.sandbox.controls.corrupt('1000805', { omit: ['customerId'] });
    const r = await refreshSnapshot(deps, T);
    expect(r.issues).toContainEqual(expect.objectContaining({ objectKind: 'subscription', objectId: '1000805', message: expect.stringMatching(/lacks customerId/) }));
    expect(r.stats.subscriptionsRead).toBe(ctx.sandbox.state.data.subscriptionCount - 1);
  });

  it('a page that repeats the previous one is skipped and reported; the scan is partial and stays full next time', async () => {
    ctx.sandbox.controls.inject({ route: 'GET /subscriptions', repeatPage: true, query: { offset: '10' } });
    const r = await refreshSnapshot(deps, T);
    expect(r.status).toBe('partial');
    expect(r.issues).toContainEqual(expect.objectContaining({ objectKind: 'page', message: expect.stringMatching(/repeats the previous page/) }));
    expect(r.stats.subscriptionsListed).toBe(ctx.sandbox.state.data.subscriptionCount - 10);
    clock.advance(60_000);
    expect((await refreshSnapshot(deps, T)).mode).toBe('full');
  });

  it('a token that expires mid-scan is renewed once, logged, and the scan completes', async () => {
    ctx.sandbox.controls.inject({ route: '/subscriptions/1000806', expireTokens: true });
    const r = await refreshSnapshot(deps, T);
    expect(r.status).toBe('ok');
    expect(r.stats.detailFailures).toBe(0);
    expect(r.stats.apiCallsByPath['POST /token']).toBe(2);
    expect((await issues()).some((i) => i.objectKind === 'token' && /new token/.test(i.message))).toBe(true);
  });
});
