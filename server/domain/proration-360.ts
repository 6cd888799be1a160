/**
 * The second day-count convention for the estimated amount: 30/360, where every month has 30 days and a year
 * 360, beside actual days (proration.ts). Autotask and ConnectWise prorate by actual days as far as the
 * research finds (research autotask.md 2.7 "assume days-in-range / days-in-period", unverified; ConnectWise and
 * Ingram's connector: `(daysInPeriod - effectiveDay) x price / daysInPeriod`), while contracts and billing
 * systems that bill "a 30-day month" give a different figure near month ends and in February; showing both
 * lets the billing manager see which one the invoice followed.
 *
 * Day count (30/360 US, end-of-month rule): a 31st counts as the 30th, the last day of February as the 30th,
 * and a 31st at the end of a span counts as the 30th when the start was on a 30th or later. The tenant's
 * inclusive/exclusive convention applies to both: exclusive counts one day fewer unless the change is on the
 * period's first day.
 */
import { parts, daysInMonth, type IsoDate } from './dates.js';
import { periodContaining, type BillingPeriod } from './billing-period.js';
import { estimateProratedAmount, roundCents, type ProrationInput, type ProrationConvention } from './proration.js';

const lastOfFebruary = (p: { year: number; month: number; day: number }) => p.month === 2 && p.day === daysInMonth(p.year, 2);

/** Days from `a` to `b` (b not counted) with 30-day months. */
export function days360(a: IsoDate, b: IsoDate): number {
  const x = parts(a);
  const y = parts(b);
  let d1 = x.day;
  let d2 = y.day;
  if (lastOfFebruary(x)) {
    if (lastOfFebruary(y)) d2 = 30;
    d1 = 30;
  }
  if (d1 === 31) d1 = 30;
  if (d2 === 31 && d1 >= 30) d2 = 30;
  return 360 * (y.year - x.year) + 30 * (y.month - x.month) + (d2 - d1);
}

/** 30/360 days billed for a change effective on `effectiveDate`, and the period's length (30 a month, 360 a year). */
export function prorationDays360(effectiveDate: IsoDate, period: BillingPeriod, convention: ProrationConvention): { daysRemaining: number; daysInPeriod: number } {
  const p = periodContaining(effectiveDate, period);
  const inclusive = days360(effectiveDate, p.nextStart);
  const daysRemaining = convention === 'exclusive' && effectiveDate !== p.start ? inclusive - 1 : inclusive;
  return { daysRemaining: Math.max(0, daysRemaining), daysInPeriod: days360(p.start, p.nextStart) };
}

/** The estimate under both conventions, rounded to cents; null where the price is unknown. */
export interface EstimatedAmounts {
  actualDays: number | null;
  thirty360: number | null;
}

export function estimateAmounts(input: ProrationInput): EstimatedAmounts {
  const actualDays = estimateProratedAmount(input);
  if (actualDays === null || input.unitPrice === null) return { actualDays: null, thirty360: null };
  const { daysRemaining, daysInPeriod } = prorationDays360(input.effectiveDate, input.period, input.convention);
  return { actualDays, thirty360: roundCents((input.unitChange * input.unitPrice * daysRemaining) / daysInPeriod) };
}

/** The adjustments row's two amount columns for an estimate. */
export function amountColumns(input: ProrationInput): { estimatedAmount: number | null; estimatedAmount360: number | null } {
  const a = estimateAmounts(input);
  return { estimatedAmount: a.actualDays, estimatedAmount360: a.thirty360 };
}
