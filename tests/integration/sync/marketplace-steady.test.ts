/**
 * Through the product's sync path (runCycle: snapshot refresh, planner, Autotask post): steady cycles read a
 * slice of the subscription list, not all of it, and still post every Marketplace change exactly once: a
 * change order on the next cycle, a count set without an order within one rotation of the slice. Sandboxes
 * over HTTP on 127.0.0.1, the list paged by 10 and one page a cycle so the demo world takes several cycles.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../../server/db/open-node.js';
import type { Store } from '../../../server/db/store.js';
import { demoAutotaskData } from '../../../server/sandboxes/autotask/index.js';
import { runCycle } from '../../../server/sync/cycle.js';
import type { SyncDeps } from '../../../server/sync/deps.js';
import { snapshotSource } from '../../../server/sync/marketplace-source.js';
import { createMarketplaceClient } from '../../../server/marketplace/client.js';
import { plainBox, sandboxUnits, seedTenant, silentLogger, snapshotResources, startSandboxes, TENANT, worldDeps, writeLinks } from './world.js';

const now = new Date();
const today = now.toISOString().slice(0, 10);
const PAGE = 10;

let world: Awaited<ReturnType<typeof startSandboxes>>;
let store: Store;
let deps: SyncDeps;

const adjustmentsOf = (csId: number) => world.at.controls.adjustments().filter((a) => a.contractServiceID === csId).map((a) => [a.unitChange, a.effectiveDate.slice(0, 10)]);
const rotation = () => Math.ceil(world.mp.state.data.subscriptionCount / PAGE);
const cycle = () => runCycle(deps, TENANT, { trigger: 'manual' });

/** Links the first monthly resource of a demo customer to its Autotask contract, with both sides at the same count. */
async function linkInStep(customer: number) {
  const odinAccountId = String(1200000500 + customer);
  const contractId = 29747601 + customer * 10;
  const res = (await snapshotResources(store, odinAccountId))[0]!;
  const cs = world.at.state.contractServices.filter((c) => c.contractID === contractId)[0]!;
  const units = sandboxUnits(world.at, cs.id, today);
  expect(world.mp.controls.setCount(res.sub, res.mpn ?? res.res, units)).toBe(true);
  await deps.marketplace.refresh(TENANT, { full: true });
  await writeLinks(store, [{
    odinAccountId, odinSubscriptionId: res.sub, odinResourceId: res.res, psaAccountId: String(29683501 + customer), psaContractId: String(contractId),
    psaServiceId: String(cs.serviceID), psaContractServiceId: String(cs.id), ledgerUnits: units,
  }], now);
  return { res, cs, units, customerId: odinAccountId };
}

beforeAll(async () => {
  world = await startSandboxes({ autotask: demoAutotaskData(now) });
  store = openSqlite(':memory:').store;
  await seedTenant(store, world, now);
  const marketplace = snapshotSource({ store, clock: { now: () => new Date() }, logger: silentLogger, secrets: plainBox }, { pageSize: PAGE, sleep: async () => undefined }, { sweepPagesPerCycle: 1 });
  deps = worldDeps(store, { marketplace, options: { settleAfterMs: 0, retry: { slowBaseMs: 1, slowCapMs: 1, transientBaseMs: 1, transientCapMs: 1 } } });
  await deps.marketplace.refresh(TENANT, { full: true });
});

afterAll(async () => {
  await store?.close();
  await world?.close();
});

describe('steady sync cycles with a rotating slice of the Marketplace list', () => {
  it('a count set without an order is posted once, within one rotation, and no cycle reads the whole list', async () => {
    expect(rotation()).toBeGreaterThan(2);
    const { res, cs, units } = await linkInStep(0);
    expect(world.mp.controls.setCount(res.sub, res.mpn ?? res.res, units + 3)).toBe(true);
    for (let i = 0; i < rotation(); i++) {
      const r = await cycle();
      expect(r!.summary.marketplaceMode).toBe('steady');
      // token, one orders page, one new-subscriptions page, one slice page, at most one detail
      expect(r!.summary.marketplaceCalls).toBeLessThanOrEqual(5);
    }
    expect(adjustmentsOf(cs.id)).toEqual([[3, today]]);
    await cycle();
    expect(adjustmentsOf(cs.id)).toEqual([[3, today]]);
  });

  it('a change order is posted on the next cycle, wherever its subscription is in the list', async () => {
    const { res, cs, customerId } = await linkInStep(4);
    await cycle();
    const client = createMarketplaceClient({ baseUrl: world.mpUrl, marketplace: 'us', subscriptionKey: 'demo-key', apiUser: 'demo', password: 'demo' });
    await client.placeOrder({ type: 'change', customerId, subscriptionId: res.sub, products: [{ mpn: res.mpn, quantity: 2 }] });
    await cycle();
    expect(adjustmentsOf(cs.id)).toEqual([[2, today]]);
    await cycle();
    expect(adjustmentsOf(cs.id)).toEqual([[2, today]]);
  });
});
