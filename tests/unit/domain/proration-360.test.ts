/**
 * The second day-count convention, 30/360 (every month 30 days, a year 360), beside actual days. Every value
 * is worked by hand in the comment beside it: remaining days from the effective date to the period's end,
 * effective day included (the tenant's inclusive convention) unless it says exclusive.
 */
import { describe, expect, it } from 'vitest';
import { days360, estimateAmounts, prorationDays360 } from '../../../server/domain/proration-360.js';
import { CALENDAR_MONTH } from '../../../server/domain/billing-period.js';

const annual = (anchorMonth: number, anchorDay: number) => ({ kind: 'annual', anchorMonth, anchorDay }) as const;
const est = (effectiveDate: string, unitPrice: number, unitChange = 1, period = CALENDAR_MONTH as Parameters<typeof estimateAmounts>[0]['period'], convention: 'inclusive' | 'exclusive' = 'inclusive') =>
  estimateAmounts({ unitChange, unitPrice, effectiveDate, period, convention });

describe('30/360 day count', () => {
  it('days360 between dates: 31st counts as the 30th, the last day of February as the 30th', () => {
    expect(days360('2025-01-15', '2025-02-01')).toBe(16); // 30*(2-1) + (1-15)
    expect(days360('2025-01-31', '2025-02-01')).toBe(1); // D1 31 -> 30: 30 + (1-30)
    expect(days360('2025-02-28', '2025-03-01')).toBe(1); // Feb 28 is February's last day in 2025 -> 30
    expect(days360('2024-02-28', '2024-03-01')).toBe(3); // 2024 is a leap year: Feb 28 stays 28 -> 30 + (1-28)
    expect(days360('2024-02-29', '2024-03-01')).toBe(1); // Feb 29 is the last day -> 30
    expect(days360('2026-04-10', '2027-04-10')).toBe(360); // a year
    expect(days360('2025-03-01', '2025-04-01')).toBe(30);
  });

  it("IDSync's example under both: $22, +1 on 15 March -> actual 22 x 17/31 = 12.06; 30/360 22 x 16/30 = 11.73", () => {
    expect(prorationDays360('2025-03-15', CALENDAR_MONTH, 'inclusive')).toEqual({ daysRemaining: 16, daysInPeriod: 30 });
    expect(est('2025-03-15', 22)).toEqual({ actualDays: 12.06, thirty360: 11.73 });
    // exclusive: actual 16/31 -> 11.35; 30/360 15/30 -> 11.00
    expect(est('2025-03-15', 22, 1, CALENDAR_MONTH, 'exclusive')).toEqual({ actualDays: 11.35, thirty360: 11 });
  });

  it('month ends: Jan 31 is one day in both (1/31 vs 1/30); a 31-day month started on the 1st is a full period', () => {
    expect(est('2025-01-31', 30)).toEqual({ actualDays: 0.97, thirty360: 1 }); // 30 x 1/31 = 0.967..; 30 x 1/30
    expect(est('2025-01-01', 30)).toEqual({ actualDays: 30, thirty360: 30 });
    expect(est('2025-01-30', 30)).toEqual({ actualDays: 1.94, thirty360: 1 }); // 30 x 2/31 = 1.935..; D 30 -> 1/30
  });

  it('February, common and leap years', () => {
    expect(est('2025-02-28', 28)).toEqual({ actualDays: 1, thirty360: 0.93 }); // 28 x 1/28; 28 x 1/30 = 0.933..
    expect(est('2024-02-28', 29)).toEqual({ actualDays: 2, thirty360: 2.9 }); // 29 x 2/29; 29 x 3/30 = 2.9
    expect(est('2024-02-29', 29)).toEqual({ actualDays: 1, thirty360: 0.97 }); // 29 x 1/29; 29 x 1/30 = 0.966..
    expect(est('2024-02-15', 30, 2)).toEqual({ actualDays: 31.03, thirty360: 32 }); // 2x30x15/29 = 31.034..; 2x30x16/30
  });

  it('annual terms: half a year is 180/360 under 30/360 and 182/365 in actual days; a leap year has 366', () => {
    // Period 2026-04-10 .. 2027-04-09 (365 days); from 2026-10-10: actual 182 days (Oct 10 .. Apr 9), 30/360 180.
    expect(prorationDays360('2026-10-10', annual(4, 10), 'inclusive')).toEqual({ daysRemaining: 180, daysInPeriod: 360 });
    expect(est('2026-10-10', 365, 1, annual(4, 10))).toEqual({ actualDays: 182, thirty360: 182.5 });
    // Period 2024-01-01 .. 2024-12-31 (366 days); from 2024-12-31: actual 1/366, 30/360 Dec 31 -> 30: 1/360.
    expect(est('2024-12-31', 3660, 1, annual(1, 1))).toEqual({ actualDays: 10, thirty360: 10.17 }); // 3660/366 = 10; 3660/360 = 10.166..
  });

  it('credits mirror charges, and no price means no amount under either', () => {
    expect(est('2025-03-15', 22, -1)).toEqual({ actualDays: -12.06, thirty360: -11.73 });
    expect(estimateAmounts({ unitChange: 1, unitPrice: null, effectiveDate: '2025-03-15', period: CALENDAR_MONTH, convention: 'inclusive' })).toEqual({ actualDays: null, thirty360: null });
  });
});
