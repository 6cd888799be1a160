/**
 * The same engine against the ConnectWise sandbox over HTTP: reconciliation on link, dating of additions,
 * and the guide's "turn on proration" failure kept verbatim until the agreement is fixed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openSqlite } from '../../../server/db/open-node.js';
import type { Store } from '../../../server/db/store.js';
import { createConnectWiseSandbox, DEMO_CREDENTIALS, demoConnectWiseData } from '../../../server/sandboxes/connectwise/index.js';
import { demoAutotaskData } from '../../../server/sandboxes/autotask/index.js';
import { runCycle } from '../../../server/sync/cycle.js';
import { reconcileResourceLink } from '../../../server/sync/reconcile.js';
import type { SyncDeps } from '../../../server/sync/deps.js';
import { CALENDAR_MONTH, nextPeriodStart } from '../../../server/domain/billing-period.js';
import { listen, seedTenant, snapshotResources, startSandboxes, TENANT, worldDeps, writeLinks } from './world.js';

const now = new Date();
const today = now.toISOString().slice(0, 10);
const firstOfNext = nextPeriodStart(today, CALENDAR_MONTH);

let world: Awaited<ReturnType<typeof startSandboxes>>;
let cw: ReturnType<typeof createConnectWiseSandbox>;
let cwServer: Awaited<ReturnType<typeof listen>>;
let store: Store;
let deps: SyncDeps;

const created = (agreementId: number, productId: number) =>
  cw.controls.createdAdditions().filter((a) => a.agreementId === agreementId && a.productId === productId).map((a) => [a.quantity, a.effectiveDate?.slice(0, 10)]);

const lines = (agreementId: number, productId: number) =>
  cw.state.productOn(agreementId, productId).map((a) => [a.quantity, a.effectiveDate?.slice(0, 10), a.cancelledDate?.slice(0, 10) ?? null]);
const dayBefore = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** The tenant's ConnectWise posting style, as the configuration screen saves it. */
async function setStyle(additionStyle: 'delta' | 'replace') {
  const c = DEMO_CREDENTIALS;
  await store.db.update(store.t.connections).set({ settingsJson: JSON.stringify({ site: cwServer.url, companyId: c.companyId, clientId: c.clientId, additionStyle }) }).where(eq(store.t.connections.kind, 'connectwise'));
}

async function link(customer: number, agreementId: number, productId: number, ledger: number | null) {
  const odinAccountId = String(1200000500 + customer);
  const res = (await snapshotResources(store, odinAccountId))[0]!;
  await writeLinks(store, [{ odinAccountId, odinSubscriptionId: res.sub, odinResourceId: res.res, psaAccountId: String(250 + customer), psaContractId: String(agreementId), psaServiceId: String(productId), psaContractServiceId: null as unknown as string, ledgerUnits: ledger }], now, TENANT, 'connectwise');
  return res;
}

async function setCount(res: { sub: string; mpn: string | null; res: string }, n: number) {
  expect(world.mp.controls.setCount(res.sub, res.mpn ?? res.res, n)).toBe(true);
  await deps.marketplace.refresh(TENANT, { full: false });
}

beforeAll(async () => {
  world = await startSandboxes({ autotask: demoAutotaskData(now) });
  cw = createConnectWiseSandbox({ data: demoConnectWiseData(now) });
  cwServer = await listen(cw.app);
  store = openSqlite(':memory:').store;
  await seedTenant(store, world, now);
  const { t } = store;
  await store.db.update(t.tenants).set({ psaKind: 'connectwise' }).where(eq(t.tenants.id, TENANT));
  const c = DEMO_CREDENTIALS;
  await store.db.insert(t.connections).values({ tenantId: TENANT, kind: 'connectwise', settingsJson: JSON.stringify({ site: cwServer.url, companyId: c.companyId, clientId: c.clientId }), secretsBox: JSON.stringify({ publicKey: c.publicKey, privateKey: c.privateKey }), updatedAt: now.toISOString() });
  deps = worldDeps(store, { options: { settleAfterMs: 0, retry: { slowBaseMs: 1, slowCapMs: 1, transientBaseMs: 1, transientCapMs: 1 } } });
  await deps.marketplace.refresh(TENANT, { full: true });
  // These cases exercise replace posting (not the default: see server/psa/connectwise/replace.ts).
  await setStyle('replace');
});

afterAll(async () => {
  await store?.close();
  await cwServer?.close();
  await world?.close();
});

describe('sync scenarios through the ConnectWise sandbox', () => {
  it('linking replaces the addition with one at the new total dated today; later changes date increases today and decreases next period', async () => {
    // Agreement 1000 holds 2 units of product 100 for the first customer.
    const res = await link(0, 1000, 100, null);
    await setCount(res, 8);
    expect(await reconcileResourceLink(deps, TENANT, res.sub, res.res)).toMatchObject({ status: 'posted', unitChange: 6 });
    expect(created(1000, 100)).toEqual([[8, today]]);
    await setCount(res, 9);
    await runCycle(deps, TENANT, { trigger: 'manual' });
    await setCount(res, 5);
    await runCycle(deps, TENANT, { trigger: 'manual' });
    // The second change of the day edits today's addition; the decrease starts a new one next period.
    expect(created(1000, 100)).toEqual([[8, today], [5, firstOfNext]]);
    expect(lines(1000, 100)).toEqual([[2, '2025-01-01', dayBefore(today)], [9, today, dayBefore(firstOfNext)], [5, firstOfNext, null]]);
  });

  it('a replace cut off after its addition landed is settled as posted, once: the old addition is ended first', async () => {
    const res = await link(3, 1030, 103, null);
    const before = lines(1030, 103).filter((l) => l[2] === null).reduce((s, l) => s + Number(l[0]), 0);
    await setCount(res, before + 2);
    cw.controls.failNext({ status: 503, match: { method: 'PATCH' } });
    expect(await reconcileResourceLink(deps, TENANT, res.sub, res.res)).toMatchObject({ status: 'unknown' });
    await runCycle(deps, TENANT, { trigger: 'manual' });
    const rows = await store.db.select().from(store.t.adjustments).where(eq(store.t.adjustments.psaContractId, '1030'));
    expect(rows.map((r) => [r.status, r.unitChange])).toEqual([['posted', 2]]);
    expect(created(1030, 103)).toEqual([[before + 2, today]]);
    expect(lines(1030, 103).filter((l) => l[2] === null || (l[2] as string) >= today).map((l) => l[0])).toEqual([before + 2]);
  });

  it('the delta option (per tenant) posts each change as a +n/-n addition', async () => {
    await setStyle('delta');
    try {
      const res = await link(1, 1010, 101, null);
      const before = Number(lines(1010, 101).reduce((s, l) => s + Number(l[0]), 0));
      await setCount(res, before + 4);
      expect(await reconcileResourceLink(deps, TENANT, res.sub, res.res)).toMatchObject({ status: 'posted' });
      await setCount(res, before + 1);
      await runCycle(deps, TENANT, { trigger: 'manual' });
      expect(created(1010, 101).slice(-2).map((c) => c[0])).toEqual([expect.any(Number), -3]);
    } finally {
      await setStyle('replace');
    }
  });

  // Only a mid-period addition needs proration: on the first of a month the addition is a whole period.
  it.skipIf(today.endsWith('-01'))("an agreement without proration fails with the connector's clear message and stays in the Failure Log", async () => {
    // The third company's agreement (1020) has "Prorate Agreement" off; it holds 8 units of product 102.
    const res = await link(2, 1020, 102, 8);
    await setCount(res, 8);
    await setCount(res, 10);
    await runCycle(deps, TENANT, { trigger: 'manual' });
    const rows = await store.db.select().from(store.t.adjustments).where(eq(store.t.adjustments.psaContractId, '1020'));
    expect(rows).toEqual([expect.objectContaining({ status: 'failed', unitChange: 2 })]);
    expect(rows[0]!.lastError).toMatch(/prorat/i);
    expect(created(1020, 102)).toEqual([]);
  });
});
