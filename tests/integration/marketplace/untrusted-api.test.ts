/**
 * Change detection that does not trust two things research could not settle (issue 12, item 5): the
 * `creationTimeFrom` filter on GET /orders (a sandbox switch ignores it) and `products[].id` in a subscription
 * detail (a sandbox switch omits it). Through refreshSnapshot over real HTTP into SQLite.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Store } from '../../../server/db/store.js';
import { refreshSnapshot, type RefreshDeps } from '../../../server/marketplace/snapshot.js';
import { createMarketplaceClient } from '../../../server/marketplace/client.js';
import { manualClock, startSandbox, refreshWorld } from './helpers.js';

const T = 'tenant-1';
let ctx: Awaited<ReturnType<typeof startSandbox>>;
let store: Store;
let clock: ReturnType<typeof manualClock>;
let deps: RefreshDeps;

beforeEach(async () => {
  ({ clock, ctx, store, deps } = await refreshWorld({}));
});
afterEach(async () => {
  await ctx.close();
  await store.close();
});

const resource = async (sub: string, id: string) =>
  (await store.db.select().from(store.t.mpResources).where(and(eq(store.t.mpResources.odinSubscriptionId, sub), eq(store.t.mpResources.odinResourceId, id))))[0];
const issues = () => store.db.select().from(store.t.mpScanIssues).where(eq(store.t.mpScanIssues.tenantId, T));

/** A change order on subscription 1000801, then a steady cycle five minutes on. */
async function changeThenCycle(delta: number) {
  const detail = ctx.sandbox.state.detail('1000801')!;
  const product = detail.products![0]!;
  clock.advance(60_000);
  await createMarketplaceClient(ctx.connection, { now: clock.now }).placeOrder({ type: 'change', customerId: detail.customerId, subscriptionId: '1000801', products: [{ mpn: product.mpn, quantity: delta }] });
  clock.advance(4 * 60_000);
  return { product, r: await refreshSnapshot(deps, T) };
}

describe('orders read newest first, stopping at the checkpoint', () => {
  it('a server that ignores creationTimeFrom costs at most twice the API calls, and the change is found the same', async () => {
    await refreshSnapshot(deps, T);
    const honoured = await changeThenCycle(2);
    const ordersHonoured = honoured.r.stats.apiCallsByPath['GET /orders'] ?? 0;

    ctx.sandbox.controls.setSwitches({ ignoreCreationTimeFrom: true });
    const ignored = await changeThenCycle(3);
    expect(ignored.r.changes).toEqual([expect.objectContaining({ odinSubscriptionId: '1000801', odinResourceId: ignored.product.id, newCount: ignored.product.quantity! + 3 })]);
    // Every sales order of the demo is on the list now, newest first: the read stops at the first older one.
    const total = ctx.sandbox.state.orders.list({}, 0, 1).total;
    expect(total).toBeGreaterThan(2 * 10);
    expect(ignored.r.stats.apiCallsByPath['GET /orders']).toBe(ordersHonoured);
    expect(ignored.r.stats.apiCalls).toBeLessThanOrEqual(2 * honoured.r.stats.apiCalls);
  });
});

describe('resources keyed by subscription + mpn', () => {
  it('details without products[].id: the resource stored under its id is found by its mpn, counts follow, no issue', async () => {
    await refreshSnapshot(deps, T);
    ctx.sandbox.controls.setSwitches({ omitProductIds: true });
    expect(ctx.sandbox.state.detail('1000801')!.products![0]!.id).toBeUndefined();
    const { r } = await changeThenCycle(2);
    const product = ctx.sandbox.state.data.catalog.find((p) => p.mpn === ctx.sandbox.state.detail('1000801')!.products![0]!.mpn)!;
    expect(r.changes).toEqual([expect.objectContaining({ odinSubscriptionId: '1000801', odinResourceId: product.id })]);
    expect((await resource('1000801', product.id))!.count).toBe(r.changes[0]!.newCount);
    expect(await issues()).toEqual([]);
  });

  it('a tenant whose Marketplace never sends products[].id keys its resources by mpn and syncs counts', async () => {
    ctx.sandbox.controls.setSwitches({ omitProductIds: true });
    const full = await refreshSnapshot(deps, T);
    expect(full.status).toBe('ok');
    const mpn = ctx.sandbox.state.detail('1000801')!.products![0]!.mpn!;
    const before = (await resource('1000801', mpn))!.count;
    const { r } = await changeThenCycle(-1);
    expect(r.changes).toEqual([expect.objectContaining({ odinSubscriptionId: '1000801', odinResourceId: mpn, oldCount: before, newCount: before - 1 })]);
    expect(await issues()).toEqual([]);
  });
});
