import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { billingPeriodOf, nextPeriodStart, periodContaining, type BillingPeriod } from '../../../server/domain/billing-period.js';
import { daysBetween, fromDayNumber, toDayNumber } from '../../../server/domain/dates.js';

const monthly: BillingPeriod = { kind: 'monthly', anchorDay: 1 };

describe('billing periods', () => {
  it('calendar months', () => {
    expect(periodContaining('2025-03-15', monthly)).toEqual({ start: '2025-03-01', nextStart: '2025-04-01', end: '2025-03-31', days: 31 });
    expect(periodContaining('2024-02-10', monthly).days).toBe(29);
    expect(periodContaining('2025-02-10', monthly).days).toBe(28);
    expect(nextPeriodStart('2025-12-31', monthly)).toBe('2026-01-01');
    expect(nextPeriodStart('2025-12-01', monthly)).toBe('2026-01-01');
  });
  it('monthly periods anchored at the 31st fall on month ends', () => {
    const p: BillingPeriod = { kind: 'monthly', anchorDay: 31 };
    expect(periodContaining('2025-02-15', p)).toMatchObject({ start: '2025-01-31', nextStart: '2025-02-28', days: 28 });
    expect(periodContaining('2025-02-28', p)).toMatchObject({ start: '2025-02-28', nextStart: '2025-03-31', days: 31 });
    expect(periodContaining('2024-02-29', p)).toMatchObject({ start: '2024-02-29', nextStart: '2024-03-31' });
  });
  it('annual periods from the renewal date, with leap days', () => {
    const p = billingPeriodOf('year', '2026-07-01');
    expect(p).toEqual({ kind: 'annual', anchorMonth: 7, anchorDay: 1 });
    expect(periodContaining('2025-11-24', p)).toEqual({ start: '2025-07-01', nextStart: '2026-07-01', end: '2026-06-30', days: 365 });
    expect(periodContaining('2023-11-24', p).days).toBe(366);
    const leap = billingPeriodOf('Annual', '2024-02-29');
    expect(periodContaining('2025-03-01', leap)).toMatchObject({ start: '2025-02-28', nextStart: '2026-02-28', days: 365 });
    expect(periodContaining('2024-03-01', leap)).toMatchObject({ start: '2024-02-29', nextStart: '2025-02-28', days: 365 });
  });
  it('reads the Marketplace billing period text', () => {
    expect(billingPeriodOf('month', null)).toEqual(monthly);
    expect(billingPeriodOf(null, null)).toEqual(monthly);
    expect(billingPeriodOf('12 months', '2025-05-20T00:00:00Z')).toEqual({ kind: 'annual', anchorMonth: 5, anchorDay: 20 });
    expect(billingPeriodOf('year', null)).toEqual({ kind: 'annual', anchorMonth: 1, anchorDay: 1 });
  });
  it('every date lies in its period, and periods tile the calendar (property)', () => {
    const periods = fc.oneof(
      fc.integer({ min: 1, max: 31 }).map((d): BillingPeriod => ({ kind: 'monthly', anchorDay: d })),
      fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 })).map(([m, d]): BillingPeriod => ({ kind: 'annual', anchorMonth: m, anchorDay: d })),
    );
    fc.assert(
      fc.property(fc.integer({ min: 10_000, max: 30_000 }), periods, (day, period) => {
        const date = fromDayNumber(day);
        const p = periodContaining(date, period);
        expect(toDayNumber(p.start)).toBeLessThanOrEqual(day);
        expect(toDayNumber(p.nextStart)).toBeGreaterThan(day);
        expect(daysBetween(p.start, p.nextStart)).toBe(p.days);
        expect(periodContaining(p.nextStart, period).start).toBe(p.nextStart);
        expect(periodContaining(p.end, period).start).toBe(p.start);
        if (period.kind === 'monthly') expect(p.days).toBeGreaterThanOrEqual(28), expect(p.days).toBeLessThanOrEqual(31);
        else expect([365, 366]).toContain(p.days);
      }),
    );
  });
});
