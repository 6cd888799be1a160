/**
 * Billing periods: which period a date falls in, when the next one starts, how many days it has.
 * Monthly periods start on an anchor day of the month (1 = calendar months, what IDSync's example uses);
 * annual periods start on the anniversary of an anchor date (the subscription's renewal date). An anchor
 * past a month's end falls on that month's last day (31 -> Feb 28/29; Feb 29 -> Feb 28 in common years).
 */
import { daysBetween, makeDate, parts, toDayNumber, type IsoDate } from './dates.js';

export type BillingPeriod =
  | { kind: 'monthly'; anchorDay: number }
  | { kind: 'annual'; anchorMonth: number; anchorDay: number };

export const CALENDAR_MONTH: BillingPeriod = { kind: 'monthly', anchorDay: 1 };

export interface PeriodBounds {
  start: IsoDate;
  /** First day of the following period. */
  nextStart: IsoDate;
  /** Last day of the period (nextStart - 1). */
  end: IsoDate;
  days: number;
}

/**
 * The period of a subscription from the Marketplace's billing period text ("month", "year", "1 year",
 * "Annual"...) and its renewal date. Anything not recognisably annual bills monthly on calendar months:
 * that is what the PSA contracts we post to use by default (Autotask contractPeriodType 2 = Monthly).
 */
export function billingPeriodOf(billingPeriod: string | null | undefined, renewalDate: string | null | undefined): BillingPeriod {
  const text = (billingPeriod ?? '').toLowerCase();
  const annual = /year|annual|12\s*month/.test(text);
  const anchor = renewalDate && /^\d{4}-\d{2}-\d{2}/.test(renewalDate) ? renewalDate.slice(0, 10) : null;
  if (annual) {
    if (!anchor) return { kind: 'annual', anchorMonth: 1, anchorDay: 1 };
    const p = parts(anchor);
    return { kind: 'annual', anchorMonth: p.month, anchorDay: p.day };
  }
  return CALENDAR_MONTH;
}

function monthlyStart(year: number, month: number, anchorDay: number): IsoDate {
  return makeDate(year, month, anchorDay);
}

/** The period that contains `date`. */
export function periodContaining(date: IsoDate, period: BillingPeriod): PeriodBounds {
  const { year, month } = parts(date);
  const d = toDayNumber(date);
  let start: IsoDate;
  let nextStart: IsoDate;
  if (period.kind === 'monthly') {
    const here = monthlyStart(year, month, period.anchorDay);
    if (toDayNumber(here) <= d) {
      start = here;
      nextStart = monthlyStart(year, month + 1, period.anchorDay);
    } else {
      start = monthlyStart(year, month - 1, period.anchorDay);
      nextStart = here;
    }
  } else {
    const here = makeDate(year, period.anchorMonth, period.anchorDay);
    if (toDayNumber(here) <= d) {
      start = here;
      nextStart = makeDate(year + 1, period.anchorMonth, period.anchorDay);
    } else {
      start = makeDate(year - 1, period.anchorMonth, period.anchorDay);
      nextStart = here;
    }
  }
  const end = makeDate(...ymd(toDayNumber(nextStart) - 1));
  return { start, nextStart, end, days: daysBetween(start, nextStart) };
}

function ymd(day: number): [number, number, number] {
  const d = new Date(day * 86_400_000);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}

/** First day of the period after the one containing `date`: where a decrease is dated. */
export function nextPeriodStart(date: IsoDate, period: BillingPeriod): IsoDate {
  return periodContaining(date, period).nextStart;
}
