import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { estimateProratedAmount, prorationDays, roundCents } from '../../../server/domain/proration.js';
import { CALENDAR_MONTH } from '../../../server/domain/billing-period.js';

describe('estimated prorated amount', () => {
  it("IDSync's example: $22/month, one unit added 15 March, inclusive -> 22 x 17/31 = 12.06", () => {
    expect(prorationDays('2025-03-15', CALENDAR_MONTH, 'inclusive')).toEqual({ daysRemaining: 17, daysInPeriod: 31 });
    expect(estimateProratedAmount({ unitChange: 1, unitPrice: 22, effectiveDate: '2025-03-15', period: CALENDAR_MONTH, convention: 'inclusive' })).toBe(12.06);
    expect(estimateProratedAmount({ unitChange: 2, unitPrice: 22, effectiveDate: '2025-03-15', period: CALENDAR_MONTH, convention: 'inclusive' })).toBe(24.13);
  });
  it("Ingram's convention counts one day fewer: 22 x 16/31 = 11.35", () => {
    expect(prorationDays('2025-03-15', CALENDAR_MONTH, 'exclusive')).toEqual({ daysRemaining: 16, daysInPeriod: 31 });
    expect(estimateProratedAmount({ unitChange: 1, unitPrice: 22, effectiveDate: '2025-03-15', period: CALENDAR_MONTH, convention: 'exclusive' })).toBe(11.35);
  });
  it('a change on the first day of the period is a full period in both conventions', () => {
    for (const convention of ['inclusive', 'exclusive'] as const) {
      expect(estimateProratedAmount({ unitChange: -3, unitPrice: 10, effectiveDate: '2025-04-01', period: CALENDAR_MONTH, convention })).toBe(-30);
    }
  });
  it('the last day of February in a leap year is 1/29 of the month', () => {
    expect(estimateProratedAmount({ unitChange: 29, unitPrice: 1, effectiveDate: '2024-02-29', period: CALENDAR_MONTH, convention: 'inclusive' })).toBe(1);
    expect(estimateProratedAmount({ unitChange: 29, unitPrice: 1, effectiveDate: '2024-02-29', period: CALENDAR_MONTH, convention: 'exclusive' })).toBe(0);
  });
  it('annual periods', () => {
    const annual = { kind: 'annual', anchorMonth: 1, anchorDay: 1 } as const;
    expect(estimateProratedAmount({ unitChange: 1, unitPrice: 365, effectiveDate: '2025-12-31', period: annual, convention: 'inclusive' })).toBe(1);
  });
  it('is null without a price', () => {
    expect(estimateProratedAmount({ unitChange: 1, unitPrice: null, effectiveDate: '2025-03-15', period: CALENDAR_MONTH, convention: 'inclusive' })).toBeNull();
  });
  it('rounds half away from zero, symmetric for credits', () => {
    expect(roundCents(0.125)).toBe(0.13);
    expect(roundCents(-0.125)).toBe(-0.13);
  });
  it('a credit is the negative of the same charge, and never exceeds a full period (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 3000 }), fc.constantFrom('inclusive', 'exclusive'), (units, cents, offset, convention) => {
        const price = cents / 100;
        const date = new Date(Date.UTC(2024, 0, 1 + offset)).toISOString().slice(0, 10);
        const up = estimateProratedAmount({ unitChange: units, unitPrice: price, effectiveDate: date, period: CALENDAR_MONTH, convention })!;
        const down = estimateProratedAmount({ unitChange: -units, unitPrice: price, effectiveDate: date, period: CALENDAR_MONTH, convention })!;
        expect(down).toBe(up === 0 ? 0 : -up);
        expect(up).toBeGreaterThanOrEqual(0);
        expect(up).toBeLessThanOrEqual(roundCents(units * price) + 0.001);
      }),
    );
  });
});
