/**
 * Steady cycles at scale: no whole-list read. A cycle reads the orders since the checkpoint, the subscriptions
 * created since it, and a rotating slice of the subscription list. These tests prove, against the sandbox over
 * HTTP, that a change made between two cycles is never missed: a change with an order is seen the next cycle,
 * a change without one (a count set by the provider, a hold) within one rotation of the slice, with the
 * sandbox's date filters honoured or ignored.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../server/db/store.js';
import { refreshSnapshot, type RefreshDeps, type RefreshResult } from '../../../server/marketplace/snapshot.js';
import { createMarketplaceClient } from '../../../server/marketplace/client.js';
import { manualClock, startSandbox, refreshWorld } from './helpers.js';

const T = 'tenant-1';
const PAGE = 10;
let ctx: Awaited<ReturnType<typeof startSandbox>>;
let store: Store;
let clock: ReturnType<typeof manualClock>;
let deps: RefreshDeps;

beforeEach(async () => {
  ({ clock, ctx, store, deps } = await refreshWorld({ sweepPagesPerCycle: 1 }, PAGE));
});
afterEach(async () => {
  await ctx.close();
  await store.close();
});

const subIds = () => Array.from({ length: ctx.sandbox.state.data.subscriptionCount }, (_, j) => ctx.sandbox.state.data.subscriptionAt(j).id);
const rotation = () => Math.ceil(ctx.sandbox.state.data.subscriptionCount / PAGE);
const client = () => createMarketplaceClient(ctx.connection, { now: clock.now });
async function steady(): Promise<RefreshResult> {
  clock.advance(5 * 60_000);
  const r = await refreshSnapshot(deps, T);
  expect(r.mode).toBe('steady');
  return r;
}

const switchings = [
  { name: 'date filters honoured', ignore: false },
  { name: 'date filters ignored', ignore: true },
];

describe.each(switchings)('steady cycles, $name', ({ ignore }) => {
  beforeEach(() => ctx.sandbox.controls.setSwitches({ ignoreCreationTimeFrom: ignore, ignoreCreationDateFrom: ignore }));

  it('a quiet cycle reads one page of new subscriptions and one slice page, not the whole list', async () => {
    expect(rotation()).toBeGreaterThan(2);
    await refreshSnapshot(deps, T);
    const r = await steady();
    expect(r.stats.apiCallsByPath['GET /subscriptions']).toBe(2);
    expect(r.stats.apiCallsByPath['GET /orders']).toBe(1);
    expect(r.stats.subscriptionsRead).toBe(0);
    expect(r.changes).toEqual([]);
  });

  it('every count set without an order between two cycles is found within one rotation, each once', async () => {
    await refreshSnapshot(deps, T);
    const want = new Set<string>();
    for (const id of subIds()) {
      const p = ctx.sandbox.state.detail(id)!.products![0]!;
      expect(ctx.sandbox.controls.setCount(id, p.mpn!, p.quantity! + 5)).toBe(true);
      want.add(`${id}/${p.id}`);
    }
    const seen: string[] = [];
    for (let i = 0; i < rotation(); i++) {
      const r = await steady();
      expect(r.stats.apiCallsByPath['GET /subscriptions']).toBeLessThanOrEqual(2);
      seen.push(...r.changes.map((c) => `${c.odinSubscriptionId}/${c.odinResourceId}`));
    }
    expect(seen.sort()).toEqual([...want].sort());
  });

  it('a change order is seen the next cycle though its subscription is outside that cycle\'s slice', async () => {
    await refreshSnapshot(deps, T);
    const oldest = subIds().at(-1)!;
    const d = ctx.sandbox.state.detail(oldest)!;
    const p = d.products![0]!;
    clock.advance(60_000);
    await client().placeOrder({ type: 'change', customerId: d.customerId, subscriptionId: oldest, products: [{ mpn: p.mpn, quantity: 2 }] });
    const r = await steady();
    expect(r.changes).toEqual([expect.objectContaining({ odinSubscriptionId: oldest, odinResourceId: p.id, oldCount: p.quantity, newCount: p.quantity! + 2 })]);
    expect(r.stats.subscriptionsListed).toBeLessThanOrEqual(PAGE);
  });

  it('a subscription created by a sales order is stored the next cycle, without reading the list to its end', async () => {
    await refreshSnapshot(deps, T);
    const customerId = ctx.sandbox.state.detail(subIds()[0]!)!.customerId;
    const mpn = ctx.sandbox.state.detail(subIds()[0]!)!.products![0]!.mpn;
    clock.advance(60_000);
    const order = await client().placeOrder({ type: 'sales', customerId, products: [{ mpn, quantity: 4 }] });
    const created = order.products![0]!.subscriptionId!;
    const r = await steady();
    expect(r.changes).toContainEqual(expect.objectContaining({ odinSubscriptionId: created, oldCount: null, newCount: 4 }));
    expect(r.stats.apiCallsByPath['GET /subscriptions']).toBe(2);
  });

  it('a hold and a termination without an order are seen within one rotation', async () => {
    await refreshSnapshot(deps, T);
    const ids = subIds();
    ctx.sandbox.controls.setStatus(ids[Math.floor(ids.length / 2)]!, 'hold');
    ctx.sandbox.controls.setStatus(ids.at(-1)!, 'terminated');
    const seen: string[] = [];
    for (let i = 0; i < rotation(); i++) seen.push(...(await steady()).statusChanges.map((s) => `${s.odinSubscriptionId}:${s.newStatus}`));
    expect(seen.sort()).toEqual([`${ids.at(-1)}:terminated`, `${ids[Math.floor(ids.length / 2)]}:hold`].sort());
  });
});

describe('the rotating slice', () => {
  it('a detail read that failed is tried again the next cycle, wherever the slice is', async () => {
    await refreshSnapshot(deps, T);
    const oldest = subIds().at(-1)!;
    const d = ctx.sandbox.state.detail(oldest)!;
    const p = d.products![0]!;
    clock.advance(60_000);
    await client().placeOrder({ type: 'change', customerId: d.customerId, subscriptionId: oldest, products: [{ mpn: p.mpn, quantity: 1 }] });
    ctx.sandbox.controls.inject({ route: `/subscriptions/${oldest}`, status: 500, times: 4 });
    const failed = await steady();
    expect(failed.stats.detailFailures).toBeGreaterThan(0);
    expect(failed.changes).toEqual([]);
    const next = await steady();
    expect(next.changes).toEqual([expect.objectContaining({ odinSubscriptionId: oldest, newCount: p.quantity! + 1 })]);
  });

  it('new subscriptions landing on top of the list between cycles make it skip nothing', async () => {
    await refreshSnapshot(deps, T);
    const ids = subIds();
    for (const id of ids) {
      const p = ctx.sandbox.state.detail(id)!.products![0]!;
      ctx.sandbox.controls.setCount(id, p.mpn!, p.quantity! + 1);
    }
    const customerId = ctx.sandbox.state.detail(ids[0]!)!.customerId;
    const mpn = ctx.sandbox.state.detail(ids[0]!)!.products![0]!.mpn;
    const seen = new Set<string>();
    for (let i = 0; i < rotation() + 1; i++) {
      // Three new subscriptions land on top of the list before every cycle.
      for (let k = 0; k < 3; k++) await client().placeOrder({ type: 'sales', customerId, products: [{ mpn, quantity: 1 }] });
      for (const c of (await steady()).changes) if (c.oldCount !== null) seen.add(c.odinSubscriptionId);
    }
    expect([...seen].sort()).toEqual([...ids].sort());
  });

  it('a full scan starts the rotation again from the top', async () => {
    await refreshSnapshot(deps, T);
    await steady();
    clock.advance(60_000);
    await refreshSnapshot(deps, T, { full: true });
    const first = subIds()[0]!;
    const p = ctx.sandbox.state.detail(first)!.products![0]!;
    ctx.sandbox.controls.setCount(first, p.mpn!, p.quantity! + 7);
    const r = await steady();
    expect(r.changes).toEqual([expect.objectContaining({ odinSubscriptionId: first, newCount: p.quantity! + 7 })]);
  });
});
