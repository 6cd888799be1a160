/**
 * How Autotask keeps ContractServiceUnits, written from the entity documentation:
 * "each billing period generates a ContractServiceUnit unless the number of Service units is adjusted within
 * the billing period. When the number of Service units is adjusted, a new ContractServiceUnit is created with a
 * start date equal to the effective date of the adjustment. The end date ... will be the end date of the current
 * billing period or, if another adjustment is made in the same billing period, the effective date of that adjustment."
 * https://www.autotask.net/help/DeveloperHelp/Content/APIs/REST/Entities/ContractServiceUnitsEntity.htm
 * Billing periods of a monthly Recurring Service contract are taken as calendar months cut to the contract's
 * dates (UNVERIFIED against a live tenant: docs/vendor-notes.md). Dates are YYYY-MM-DD.
 */
import { dayCount, lastDayOfMonth, plusDays } from './vendor.js';

export interface PeriodRow {
  startDate: string;
  endDate: string;
  units: number;
  /** The billing period this row lies in. */
  periodStart: string;
  periodEnd: string;
  /** The row was opened by an adjustment (a second adjustment on its start date is a duplicate period). */
  fromAdjustment: boolean;
  /** Set when the period was approved and posted (billed); null while it is open. */
  approveAndPostDate?: string | null;
}

/** The calendar-month periods from `start` to `end`, first and last cut to those dates. */
export function billingMonths(start: string, end: string): { start: string; end: string }[] {
  const out: { start: string; end: string }[] = [];
  let from = start;
  while (from <= end) {
    const monthEnd = lastDayOfMonth(from);
    out.push({ start: from, end: monthEnd < end ? monthEnd : end });
    from = plusDays(monthEnd, 1);
  }
  return out;
}

/** The row in force on `date`; a cut row ends on the next row's start day, so the later start wins. */
export function rowInForce<T extends PeriodRow>(rows: readonly T[], date: string): T | undefined {
  return rows
    .filter((r) => r.startDate <= date && date <= r.endDate)
    .reduce<T | undefined>((best, r) => (!best || r.startDate > best.startDate ? r : best), undefined);
}

/** Fraction of its period a row bills: a row cut by a later adjustment stops the day before that adjustment. */
export function billedShare(r: PeriodRow): number {
  const lastDay = r.endDate === r.periodEnd ? r.endDate : plusDays(r.endDate, -1);
  const days = Math.max(0, dayCount(r.startDate, lastDay) + 1);
  return days / (dayCount(r.periodStart, r.periodEnd) + 1);
}

export type Split<T> = { ok: true; rows: T[]; opened: T | null } | { ok: false; why: 'duplicate' | 'negative' | 'outside' };

/**
 * An adjustment of `change` units effective `date`: the row in force is cut at `date` and a new row opens there
 * with the new units; rows after it (later periods) carry the change too. Inputs are not modified.
 */
export function adjustUnits<T extends PeriodRow>(rows: readonly T[], date: string, change: number, copy: (r: T, patch: Partial<PeriodRow>) => T): Split<T> {
  const current = rowInForce(rows, date);
  if (!current) return { ok: false, why: 'outside' };
  if (current.fromAdjustment && current.startDate === date) return { ok: false, why: 'duplicate' };
  let opened: T | null = null;
  const next = rows.flatMap((r): T[] => {
    if (r === current) {
      if (r.startDate === date) return [copy(r, { units: r.units + change, fromAdjustment: true })];
      opened = copy(r, { startDate: date, units: r.units + change, fromAdjustment: true, approveAndPostDate: null });
      return [copy(r, { endDate: date }), opened];
    }
    return r.startDate > date ? [copy(r, { units: r.units + change })] : [r];
  });
  if (next.some((r) => r.units < 0)) return { ok: false, why: 'negative' };
  return { ok: true, rows: next, opened };
}
