/**
 * Replace posting planned on hand-worked timelines (server/psa/connectwise/replace.ts). Each case applies the
 * planned writes to the additions as ConnectWise would and reads the units day by day: a replace at d must
 * raise every day from d on by exactly the change and leave the days before alone, whatever order the changes
 * are posted in (the long soak's failure: a decrease dated the next period posted before an increase dated today).
 */
import { describe, expect, it } from 'vitest';
import { pendingSteps, planReplace, type ReplaceStep } from '../../../server/psa/connectwise/replace.js';
import { isLive, unitsOn } from '../../../server/psa/connectwise/units.js';
import type { CwAddition } from '../../../server/psa/connectwise/wire.js';

const P = 100;
const at = (d: string) => `${d}T00:00:00Z`;
const line = (id: number, quantity: number, from: string, until?: string, description = 'manual'): CwAddition => ({
  id, product: { id: P }, quantity, billCustomer: 'Billable', effectiveDate: at(from), ...(until ? { cancelledDate: at(until) } : {}), description,
});

let nextId = 9000;
/** The additions after ConnectWise applied `steps` (a new addition starts on `d`). */
function apply(additions: CwAddition[], steps: readonly ReplaceStep[], d: string): CwAddition[] {
  const out = additions.map((a) => ({ ...a }));
  for (const s of steps) {
    if (s.kind === 'add') {
      out.push({ id: nextId++, product: { id: P }, billCustomer: 'Billable', quantity: s.quantity, effectiveDate: at(d), ...(s.until ? { cancelledDate: at(s.until) } : {}), description: s.description });
      continue;
    }
    const a = out.find((x) => x.id === s.additionId)!;
    for (const op of s.ops) (a as Record<string, unknown>)[op.path] = op.value;
  }
  return out;
}

/** Plan and apply one change; the plan must exist. */
function post(additions: CwAddition[], d: string, change: number, adj: string): CwAddition[] {
  const steps = planReplace(additions, d, change, adj, 'M365');
  expect(steps, `${adj}: ${change} on ${d}`).not.toBeNull();
  return apply(additions, steps!, d);
}

const DAYS = ['2026-06-30', '2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-15', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-31', '2027-02-01', '2027-03-31', '2027-04-01', '2027-12-31'];
const timeline = (additions: CwAddition[]) => DAYS.map((d) => `${d}:${unitsOn(additions, String(P), d)}`);
/** The units a list of dated changes gives on each day, over a starting count. */
const expected = (start: number, changes: [string, number][], end?: string) =>
  DAYS.map((d) => `${d}:${end && d > end ? 0 : start + changes.filter(([on]) => on <= d).reduce((s, [, n]) => s + n, 0)}`);

describe('planReplace: units by date, whatever order the changes post in', () => {
  const base = () => [line(5000, 5, '2025-01-01')];

  it('a decrease dated the next period posted before an increase dated today (the soak failure)', () => {
    let adds = post(base(), '2027-01-01', -1, 'a1');
    adds = post(adds, '2026-12-03', 2, 'a2');
    expect(timeline(adds)).toEqual(expected(5, [['2027-01-01', -1], ['2026-12-03', 2]]));
    // One addition bills at a time: the replace at 12-03 ends where the next-period one starts, which now holds 6.
    expect(adds.filter((a) => isLive(a, '2026-12-31')).map((a) => [a.quantity, a.cancelledDate])).toEqual([[7, at('2026-12-31')]]);
    expect(adds.filter((a) => isLive(a, '2027-01-01')).map((a) => [a.quantity, a.cancelledDate ?? null])).toEqual([[6, null]]);
  });

  it('in date order gives the same timeline', () => {
    let adds = post(base(), '2026-12-03', 2, 'a2');
    adds = post(adds, '2027-01-01', -1, 'a1');
    expect(timeline(adds)).toEqual(expected(5, [['2027-01-01', -1], ['2026-12-03', 2]]));
  });

  it('a backdated change carries through two later ones', () => {
    let adds = post(base(), '2027-02-01', 3, 'b1');
    adds = post(adds, '2027-01-01', -2, 'b2');
    adds = post(adds, '2026-12-02', 1, 'b3');
    adds = post(adds, '2026-12-15', -4, 'b4');
    expect(timeline(adds)).toEqual(expected(5, [['2027-02-01', 3], ['2027-01-01', -2], ['2026-12-02', 1], ['2026-12-15', -4]]));
  });

  it('a second change the same day edits the addition that began that day, and still carries into later ones', () => {
    let adds = post(base(), '2027-01-01', -1, 'c1');
    adds = post(adds, '2026-12-03', 3, 'c2');
    const steps = planReplace(adds, '2026-12-03', -1, 'c3', 'M365')!;
    expect(steps.map((s) => s.kind)).toEqual(['edit', 'edit']);
    adds = apply(adds, steps, '2026-12-03');
    expect(timeline(adds)).toEqual(expected(5, [['2027-01-01', -1], ['2026-12-03', 3], ['2026-12-03', -1]]));
  });

  it('an agreement ended (cancelled) at 2027-03-31: the new addition ends with it, nothing bills after', () => {
    let adds = post([line(5000, 5, '2025-01-01', '2027-03-31')], '2026-12-03', 2, 'd1');
    adds = post(adds, '2026-12-01', -1, 'd2');
    expect(timeline(adds)).toEqual(expected(5, [['2026-12-03', 2], ['2026-12-01', -1]], '2027-03-31'));
    expect(adds.every((a) => a.cancelledDate && a.cancelledDate <= at('2027-03-31'))).toBe(true);
  });

  it('refuses a change that would take any day from d on below zero', () => {
    const adds = post(base(), '2027-01-01', -4, 'e1');
    expect(planReplace(adds, '2026-12-03', -2, 'e2', 'M365')).toBeNull();
    expect(planReplace(adds, '2026-12-03', -1, 'e2', 'M365')).not.toBeNull();
  });

  it('random changes posted in random order always give the sum of the changes (200 shuffles)', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    for (let round = 0; round < 200; round++) {
      const changes: [string, number][] = [];
      for (let i = 0; i < 2 + rand(5); i++) changes.push([DAYS[1 + rand(DAYS.length - 2)]!, 1 + rand(4)]);
      for (let i = 0; i < rand(4); i++) changes.push([DAYS[1 + rand(DAYS.length - 2)]!, -1 - rand(2)]);
      const order = [...changes].sort(() => rand(3) - 1);
      let adds = base();
      const done: [string, number][] = [];
      for (const [i, [d, n]] of order.entries()) {
        const steps = planReplace(adds, d, n, `r${round}-${i}`, 'M365');
        if (!steps) continue; // below zero somewhere on or after d: refused, nothing changes
        adds = apply(adds, steps, d);
        done.push([d, n]);
      }
      expect(timeline(adds), JSON.stringify(order)).toEqual(expected(5, done));
    }
  });
});

describe('pendingSteps: what a replace still owes once its first write landed', () => {
  it('nothing when the first write did not land', () => {
    const adds = post([line(5000, 5, '2025-01-01')], '2027-01-01', -1, 'f1');
    expect(pendingSteps(adds, '2026-12-03', 2, 'f2')).toEqual([]);
  });

  it('after the first write only, the rest completes the same timeline; repeating is harmless', () => {
    const before = post([line(5000, 5, '2025-01-01')], '2027-01-01', -1, 'f1');
    const steps = planReplace(before, '2026-12-03', 2, 'f2', 'M365')!;
    expect(steps.length).toBeGreaterThanOrEqual(3);
    for (let done = 1; done <= steps.length; done++) {
      let adds = apply(before, steps.slice(0, done), '2026-12-03');
      adds = apply(adds, pendingSteps(adds, '2026-12-03', 2, 'f2'), '2026-12-03');
      expect(timeline(adds)).toEqual(expected(5, [['2027-01-01', -1], ['2026-12-03', 2]]));
      expect(pendingSteps(adds, '2026-12-03', 2, 'f2')).toEqual([]);
    }
  });

  it('a same-day edit that landed owes only the edits of later additions, never a cancel', () => {
    let before = post([line(5000, 5, '2025-01-01')], '2027-01-01', -1, 'g1');
    before = post(before, '2026-12-03', 3, 'g2');
    const steps = planReplace(before, '2026-12-03', -1, 'g3', 'M365')!;
    const adds = apply(before, steps.slice(0, 1), '2026-12-03');
    const rest = pendingSteps(adds, '2026-12-03', -1, 'g3');
    expect(rest.map((s) => s.kind)).toEqual(['edit']);
    expect(timeline(apply(adds, rest, '2026-12-03'))).toEqual(expected(5, [['2027-01-01', -1], ['2026-12-03', 2]]));
  });
});
