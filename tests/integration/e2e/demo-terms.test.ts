/**
 * The demo's own flows succeed on the demo's PSA contracts (issue 12 item 8, PSA side): the demo Autotask
 * contracts run as far as the demo Marketplace's renewal dates, and the contract that ends this month is
 * already renewed. So, as a user of the demo meets it on 3 December: a decrease found on linking, dated the
 * next period (1 January, after the old end), approved in the review queue, posts to the renewal; and an
 * annual-term decrease held until the subscription's renewal posts on that day.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_PRODUCTS } from '../../../server/demo/roster.js';
import { accepted, AUTOTASK_TENANT, call, linkItems, psaSide, same, setCount, syncNow, world, type Json, type Pair, type Resource } from './world.js';

const VENTURE = '1200000501';
const TODAY = new Date('2026-12-03T14:00:00Z');

/** Venture Logistics' resources of one term, each paired with the service of its product on the PSA contract. */
async function venturePairs(w: ReturnType<typeof world>, termMonths: 1 | 12): Promise<Pair[]> {
  const tree = await call(w.admin, 'GET', '/api/mapping?pageSize=500');
  const company = (tree.companies as Json[]).find((c) => c.odinAccountId === VENTURE)!;
  const side = await psaSide(w.admin, 'Venture Logistics');
  const out: Pair[] = [];
  for (const s of company.subscriptions as Json[]) {
    if (w.p.sandboxes.marketplace.state.subscription(s.odinSubscriptionId)?.termMonths !== termMonths) continue;
    for (const r of s.resources as Json[]) {
      const psaName = DEMO_PRODUCTS.find((p) => p.mpn === r.mpn)!.psaName;
      const cs = side.services.find((x) => x.name === psaName);
      expect(cs, `a service for ${r.name} on ${side.contract.name}`).toBeTruthy();
      const res: Resource = { odinAccountId: VENTURE, odinSubscriptionId: s.odinSubscriptionId, odinResourceId: r.odinResourceId, name: r.name, mpn: r.mpn, count: r.count, billingPeriod: s.billingPeriod };
      out.push({ res, contractId: side.contract.id, accountId: side.account.id, cs: cs! });
    }
  }
  return out;
}

/** The service of `serviceId` on the contract that renews `contractId`, as the Autotask sandbox holds it. */
function onRenewal(w: ReturnType<typeof world>, contractId: string, serviceId: string) {
  const st = w.p.sandboxes.autotask.state;
  const renewal = st.contracts.find((c) => c.renewedContractID === Number(contractId));
  expect(renewal, `a renewal of contract ${contractId}`).toBeTruthy();
  return String(st.contractServices.find((cs) => cs.contractID === renewal!.id && cs.serviceID === Number(serviceId))!.id);
}

/** The cycle `runId` once finished (GET /api/sync's `last`). */
async function finished(w: ReturnType<typeof world>, runId: string): Promise<Json> {
  expect(runId).toBeTruthy();
  for (let i = 0; i < 1000; i++) {
    const s = await call(w.admin, 'GET', '/api/sync');
    if (!s.running && s.last?.id === runId) return s.last;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`run ${runId} did not finish`);
}

describe('demo: a decrease approved for the next period, after the contract ends this month', () => {
  const w = world(AUTOTASK_TENANT, TODAY);

  it('posts to the renewal of the contract, dated 1 January', async () => {
    const [p] = await venturePairs(w, 12);
    expect(p!.contractId).toBeTruthy();
    const contract = w.p.sandboxes.autotask.state.contracts.find((c) => c.id === Number(p!.contractId))!;
    expect(contract.endDate.slice(0, 10)).toBe('2026-12-31');
    await call(w.admin, 'PUT', '/api/review/policy', { mode: 'review_all' });
    // Fewer seats in the Marketplace than billed: the first reconciliation finds a decrease.
    p!.res.count = Number(p!.cs.units) - 3;
    setCount(w.p, p!.res, p!.res.count);
    await syncNow(w.admin, { full: true });
    expect((await call(w.admin, 'POST', '/api/mapping/bulk', { set: linkItems([p!]) })).results.every((x: Json) => x.ok)).toBe(true);
    const held = ((await call(w.admin, 'GET', '/api/review?pageSize=500')).rows as Json[]).filter((r) => same(r, p!.res));
    expect(held).toEqual([expect.objectContaining({ unitChange: -3, effectiveDate: '2027-01-01' })]);

    const out = await call(w.admin, 'POST', '/api/review/approve', { ids: [held[0]!.id] });
    expect(out.results).toEqual([{ id: held[0]!.id, ok: true, status: 'planned' }]);
    // The approval starts a cycle of its own.
    const run = await finished(w, out.runId);
    expect(run.summary).toMatchObject({ failed: 0 });
    expect(accepted(w.p, onRenewal(w, p!.contractId, p!.cs.serviceId))).toEqual([[-3, '2027-01-01']]);
    expect(accepted(w.p, p!.cs.contractServiceId)).toEqual([]);
    expect((await call(w.admin, 'GET', '/api/reports/failures')).total ?? 0).toBe(0);
  });
});

describe('demo: an annual-term decrease held until the renewal', () => {
  const w = world(AUTOTASK_TENANT, TODAY);

  it('posts on the Marketplace renewal date, inside the PSA contract term', async () => {
    const [p] = await venturePairs(w, 12);
    const renewalDate = w.p.sandboxes.marketplace.state.subscription(p!.res.odinSubscriptionId)!.renewalDate.slice(0, 10);
    expect(renewalDate > '2026-12-03').toBe(true);
    await call(w.admin, 'PUT', '/api/review/policy', { mode: 'automatic', holdAnnualDecreases: true });
    p!.res.count = Number(p!.cs.units);
    setCount(w.p, p!.res, p!.res.count);
    await syncNow(w.admin, { full: true });
    expect((await call(w.admin, 'POST', '/api/mapping/bulk', { set: linkItems([p!]) })).results.every((x: Json) => x.ok)).toBe(true);

    await w.nextDay();
    p!.res.count -= 4;
    setCount(w.p, p!.res, p!.res.count);
    await syncNow(w.admin);
    const held = ((await call(w.admin, 'GET', '/api/review?pageSize=500')).rows as Json[]).filter((r) => same(r, p!.res));
    expect(held).toEqual([expect.objectContaining({ unitChange: -4, heldUntil: renewalDate })]);

    w.p.clock.advance(Date.parse(`${renewalDate}T15:00:00Z`) - w.p.clock.now().getTime());
    w.admin = await w.p.signIn(AUTOTASK_TENANT);
    const run = await syncNow(w.admin);
    expect(run.summary).toMatchObject({ failed: 0 });
    expect(accepted(w.p, onRenewal(w, p!.contractId, p!.cs.serviceId))).toEqual([[-4, renewalDate]]);
  });
});
