/**
 * A change order's list item names its customer and products but not its subscription. When the stored
 * snapshot leaves one subscription that can hold those products, the order's detail is not read; the
 * subscription's detail must confirm the guess (its lastModifiedDate is on the order's day), else the
 * order's detail is read and the right subscription found. Against the sandbox over HTTP.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../server/db/store.js';
import { refreshSnapshot, type RefreshDeps, type RefreshResult } from '../../../server/marketplace/snapshot.js';
import { createMarketplaceClient } from '../../../server/marketplace/client.js';
import { manualClock, startSandbox, refreshWorld } from './helpers.js';

const T = 'tenant-1';
let ctx: Awaited<ReturnType<typeof startSandbox>>;
let store: Store;
let clock: ReturnType<typeof manualClock>;
let deps: RefreshDeps;

beforeEach(async () => {
  ({ clock, ctx, store, deps } = await refreshWorld({ sweepPagesPerCycle: 1 }));
  await refreshSnapshot(deps, T);
});
afterEach(async () => {
  await ctx.close();
  await store.close();
});

const client = () => createMarketplaceClient(ctx.connection, { now: clock.now });
const details = () => Array.from({ length: ctx.sandbox.state.data.subscriptionCount }, (_, j) => ctx.sandbox.state.detail(ctx.sandbox.state.data.subscriptionAt(j).id)!);
async function changeThenCycle(subscriptionId: string, mpn: string, delta: number): Promise<RefreshResult> {
  const customerId = ctx.sandbox.state.detail(subscriptionId)!.customerId;
  clock.advance(60_000);
  await client().placeOrder({ type: 'change', customerId, subscriptionId, products: [{ mpn, quantity: delta }] });
  clock.advance(4 * 60_000);
  const r = await refreshSnapshot(deps, T);
  expect(r.mode).toBe('steady');
  return r;
}

describe('change orders without their detail', () => {
  it('an order whose products only one of its customer\'s subscriptions holds costs one call: the subscription\'s detail', async () => {
    const all = details();
    const d = all.find((s) => s.products!.some((p) => all.filter((o) => o.customerId === s.customerId && o.products!.some((q) => q.mpn === p.mpn)).length === 1))!;
    const p = d.products!.find((q) => all.filter((o) => o.customerId === d.customerId && o.products!.some((x) => x.mpn === q.mpn)).length === 1)!;
    const r = await changeThenCycle(d.id, p.mpn!, 2);
    expect(r.changes).toEqual([expect.objectContaining({ odinSubscriptionId: d.id, odinResourceId: p.id, oldCount: p.quantity, newCount: p.quantity! + 2 })]);
    expect(r.stats.apiCallsByPath['GET /orders/{id}']).toBeUndefined();
    expect(r.stats.apiCallsByPath['GET /subscriptions/{id}']).toBe(1);
  });

  it('a wrong guess is caught by the guessed subscription\'s lastModifiedDate; the order\'s detail then names the right one', async () => {
    // A product only the first of a customer's two subscriptions holds is added to the second.
    const [a, b, p] = pairWithProductOnlyInFirst(details());
    const r = await changeThenCycle(b.id, p.mpn!, 3);
    expect(r.changes).toEqual([expect.objectContaining({ odinSubscriptionId: b.id, oldCount: null, newCount: 3 })]);
    expect(r.stats.apiCallsByPath['GET /orders/{id}']).toBe(1);
    expect(r.changes.some((c) => c.odinSubscriptionId === a.id)).toBe(false);
  });

  it('when two of the customer\'s subscriptions hold the products, the order\'s detail is read', async () => {
    const [a, b, p] = pairWithProductOnlyInFirst(details());
    ctx.sandbox.controls.setCount(b.id, p.mpn!, 1);
    clock.advance(60_000);
    await refreshSnapshot(deps, T, { full: true });
    const r = await changeThenCycle(a.id, p.mpn!, 1);
    expect(r.stats.apiCallsByPath['GET /orders/{id}']).toBe(1);
    expect(r.changes).toEqual([expect.objectContaining({ odinSubscriptionId: a.id, newCount: p.quantity! + 1 })]);
  });
});

function pairWithProductOnlyInFirst(all: ReturnType<typeof details>) {
  for (const a of all) {
    for (const b of all) {
      if (a === b || a.customerId !== b.customerId || a.status !== 'active' || b.status !== 'active') continue;
      const p = a.products!.find((q) => !b.products!.some((x) => x.mpn === q.mpn) && all.filter((o) => o.customerId === a.customerId && o.products!.some((x) => x.mpn === q.mpn)).length === 1);
      if (p) return [a, b, p] as const;
    }
  }
  throw new Error('no customer with two subscriptions of different products');
}
