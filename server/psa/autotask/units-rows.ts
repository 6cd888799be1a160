/**
 * ContractServiceUnits rows: "each billing period generates a ContractServiceUnit unless the number of
 * Service units is adjusted within the billing period. When the number of Service units is adjusted, a new
 * ContractServiceUnit is created with a start date equal to the effective date of the adjustment. The end
 * date will be the end date of the current billing period or, if another adjustment is made in the same
 * billing period, the effective date of that adjustment."
 * Docs: https://www.autotask.net/help/DeveloperHelp/Content/APIs/REST/Entities/ContractServiceUnitsEntity.htm
 * Pure rules shared by the client (which row covers a date) and the sandbox (splitting at an adjustment).
 * Dates are YYYY-MM-DD strings; they compare correctly as strings.
 */
export interface UnitsRow {
  startDate: string;
  endDate: string;
  units: number;
  /** The billing period the row belongs to. */
  periodStart: string;
  periodEnd: string;
  /** Started by an adjustment (a second one on the same date is a duplicate). */
  fromAdjustment: boolean;
}

/** The row covering `date`: startDate <= date <= endDate, the latest start wins (a split row's end equals the next start). */
export function rowOnDate<T extends Pick<UnitsRow, 'startDate' | 'endDate'>>(rows: readonly T[], date: string): T | undefined {
  let best: T | undefined;
  for (const r of rows) {
    if (r.startDate.slice(0, 10) <= date && date <= r.endDate.slice(0, 10) && (!best || r.startDate > best.startDate)) best = r;
  }
  return best;
}

export const unitsOnDate = (rows: readonly (Pick<UnitsRow, 'startDate' | 'endDate'> & { units: number | null })[], date: string): number =>
  rowOnDate(rows, date)?.units ?? 0;

const DAY = 86_400_000;
const toMs = (d: string) => Date.parse(`${d}T00:00:00Z`);
const fromMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const addDays = (d: string, n: number) => fromMs(toMs(d) + n * DAY);
export const daysBetween = (a: string, b: string) => Math.round((toMs(b) - toMs(a)) / DAY);
export const endOfMonth = (d: string) => {
  const x = new Date(toMs(d));
  return fromMs(Date.UTC(x.getUTCFullYear(), x.getUTCMonth() + 1, 0));
};

/** Monthly billing periods of a contract: calendar months, the first and last cut to the contract's dates. */
export function monthlyPeriods(start: string, end: string): { start: string; end: string }[] {
  const out: { start: string; end: string }[] = [];
  for (let s = start; s <= end; s = addDays(endOfMonth(s), 1)) {
    const e = endOfMonth(s);
    out.push({ start: s, end: e < end ? e : end });
  }
  return out;
}

/** Share of its period a row bills: a row cut by a later adjustment ends at that date, exclusive. */
export function periodShare(r: UnitsRow): number {
  const days = daysBetween(r.startDate, r.endDate) + (r.endDate === r.periodEnd ? 1 : 0);
  return Math.max(0, days) / (daysBetween(r.periodStart, r.periodEnd) + 1);
}

export type AdjustResult<T> = { ok: true; rows: T[]; created: T | null } | { ok: false; reason: 'duplicate' | 'negative' | 'no_period' };

/**
 * Apply `unitChange` from `date` on: the covering row splits at `date`, it and every later row change.
 * Returns new rows (inputs untouched); `created` is the row the split started, if any.
 */
export function applyUnitChange<T extends UnitsRow>(rows: readonly T[], date: string, unitChange: number, make: (r: T, patch: Partial<UnitsRow>) => T): AdjustResult<T> {
  const covering = rowOnDate(rows, date);
  if (!covering) return { ok: false, reason: 'no_period' };
  if (covering.startDate === date && covering.fromAdjustment) return { ok: false, reason: 'duplicate' };
  const out: T[] = [];
  let created: T | null = null;
  for (const r of rows) {
    if (r === covering && r.startDate < date) {
      out.push(make(r, { endDate: date }));
      created = make(r, { startDate: date, units: r.units + unitChange, fromAdjustment: true });
      out.push(created);
    } else if (r === covering) {
      out.push(make(r, { units: r.units + unitChange, fromAdjustment: true }));
    } else if (r.startDate > date) {
      out.push(make(r, { units: r.units + unitChange }));
    } else {
      out.push(r);
    }
  }
  if (out.some((r) => r.units < 0)) return { ok: false, reason: 'negative' };
  return { ok: true, rows: out, created };
}
