/**
 * A change dated inside an Autotask period already approved and posted (issue 12, item 6, product side),
 * through the product's HTTP API and the Autotask sandbox. Autotask accepts it and bills the prorated
 * difference on a later invoice (docs/vendor-notes.md), so the product keeps the date (the customer had the
 * units from that day) and says in the Adjustments log that it landed in a posted period.
 */
import { describe, expect, it } from 'vitest';
import { accepted, AUTOTASK_TENANT, call, linkItems, pairs, report, same, setCount, syncNow, world } from './world.js';

describe('Autotask: a change inside an approved-and-posted period', () => {
  const w = world(AUTOTASK_TENANT);

  it('posts once at its own date, and the log says it landed in a posted period', async () => {
    // A resource whose linking posts no decrease for April (that would move the next change's date).
    const p = (await pairs(w.admin, '1200000502', 'Repair and Wear LLC', 3)).find((x) => x.res.count >= x.cs.units);
    expect(p).toBeTruthy();
    await call(w.admin, 'POST', '/api/mapping/bulk', { set: linkItems([p!]), clear: [] });
    const linkRows = (await report(w.admin, 'adjustments')).filter((r) => same(r, p!.res));
    for (const r of linkRows) expect(r.dateReason).not.toMatch(/approved and posted/);
    const before = accepted(w.p, p!.cs.contractServiceId);
    // The billing manager bills March in advance: Approve & Post through 31 March.
    expect(w.p.sandboxes.autotask.controls.approveAndPost(Number(p!.contractId), '2026-03-31', w.p.clock.now())).toBeGreaterThan(0);

    const today = await w.nextDay();
    setCount(w.p, p!.res, p!.res.count + 2);
    const run = await syncNow(w.admin);
    expect(run.summary).toMatchObject({ posted: 1, failed: 0 });
    expect(accepted(w.p, p!.cs.contractServiceId)).toEqual([...before, [2, today]]);
    const rows = (await report(w.admin, 'adjustments')).filter((r) => same(r, p!.res) && r.effectiveDate === today);
    expect(rows).toEqual([expect.objectContaining({ unitChange: 2, dateReason: expect.stringMatching(/already approved and posted/) })]);
  });
});
