/**
 * Preview (issue 14 item 2): what the next cycle will post, without posting; then the cycle posts exactly
 * the rows the preview said it would, and holds the one it said would be held.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { syncDepsFor } from '../../../server/sync/deps.js';
import { accepted, AUTOTASK_TENANT, call, linkItems, pairs, same, setCount, syncNow, world, type Json, type Pair } from '../e2e/world.js';

describe('preview of the next cycle', () => {
  const w = world(AUTOTASK_TENANT);
  let two: Pair[] = [];
  const cs = (p: Pair) => p.cs.contractServiceId as string;

  it('links two resources at equal counts; nothing to post', async () => {
    two = await pairs(w.admin, '1200000504', 'MCS Trucking Inc', [[0, 0], [1, 1]]);
    for (const p of two) {
      p.res.count = Number(p.cs.units);
      setCount(w.p, p.res, p.res.count);
    }
    await syncNow(w.admin);
    const out = await call(w.admin, 'POST', '/api/mapping/bulk', { set: linkItems(two) });
    expect(out.results.every((r: Json) => r.ok)).toBe(true);
    const preview = await call(w.admin, 'GET', '/api/preview');
    expect(preview.rows.filter((r: Json) => two.some((p) => same(r, p.res)))).toEqual([]);
  });

  it('shows the small change as posting and the large one as held, posts nothing itself, and the cycle does what it showed', async () => {
    await call(w.admin, 'PUT', '/api/review/policy', { mode: 'threshold', thresholdUnits: 5 });
    const today = await w.nextDay();
    const [a, b] = two as [Pair, Pair];
    a.res.count += 2;
    b.res.count += 9;
    setCount(w.p, a.res, a.res.count);
    setCount(w.p, b.res, b.res.count);
    // The Marketplace read a cycle starts with (the snapshot), without the rest of the cycle.
    await syncDepsFor(w.p.services).marketplace.refresh(AUTOTASK_TENANT.id, { full: true });
    const before = [accepted(w.p, cs(a)), accepted(w.p, cs(b))];
    const preview = await call(w.admin, 'GET', '/api/preview');
    const mine = (preview.rows as Json[]).filter((r) => two.some((p) => same(r, p.res)));
    expect(mine).toEqual([
      expect.objectContaining({ odinResourceId: a.res.odinResourceId, outcome: 'post', unitChange: 2, toCount: a.res.count, effectiveDate: today, adjustmentId: null }),
      expect.objectContaining({ odinResourceId: b.res.odinResourceId, outcome: 'held', unitChange: 9, why: 'Change of 9 units is above the review threshold of 5' }),
    ]);
    expect(typeof mine[0]!.estimatedAmount).toBe('number');
    expect([accepted(w.p, cs(a)), accepted(w.p, cs(b))]).toEqual(before);
    // The same again: a preview writes nothing, so it does not change.
    expect((await call(w.admin, 'GET', '/api/preview')).rows).toEqual(preview.rows);

    const csv = await w.admin.request('GET', '/api/preview?format=csv');
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const records = parse(await csv.text(), { bom: true }) as string[][];
    expect(records[0]![0]).toBe('Next cycle');
    expect(records.length - 1).toBe(preview.rows.length);

    await syncNow(w.admin);
    expect(accepted(w.p, cs(a))).toEqual([...before[0]!, [2, today]]);
    expect(accepted(w.p, cs(b))).toEqual(before[1]);
    const after = ((await call(w.admin, 'GET', '/api/preview')).rows as Json[]).filter((r) => two.some((p) => same(r, p.res)));
    expect(after).toEqual([expect.objectContaining({ odinResourceId: b.res.odinResourceId, outcome: 'held', unitChange: 9 })]);
    expect(after[0]!.adjustmentId).toBeTruthy();
  });

  it('answers 422 for an unknown parameter', async () => {
    expect((await w.admin.request('GET', '/api/preview?format=xml')).status).toBe(422);
  });
});
