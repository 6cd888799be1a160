import { describe, expect, it } from 'vitest';
import { AUTOMATIC, decideHold, effectivePolicy, monthlyRunRateChange, type ReviewPolicy } from '../../../server/domain/review.js';

const threshold = (units: number | null, amount: number | null): ReviewPolicy => ({ ...AUTOMATIC, mode: 'threshold', thresholdUnits: units, thresholdAmount: amount });
const x = (unitChange: number, unitPrice: number | null = 22, reason = 'increase', behindHeld = false) => ({ unitChange, unitPrice, reason, behindHeld });

describe('decideHold', () => {
  it('automatic posts everything', () => {
    expect(decideHold(AUTOMATIC, x(500))).toBeNull();
    expect(decideHold(AUTOMATIC, x(-500))).toBeNull();
  });
  it('review_all holds every change', () => {
    expect(decideHold({ ...AUTOMATIC, mode: 'review_all' }, x(1))).toMatchObject({ kind: 'review' });
  });
  it('units threshold: at the threshold posts, above holds, decreases count by size', () => {
    expect(decideHold(threshold(10, null), x(10))).toBeNull();
    expect(decideHold(threshold(10, null), x(11))).toEqual({ kind: 'review', why: 'Change of 11 units is above the review threshold of 10' });
    expect(decideHold(threshold(10, null), x(-11))).toMatchObject({ kind: 'review' });
    expect(decideHold(threshold(10, null), x(-10))).toBeNull();
  });
  it('amount threshold on the monthly run-rate: 5 x 22 = 110.00', () => {
    expect(decideHold(threshold(null, 110), x(5))).toBeNull();
    expect(decideHold(threshold(null, 109.99), x(5))).toEqual({ kind: 'review', why: 'Monthly change of 110.00 is above the review threshold of 109.99' });
    expect(decideHold(threshold(null, 100), x(-5))).toMatchObject({ kind: 'review' });
  });
  it('amount threshold without a price holds (it cannot be shown to be below)', () => {
    expect(decideHold(threshold(null, 100), x(1, null))).toMatchObject({ kind: 'review' });
    expect(decideHold(threshold(5, null), x(1, null))).toBeNull();
  });
  it('either threshold holds: units under, amount over', () => {
    expect(decideHold(threshold(10, 50), x(3, 20))).toMatchObject({ kind: 'review' });
  });
  it('a first reconciliation waits when asked, whatever the mode; later changes do not', () => {
    const p = { ...AUTOMATIC, reviewFirstReconcile: true };
    expect(decideHold(p, x(7, 22, 'reconcile'))).toEqual({ kind: 'first_reconcile', why: 'First reconciliation of a new relation waits for review' });
    expect(decideHold(p, x(7, 22, 'increase'))).toBeNull();
  });
  it('a change behind a held one waits, even when small and automatic', () => {
    expect(decideHold(AUTOMATIC, x(1, 22, 'increase', true))).toMatchObject({ kind: 'behind_held' });
  });
});

describe('monthlyRunRateChange and effectivePolicy', () => {
  it('rounds to cents', () => {
    expect(monthlyRunRateChange(3, 12.345)).toBe(37.04);
    expect(monthlyRunRateChange(-2, 22)).toBe(-44);
    expect(monthlyRunRateChange(2, null)).toBeNull();
  });
  it('relation over tenant over automatic', () => {
    const t = threshold(10, null);
    const r = { ...AUTOMATIC, mode: 'review_all' as const };
    expect(effectivePolicy(null, null)).toEqual(AUTOMATIC);
    expect(effectivePolicy(t, null)).toBe(t);
    expect(effectivePolicy(t, r)).toBe(r);
  });
});
