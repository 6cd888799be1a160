/**
 * Quantity floor per relation (issue 14 item 3): a decrease stops at the floor; a rise above it posts.
 */
import { describe, expect, it } from 'vitest';
import { flooredCount } from '../../../server/review/floor.js';
import { accepted, AUTOTASK_TENANT, call, linkItems, pairs, setCount, syncNow, world, type Pair } from '../e2e/world.js';

describe('flooredCount', () => {
  it('never below the floor; unknown stays unknown', () => {
    expect(flooredCount(3, 10)).toBe(10);
    expect(flooredCount(12, 10)).toBe(12);
    expect(flooredCount(3, null)).toBe(3);
    expect(flooredCount(null, 10)).toBeNull();
  });
});

describe('quantity floor through the API', () => {
  const w = world(AUTOTASK_TENANT);
  let p!: Pair;
  const cs = () => p.cs.contractServiceId as string;

  it('a decrease stops at the floor, a rise above it posts', async () => {
    [p] = (await pairs(w.admin, '1200000504', 'MCS Trucking Inc', [[0, 0]])) as [Pair];
    const units = Number(p.cs.units);
    setCount(w.p, p.res, units);
    await syncNow(w.admin);
    await call(w.admin, 'POST', '/api/mapping/bulk', { set: linkItems([p]) });
    expect((await w.admin.request('PUT', '/api/review/policy/nope/nope', { mode: 'automatic', quantityFloor: 1 })).status).toBe(404);
    await call(w.admin, 'PUT', `/api/review/policy/${p.res.odinSubscriptionId}/${p.res.odinResourceId}`, { mode: 'automatic', quantityFloor: units - 1 });
    const today = await w.nextDay();
    const before = accepted(w.p, cs());
    setCount(w.p, p.res, units - 4);
    await syncNow(w.admin);
    // Down to the floor only: -1, dated the next period start.
    expect(accepted(w.p, cs())).toEqual([...before, [-1, '2026-04-01']]);
    setCount(w.p, p.res, units + 2);
    await syncNow(w.admin);
    // From the floor (units - 1 later, units now) up to units + 2: +2 today, and +1 later folded by the plan.
    const after = accepted(w.p, cs()).slice(before.length + 1);
    expect(after.reduce((s, [n]) => s + n, 0)).toBe(3);
    expect(after[0]).toEqual([2, today]);
  });
});
