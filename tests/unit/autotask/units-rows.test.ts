import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, applyUnitChange, monthlyPeriods, periodShare, rowOnDate, unitsOnDate, type UnitsRow } from '../../../server/psa/autotask/units-rows.js';

const make = (r: UnitsRow, p: Partial<UnitsRow>): UnitsRow => ({ ...r, ...p });
const rowsFor = (start: string, end: string, units: number): UnitsRow[] =>
  monthlyPeriods(start, end).map((p) => ({ startDate: p.start, endDate: p.end, periodStart: p.start, periodEnd: p.end, units, fromAdjustment: false }));

describe('monthly periods', () => {
  it('cuts the first and last month to the contract dates', () => {
    expect(monthlyPeriods('2026-01-15', '2026-03-10')).toEqual([
      { start: '2026-01-15', end: '2026-01-31' }, { start: '2026-02-01', end: '2026-02-28' }, { start: '2026-03-01', end: '2026-03-10' },
    ]);
  });
});

describe('an adjustment splits the units row at its effective date', () => {
  const rows = rowsFor('2026-10-01', '2026-12-31', 5);

  it('old units until the date, new units from it to the period end, and in later periods', () => {
    const r = applyUnitChange(rows, '2026-11-15', 7, make);
    if (!r.ok) throw new Error(r.reason);
    expect(r.rows.map((x) => [x.startDate, x.endDate, x.units])).toEqual([
      ['2026-10-01', '2026-10-31', 5], ['2026-11-01', '2026-11-15', 5], ['2026-11-15', '2026-11-30', 12], ['2026-12-01', '2026-12-31', 12],
    ]);
    expect(unitsOnDate(r.rows, '2026-11-14')).toBe(5);
    expect(unitsOnDate(r.rows, '2026-11-15')).toBe(12);
    expect(unitsOnDate(r.rows, '2026-10-20')).toBe(5);
    expect(r.created).toMatchObject({ startDate: '2026-11-15', fromAdjustment: true });
  });

  it('a second adjustment in the same period ends the first one\'s row at its date', () => {
    const a = applyUnitChange(rows, '2026-11-10', 2, make);
    if (!a.ok) throw new Error();
    const b = applyUnitChange(a.rows, '2026-11-20', -3, make);
    if (!b.ok) throw new Error();
    expect(b.rows.filter((x) => x.periodStart === '2026-11-01').map((x) => [x.startDate, x.endDate, x.units])).toEqual([
      ['2026-11-01', '2026-11-10', 5], ['2026-11-10', '2026-11-20', 7], ['2026-11-20', '2026-11-30', 4],
    ]);
  });

  it('on a period\'s first day it changes the row without splitting it', () => {
    const r = applyUnitChange(rows, '2026-11-01', 1, make);
    expect(r.ok && r.rows.length).toBe(3);
    expect(r.ok && unitsOnDate(r.rows, '2026-11-01')).toBe(6);
  });

  it('rejects a second adjustment on the same date as a duplicate', () => {
    const a = applyUnitChange(rows, '2026-11-15', 1, make);
    if (!a.ok) throw new Error();
    expect(applyUnitChange(a.rows, '2026-11-15', 1, make)).toEqual({ ok: false, reason: 'duplicate' });
    const first = applyUnitChange(rows, '2026-11-01', 1, make);
    if (!first.ok) throw new Error();
    expect(applyUnitChange(first.rows, '2026-11-01', 1, make)).toEqual({ ok: false, reason: 'duplicate' });
  });

  it('never lets units go below zero, in any later row either', () => {
    expect(applyUnitChange(rows, '2026-11-15', -6, make)).toEqual({ ok: false, reason: 'negative' });
    const down = applyUnitChange(rows, '2026-12-05', -5, make);
    if (!down.ok) throw new Error();
    expect(applyUnitChange(down.rows, '2026-11-05', -1, make)).toEqual({ ok: false, reason: 'negative' });
  });

  it('has no period outside the rows', () => {
    expect(applyUnitChange(rows, '2027-01-01', 1, make)).toEqual({ ok: false, reason: 'no_period' });
  });

  it('prorates a split period by days', () => {
    const r = applyUnitChange(rows, '2026-11-16', 1, make);
    if (!r.ok) throw new Error();
    const nov = r.rows.filter((x) => x.periodStart === '2026-11-01');
    expect(nov.map(periodShare)).toEqual([0.5, 0.5]);
  });

  it('property: units on any date equal the start units plus every change dated on or before it', () => {
    const day = fc.integer({ min: 0, max: 91 }).map((n) => addDays('2026-10-01', n));
    fc.assert(fc.property(fc.array(fc.tuple(day, fc.integer({ min: -3, max: 5 })), { maxLength: 8 }), day, (changes, probe) => {
      let current = rowsFor('2026-10-01', '2026-12-31', 5);
      const accepted: [string, number][] = [];
      for (const [d, delta] of changes) {
        const r = applyUnitChange(current, d, delta, make);
        if (r.ok) { current = r.rows; accepted.push([d, delta]); }
      }
      const expected = 5 + accepted.filter(([d]) => d <= probe).reduce((s, [, x]) => s + x, 0);
      expect(unitsOnDate(current, probe)).toBe(expected);
      expect(current.every((x) => x.units >= 0)).toBe(true);
      expect(rowOnDate(current, probe)).toBeDefined();
    }));
  });
});
