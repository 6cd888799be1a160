import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mergeDelta, mergeDeltas, type PendingRow, type RowStatus } from '../../../server/domain/merge.js';

const AT = { onePerServicePerDay: true };
const row = (over: Partial<PendingRow>): PendingRow => ({ id: 'a', resourceKey: 's|r', serviceKey: 'c|svc', effectiveDate: '2025-03-15', unitChange: 2, status: 'planned', unitsBefore: null, lastErrorKind: null, ...over });
const delta = (unitChange: number, effectiveDate = '2025-03-15') => ({ resourceKey: 's|r', serviceKey: 'c|svc', effectiveDate, unitChange });

describe('same-day merge', () => {
  it('inserts when nothing is pending', () => {
    expect(mergeDelta(delta(3), [], AT)).toEqual({ kind: 'insert', effectiveDate: '2025-03-15', unitChange: 3 });
  });
  it('folds into the not-yet-posted row of the same date', () => {
    expect(mergeDelta(delta(3), [row({})], AT)).toEqual({ kind: 'update', id: 'a', unitChange: 5 });
    expect(mergeDelta(delta(3), [row({ status: 'failed' })], AT)).toEqual({ kind: 'update', id: 'a', unitChange: 5 });
  });
  it('drops a merged delta of zero', () => {
    expect(mergeDelta(delta(-2), [row({})], AT)).toEqual({ kind: 'cancel', id: 'a' });
  });
  it('ignores a zero delta', () => {
    expect(mergeDelta(delta(0), [row({})], AT)).toBeNull();
  });
  it('never touches a row that may have landed; moves to the next free day instead', () => {
    for (const status of ['posting', 'unknown', 'posted'] as RowStatus[]) {
      expect(mergeDelta(delta(1), [row({ status })], AT)).toEqual({ kind: 'insert', effectiveDate: '2025-03-16', unitChange: 1 });
    }
    expect(mergeDelta(delta(1), [row({ status: 'posted' }), row({ id: 'b', status: 'posted', effectiveDate: '2025-03-16' })], AT)).toMatchObject({ effectiveDate: '2025-03-17' });
  });
  it('a failed write the PSA may have saved (an outage answer after the send) is neither merged into nor cancelled', () => {
    const maybe = { status: 'failed' as RowStatus, unitsBefore: 10 };
    for (const lastErrorKind of ['server', 'network', 'timeout', 'malformed', null, 'something new']) {
      // The "immediate" same-day return: +6 failed with a 503, then the count goes back (-6) the same day.
      expect(mergeDelta(delta(-2), [row({ ...maybe, lastErrorKind })], AT)).toEqual({ kind: 'insert', effectiveDate: '2025-03-16', unitChange: -2 });
      expect(mergeDelta(delta(3), [row({ ...maybe, lastErrorKind })], AT)).toEqual({ kind: 'insert', effectiveDate: '2025-03-16', unitChange: 3 });
      expect(mergeDeltas([delta(3), delta(-5)], [row({ ...maybe, lastErrorKind })], AT).ops).toEqual([
        { kind: 'insert', effectiveDate: '2025-03-16', unitChange: 3 },
        { kind: 'insert', effectiveDate: '2025-03-17', unitChange: -5 },
      ]);
    }
  });
  it('a failure that certainly did not reach the PSA stays mutable: refused as not saved, or nothing sent since the last settle', () => {
    for (const lastErrorKind of ['rule', 'auth', 'permission', 'not_found', 'throttled', 'config']) {
      expect(mergeDelta(delta(-2), [row({ status: 'failed', unitsBefore: 10, lastErrorKind })], AT)).toEqual({ kind: 'cancel', id: 'a' });
    }
    expect(mergeDelta(delta(-2), [row({ status: 'failed', unitsBefore: null, lastErrorKind: 'server' })], AT)).toEqual({ kind: 'cancel', id: 'a' });
  });
  it("another resource's row on the same service and date is not merged into, but avoided", () => {
    expect(mergeDelta(delta(1), [row({ resourceKey: 's|other' })], AT)).toEqual({ kind: 'insert', effectiveDate: '2025-03-16', unitChange: 1 });
  });
  it('cancelled rows free their date; a PSA without the rule keeps the date', () => {
    expect(mergeDelta(delta(1), [row({ status: 'cancelled' })], AT)).toMatchObject({ kind: 'insert', effectiveDate: '2025-03-15' });
    expect(mergeDelta(delta(1), [row({ status: 'posted' })], { onePerServicePerDay: false })).toMatchObject({ kind: 'insert', effectiveDate: '2025-03-15' });
  });
  it('a batch: insert then merge then cancel collapses to nothing', () => {
    expect(mergeDeltas([delta(2), delta(1), delta(-3)], [], AT).ops).toEqual([]);
    expect(mergeDeltas([delta(2), delta(1)], [], AT).ops).toEqual([{ kind: 'insert', effectiveDate: '2025-03-15', unitChange: 3 }]);
    expect(mergeDeltas([delta(1), delta(2)], [row({})], AT).ops).toEqual([{ kind: 'update', id: 'a', unitChange: 5 }]);
  });
  it('properties: units are conserved, at most one live row per service and date', () => {
    const statuses: RowStatus[] = ['planned', 'failed', 'posted', 'posting', 'unknown', 'cancelled'];
    fc.assert(
      fc.property(
        fc.array(fc.record({ d: fc.integer({ min: 0, max: 3 }), s: fc.constantFrom(...statuses), u: fc.integer({ min: -5, max: 5 }).filter((x) => x !== 0) }), { maxLength: 4 }),
        fc.array(fc.record({ d: fc.integer({ min: 0, max: 3 }), u: fc.integer({ min: -5, max: 5 }) }), { maxLength: 8 }),
        (existing, deltas) => {
          // Existing rows as a PSA with the rule would have them: one live row per date.
          const seen = new Set<number>();
          const rows = existing.filter((e) => e.s === 'cancelled' || (!seen.has(e.d) && seen.add(e.d))).map((e, i) => row({ id: `r${i}`, effectiveDate: `2025-03-1${e.d}`, status: e.s, unitChange: e.u }));
          const live = (rs: PendingRow[]) => rs.filter((r) => r.status !== 'cancelled').reduce((s, r) => s + r.unitChange, 0);
          const { rows: after } = mergeDeltas(deltas.map((d) => delta(d.u, `2025-03-1${d.d}`)), rows, AT);
          expect(live(after)).toBe(live(rows) + deltas.reduce((s, d) => s + d.u, 0));
          const dates = after.filter((r) => r.status !== 'cancelled').map((r) => r.effectiveDate);
          expect(new Set(dates).size).toBe(dates.length);
          for (const r of after) if (r.status !== 'cancelled') expect(r.unitChange).not.toBe(0);
        },
      ),
    );
  });
});
