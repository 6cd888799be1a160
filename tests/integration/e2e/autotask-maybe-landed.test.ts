/**
 * Money: a write Autotask saved but answered with an outage (503 after the save) is `failed` with kind
 * `server`. It may have landed, so nothing may cancel it or merge into it before the poster settles it by
 * reading the service's units: not clearing or re-pointing the relation, not a same-day return of the
 * count under the "immediate" decrease policy. Once settled it is history (Adjustments log) when it
 * landed, cancelled when it did not; until then it stays in the Failure log.
 */
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../server/domain/dates.js';
import type { Fault } from '../../../server/sandboxes/autotask/controls.js';
import { sandboxUnits } from '../sync/world.js';
import { accepted, AUTOTASK_TENANT, call, linkItems, pairs, report, same, setCount, syncNow, world, type Json, type Pair } from './world.js';

const SAVED_THEN_503: Fault = { kind: 'status', status: 503, method: 'POST', path: 'ServiceAdjustments', phase: 'after' };
const REFUSED_503: Fault = { kind: 'status', status: 503, method: 'POST', path: 'ServiceAdjustments' };

/** Raise the count by `by` while Autotask answers the post with `fault`; returns the Failure log row. */
async function failedIncrease(w: ReturnType<typeof world>, p: Pair, by: number, fault: Fault): Promise<Json> {
  w.p.sandboxes.autotask.controls.inject(fault);
  setCount(w.p, p.res, (p.res.count += by));
  expect((await syncNow(w.admin)).status).toBe('partial');
  w.p.sandboxes.autotask.controls.clearFaults();
  const rows = (await report(w.admin, 'failures')).filter((r) => same(r, p.res));
  expect(rows).toEqual([expect.objectContaining({ unitChange: by, effectiveDate: w.today })]);
  return rows[0]!;
}

const resourcePath = (p: Pair) => `/api/mapping/resources/${p.res.odinSubscriptionId}/${p.res.odinResourceId}`;

async function linkOne(w: ReturnType<typeof world>, odinAccountId: string, psaAccount: string, pick: [number, number], extra: Json = {}): Promise<Pair> {
  const [pair] = await pairs(w.admin, odinAccountId, psaAccount, [pick]);
  const items = linkItems([pair!]).map((i) => (i.level === 'resource' ? { ...i, ...extra } : i));
  const out = await call(w.admin, 'POST', '/api/mapping/bulk', { set: items });
  expect(out.results.every((r: Json) => r.ok)).toBe(true);
  expect(await syncNow(w.admin)).toMatchObject({ status: 'ok' });
  return pair!;
}

describe('Autotask: a write that may have landed survives clearing its relation', () => {
  const w = world(AUTOTASK_TENANT);

  it('saved then 503, relation cleared: stays in the Failure log, then is settled as landed and shows in the Adjustments log, never sent twice', async () => {
    const p = await linkOne(w, '1200000504', 'MCS Trucking Inc', [1, 1]);
    const today = await w.nextDay();
    const cs = p.cs.contractServiceId as string;
    const before = accepted(w.p, cs);
    const row = await failedIncrease(w, p, 6, SAVED_THEN_503);
    expect(accepted(w.p, cs)).toEqual([...before, [6, today]]);

    await call(w.admin, 'DELETE', resourcePath(p), undefined, 204);
    expect((await report(w.admin, 'failures')).map((r) => r.id)).toEqual([row.id]);

    w.p.clock.current = new Date(Date.parse(row.nextAttemptAt) + 1000);
    await syncNow(w.admin);
    expect(await report(w.admin, 'failures')).toEqual([]);
    expect((await report(w.admin, 'adjustments')).filter((r) => r.id === row.id)).toEqual([expect.objectContaining({ unitChange: 6, effectiveDate: today })]);
    expect(accepted(w.p, cs)).toEqual([...before, [6, today]]);
  });

  it('refused with 503 (not saved), relation cleared: stays in the Failure log until settled as not landed, then cancelled; never posted', async () => {
    const p = await linkOne(w, '1200000505', 'Blue Light Company', [3, 0]);
    await w.nextDay();
    const cs = p.cs.contractServiceId as string;
    const before = accepted(w.p, cs);
    const row = await failedIncrease(w, p, 6, REFUSED_503);
    expect(accepted(w.p, cs)).toEqual(before);

    await call(w.admin, 'DELETE', resourcePath(p), undefined, 204);
    expect((await report(w.admin, 'failures')).map((r) => r.id)).toEqual([row.id]);

    w.p.clock.current = new Date(Date.parse(row.nextAttemptAt) + 1000);
    await syncNow(w.admin);
    expect(await report(w.admin, 'failures')).toEqual([]);
    expect((await report(w.admin, 'adjustments')).filter((r) => r.id === row.id)).toEqual([]);
    expect(accepted(w.p, cs)).toEqual(before);
  });

  it('saved then 503, relation re-pointed to another service: the old row is settled as landed (Adjustments log), the new service reconciled once', async () => {
    const p = await linkOne(w, '1200000506', 'Transcorr', [0, 0]);
    const today = await w.nextDay();
    const cs = p.cs.contractServiceId as string;
    const before = accepted(w.p, cs);
    const row = await failedIncrease(w, p, 6, SAVED_THEN_503);
    expect(accepted(w.p, cs)).toEqual([...before, [6, today]]);

    const at = w.p.sandboxes.autotask.state;
    const other = at.contractServices.find((x) => x.contractID === Number(p.contractId) && x.id !== Number(cs))!;
    const otherUnits = sandboxUnits(w.p.sandboxes.autotask, other.id, today);
    const out = await call(w.admin, 'PUT', resourcePath(p), { psaServiceId: String(other.serviceID), psaContractServiceId: String(other.id) });
    const diff = p.res.count - otherUnits;
    expect(out.reconciliation).toMatchObject({ status: diff === 0 ? 'none' : 'posted', unitChange: diff });
    expect(await report(w.admin, 'failures')).toEqual([]);
    expect((await report(w.admin, 'adjustments')).filter((r) => r.id === row.id)).toEqual([expect.objectContaining({ unitChange: 6, effectiveDate: today })]);
    expect(accepted(w.p, cs)).toEqual([...before, [6, today]]);
    expect(accepted(w.p, String(other.id))).toEqual(diff === 0 ? [] : [[diff, today]]);
  });
});

describe('Autotask, "immediate" decreases: a same-day return to the old count after a saved-then-503 increase', () => {
  const w = world(AUTOTASK_TENANT);

  it('neither cancels nor merges the row: +6 is settled as landed, -6 follows on the next free day, the PSA ends at the Marketplace count', async () => {
    const p = await linkOne(w, '1200000504', 'MCS Trucking Inc', [1, 1], { decreasePolicy: 'immediate' });
    const today = await w.nextDay();
    const cs = p.cs.contractServiceId as string;
    const before = accepted(w.p, cs);
    const start = p.res.count;
    const row = await failedIncrease(w, p, 6, SAVED_THEN_503);

    // Later the same day the customer goes back to the old count.
    setCount(w.p, p.res, (p.res.count = start));
    await syncNow(w.admin);
    const failures = (await report(w.admin, 'failures')).filter((r) => same(r, p.res));
    expect(failures.find((r) => r.id === row.id)).toMatchObject({ unitChange: 6 });

    w.p.clock.current = new Date(Date.parse(row.nextAttemptAt) + 1000);
    await syncNow(w.admin);
    expect(await report(w.admin, 'failures')).toEqual([]);
    const tomorrow = addDays(today, 1);
    expect(accepted(w.p, cs)).toEqual([...before, [6, today], [-6, tomorrow]]);
    expect(sandboxUnits(w.p.sandboxes.autotask, Number(cs), tomorrow)).toBe(start);
  });
});
