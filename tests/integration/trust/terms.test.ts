/**
 * Commitment terms end to end (issue 14 item 3): on an annual-term (NCE) subscription billed monthly, a
 * decrease is held until the term's renewal date, shown as held with that date in the review queue and
 * the preview, and posted on the renewal day, not before (the injected clock moves the days); an
 * increase posts at once.
 */
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../server/domain/dates.js';
import { accepted, AUTOTASK_TENANT, call, linkItems, psaSide, same, setCount, syncNow, world, type Json, type Pair } from '../e2e/world.js';

const COMPANIES: [string, string][] = [
  ['1200000502', 'Repair and Wear LLC'], ['1200000503', 'Cimarron Dental'], ['1200000504', 'MCS Trucking Inc'],
  ['1200000505', 'Blue Light Company'], ['1200000506', 'Transcorr'], ['1200000501', 'Venture Logistics'], ['1200000500', 'Hall Brothers Transportation'],
];

describe('annual commitment terms', () => {
  const w = world(AUTOTASK_TENANT);
  let pair!: Pair;
  const cs = () => pair.cs.contractServiceId as string;
  const renewal = '2026-06-10';

  it('finds an annual-term subscription, sets its renewal, links it at equal counts', async () => {
    const tree = await call(w.admin, 'GET', '/api/mapping?pageSize=500');
    for (const [id, name] of COMPANIES) {
      const company = (tree.companies as Json[]).find((c) => c.odinAccountId === id);
      const sub = (company?.subscriptions as Json[] | undefined)?.find((s) => s.status === 'active' && w.p.sandboxes.marketplace.state.subscription(s.odinSubscriptionId)?.termMonths === 12 && s.resources.length);
      if (!sub) continue;
      const side = await psaSide(w.admin, name);
      const r = sub.resources[0] as Json;
      pair = { res: { odinAccountId: id, odinSubscriptionId: sub.odinSubscriptionId, odinResourceId: r.odinResourceId, name: r.name, mpn: r.mpn, count: r.count, billingPeriod: sub.billingPeriod }, contractId: side.contract.id, accountId: side.account.id, cs: side.services[0]! };
      break;
    }
    expect(pair, 'an annual-term subscription in the demo').toBeTruthy();
    await call(w.admin, 'PUT', '/api/review/policy', { mode: 'automatic', holdAnnualDecreases: true });
    w.p.sandboxes.marketplace.state.change(pair.res.odinSubscriptionId, { renewalDate: renewal });
    pair.res.count = Number(pair.cs.units);
    setCount(w.p, pair.res, pair.res.count);
    await syncNow(w.admin, { full: true });
    const out = await call(w.admin, 'POST', '/api/mapping/bulk', { set: linkItems([pair]) });
    expect(out.results.every((x: Json) => x.ok)).toBe(true);
  });

  it('an increase posts at once', async () => {
    const today = w.today;
    const before = accepted(w.p, cs());
    pair.res.count += 2;
    setCount(w.p, pair.res, pair.res.count);
    await syncNow(w.admin);
    expect(accepted(w.p, cs())).toEqual([...before, [2, today]]);
  });

  it('holds a decrease until the renewal date and shows it held with the date', async () => {
    await w.nextDay();
    const before = accepted(w.p, cs());
    pair.res.count -= 5;
    setCount(w.p, pair.res, pair.res.count);
    await syncNow(w.admin);
    expect(accepted(w.p, cs())).toEqual(before);
    const held = ((await call(w.admin, 'GET', '/api/review')).rows as Json[]).filter((r) => same(r, pair.res));
    expect(held).toEqual([expect.objectContaining({ unitChange: -5, effectiveDate: renewal, heldUntil: renewal, why: `Annual term: seats can be reduced at the renewal on ${renewal}` })]);
    const preview = ((await call(w.admin, 'GET', '/api/preview')).rows as Json[]).filter((r) => same(r, pair.res));
    expect(preview).toEqual([expect.objectContaining({ outcome: 'held', heldUntil: renewal, why: `Held until the term renews on ${renewal}` })]);
  });

  it('a rise meanwhile, still below the PSA, waits with it', async () => {
    await w.nextDay();
    const before = accepted(w.p, cs());
    pair.res.count += 1;
    setCount(w.p, pair.res, pair.res.count);
    const run = await syncNow(w.admin);
    expect(run.summary.planErrors).toBe(0);
    expect(accepted(w.p, cs())).toEqual(before);
    const held = ((await call(w.admin, 'GET', '/api/review')).rows as Json[]).filter((r) => same(r, pair.res));
    expect(held.map((r) => [r.unitChange, r.heldUntil]).sort()).toEqual([[-5, renewal], [1, renewal]]);
  });

  it('posts nothing the day before the renewal, and the folded decrease on the renewal day, once', async () => {
    const before = accepted(w.p, cs());
    const goTo = async (date: string) => {
      w.p.clock.advance(Date.parse(`${date}T15:00:00Z`) - w.p.clock.now().getTime());
      w.admin = await w.p.signIn(AUTOTASK_TENANT);
    };
    await goTo(addDays(renewal, -1));
    await syncNow(w.admin);
    expect(accepted(w.p, cs())).toEqual(before);
    await goTo(renewal);
    await syncNow(w.admin);
    expect(accepted(w.p, cs())).toEqual([...before, [-4, renewal]]);
    await syncNow(w.admin);
    expect(accepted(w.p, cs())).toEqual([...before, [-4, renewal]]);
    expect(((await call(w.admin, 'GET', '/api/review')).rows as Json[]).filter((r) => same(r, pair.res))).toEqual([]);
  });
});
