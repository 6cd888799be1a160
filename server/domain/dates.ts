/**
 * Calendar dates as `YYYY-MM-DD` strings (the PSAs' date-only fields) and the arithmetic the billing rules
 * need. Dates are counted as whole days since 1970-01-01 in UTC, so no time zone or DST can shift a day;
 * the only place a time zone enters is `todayIn`, which turns an instant into the tenant's calendar date.
 */
export type IsoDate = string;

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a `YYYY-MM-DD` date; throws on anything else (including 2025-02-30). */
export function toDayNumber(date: IsoDate): number {
  const m = ISO.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: "${date}"`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) throw new RangeError(`no such date: "${date}"`);
  return Date.UTC(y, mo - 1, d) / DAY_MS;
}

export function fromDayNumber(day: number): IsoDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function isIsoDate(value: string): boolean {
  try {
    toDayNumber(value);
    return true;
  } catch {
    return false;
  }
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Whole days from `a` to `b` (negative when b is earlier). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in a month, `month` 1-12. */
export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

export function parts(date: IsoDate): { year: number; month: number; day: number } {
  const d = new Date(toDayNumber(date) * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** A date from parts; a day past the month's end is clamped to its last day (Jan 31 + 1 month = Feb 28/29). */
export function makeDate(year: number, month: number, day: number): IsoDate {
  // Normalise month overflow first (month 13 = January of the next year), then clamp the day.
  const y = year + Math.floor((month - 1) / 12);
  const m = ((((month - 1) % 12) + 12) % 12) + 1;
  const d = Math.min(day, daysInMonth(y, m));
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The calendar date of `now` in an IANA time zone ("today" for a tenant). Uses Intl only: every runtime we
 * run on (Node, workerd) ships the time-zone database. Throws RangeError for an unknown zone.
 */
export function todayIn(timeZone: string, now: Date): IsoDate {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(now).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}`;
}

/** `todayIn`, falling back to UTC for a zone the runtime does not know (a bad setting must not stop billing). */
export function todayInOrUtc(timeZone: string, now: Date): { today: IsoDate; zoneValid: boolean } {
  try {
    return { today: todayIn(timeZone, now), zoneValid: true };
  } catch {
    return { today: todayIn('UTC', now), zoneValid: false };
  }
}
