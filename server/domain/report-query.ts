/**
 * The query every report takes (docs/api.md "Reports"): page, pageSize, sort, filter.<key>, from/to,
 * context, format. Parsed and checked here, without I/O, against the report's own columns, so that an
 * unknown column is refused by name before any SQL is built.
 */
export type ColumnType = 'text' | 'number' | 'date' | 'money';
export type ReportContext = 'autotask' | 'connectwise';

export interface ReportColumn {
  key: string;
  label: string;
  type: ColumnType;
  /** A detail (ids, the PSA side's names): the screens hide it until asked; CSV always carries it. */
  detail?: boolean;
}

export interface SortKey {
  key: string;
  desc: boolean;
}

/** What a report offers to the query: its columns, the ids its rows carry, its date column. */
export interface ReportShape {
  columns: readonly ReportColumn[];
  /** Keys of the ids each row carries; they can be filtered and sorted on too. */
  idKeys: readonly string[];
  /** The column `from`/`to` apply to; null when the report has no date. */
  dateKey: string | null;
  defaultSort: readonly SortKey[];
}

export interface ReportFilter {
  key: string;
  /** Lower-cased text the column must contain. */
  text: string;
}

export interface ReportQuery {
  page: number;
  pageSize: number;
  sort: SortKey[];
  filters: ReportFilter[];
  /** YYYY-MM-DD, inclusive, in the tenant's time zone. */
  from: string | null;
  to: string | null;
  context: ReportContext | null;
  format: 'json' | 'csv';
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;
const MAX_FILTER_LENGTH = 200;

/** A query the user must fix; the route answers 422 with this message. */
export class ReportQueryError extends Error {
  override readonly name = 'ReportQueryError';
}

/** Parse the raw query (every parameter as the list of its values) against a report's shape. */
export function parseReportQuery(raw: Record<string, string[]>, shape: ReportShape): ReportQuery {
  const known = new Set([...shape.columns.map((c) => c.key), ...shape.idKeys]);
  const q: ReportQuery = { page: 1, pageSize: DEFAULT_PAGE_SIZE, sort: [...shape.defaultSort], filters: [], from: null, to: null, context: null, format: 'json' };
  const unknownParams: string[] = [];
  for (const [name, values] of Object.entries(raw)) {
    const value = values[values.length - 1] ?? '';
    if (name.startsWith('filter.')) {
      const key = name.slice('filter.'.length);
      if (!known.has(key)) throw new ReportQueryError(`Unknown column "${key}" in ${name}; columns are: ${[...known].join(', ')}`);
      for (const v of values) {
        const text = v.trim().toLowerCase();
        if (text.length > MAX_FILTER_LENGTH) throw new ReportQueryError(`${name} is longer than ${MAX_FILTER_LENGTH} characters`);
        if (text) q.filters.push({ key, text });
      }
      continue;
    }
    switch (name) {
      case 'page':
        q.page = positiveInt(name, value, 1_000_000);
        break;
      case 'pageSize':
        q.pageSize = positiveInt(name, value, MAX_PAGE_SIZE);
        break;
      case 'sort':
        q.sort = value.split(',').filter(Boolean).map((part) => {
          const desc = part.startsWith('-');
          const key = desc ? part.slice(1) : part;
          if (!known.has(key)) throw new ReportQueryError(`Unknown column "${key}" in sort; columns are: ${[...known].join(', ')}`);
          return { key, desc };
        });
        if (q.sort.length === 0) q.sort = [...shape.defaultSort];
        break;
      case 'from':
      case 'to':
        if (!shape.dateKey) throw new ReportQueryError(`This report has no date column: ${name} does not apply`);
        q[name] = isoDate(name, value);
        break;
      case 'context':
        if (value !== 'autotask' && value !== 'connectwise') throw new ReportQueryError('context must be autotask or connectwise');
        q.context = value;
        break;
      case 'format':
        if (value !== 'csv' && value !== 'json') throw new ReportQueryError('format must be csv or json');
        q.format = value;
        break;
      default:
        unknownParams.push(name);
    }
  }
  if (unknownParams.length) throw new ReportQueryError(`Unknown query parameter(s): ${unknownParams.join(', ')}`);
  if (q.from && q.to && q.from > q.to) throw new ReportQueryError(`from (${q.from}) is after to (${q.to})`);
  return q;
}

function positiveInt(name: string, value: string, max: number): number {
  if (!/^\d+$/.test(value)) throw new ReportQueryError(`${name} must be a whole number`);
  const n = Number(value);
  if (n < 1 || n > max) throw new ReportQueryError(`${name} must be between 1 and ${max}`);
  return n;
}

function isoDate(name: string, value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const d = m ? utcDay(Number(m[1]), Number(m[2]), Number(m[3])) : null;
  if (!d || d.toISOString().slice(0, 10) !== value) throw new ReportQueryError(`${name} must be a date as YYYY-MM-DD`);
  return value;
}

/** Midnight UTC of a calendar day; unlike Date.UTC, years 0-99 are not moved to 1900-1999. */
function utcDay(y: number, m: number, d: number): Date {
  const date = new Date(Date.UTC(2000, m - 1, d));
  date.setUTCFullYear(y, m - 1, d);
  return date;
}

/**
 * An instant as the ISO text stored rows are compared with. Past year 9999 toISOString() writes
 * "+010000-..." (which sorts before every real date) and before year 0 "-000001-...": clamp to the
 * first and last instants four-digit years can say, so a range ending 9999-12-31 still means "to the end".
 */
function isoInstant(ms: number): string {
  const first = utcDay(0, 1, 1).getTime();
  const last = utcDay(9999, 12, 31).getTime() + 86_400_000 - 1;
  return new Date(Math.min(last, Math.max(first, ms))).toISOString();
}

/** Escape LIKE wildcards (and SQL Server's [ ]) so the user's text is matched literally; ESCAPE '\'. */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_[\]]/g, (ch) => `\\${ch}`)}%`;
}

/** The UTC instant at which a calendar day starts in a time zone (ISO string). */
export function startOfDayUtc(day: string, timeZone: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const guess = utcDay(y, m, d).getTime();
  // Two passes settle the offset even on a day when the clocks change.
  let instant = guess - offsetMs(guess, timeZone);
  instant = guess - offsetMs(instant, timeZone);
  return isoInstant(instant);
}

/** The day after a YYYY-MM-DD date; after 9999-12-31 comes 10000-01-01, whose start startOfDayUtc clamps. */
export function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const next = utcDay(y, m, d + 1);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${String(next.getUTCFullYear()).padStart(4, '0')}-${two(next.getUTCMonth() + 1)}-${two(next.getUTCDate())}`;
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(instant: Date, timeZone: string): string {
  const wall = wallClock(instant.getTime(), timeZone);
  if (wall) return wall.toISOString().slice(0, 10);
  const parts = formatter(`d|${timeZone}`, () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })).formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** YYYY-MM-DD HH:MM of an instant in a time zone (24-hour clock): what a spreadsheet reads as a date-time. */
export function localDateTime(instant: Date, timeZone: string): string {
  const wall = wallClock(instant.getTime(), timeZone);
  if (wall) {
    const iso = wall.toISOString();
    return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  }
  const parts = formatter(`dt|${timeZone}`, () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })).formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

const HOUR = 3_600_000;
const FIRST_FAST = Date.UTC(1000, 0, 2);
const LAST_FAST = Date.UTC(9999, 11, 30);
/** Zone offset per UTC hour, when the offset holds for the whole hour (null: the clocks change in it). */
const hourOffsets = new Map<string, number | null>();

/**
 * The instant moved to the zone's wall clock (read with getUTC*), or null where Intl must format it: an
 * export formats one instant per row, and Intl's formatToParts per row made a 100,000-row CSV take
 * seconds. The offset is looked up per zone and hour: an hour whose first and last millisecond have the
 * same offset has it throughout (clocks change at most once an hour), any other hour goes to Intl.
 */
function wallClock(ms: number, timeZone: string): Date | null {
  // Four-digit years only (Date.UTC reads years below 100 as 19xx; Intl writes other years its own way).
  if (!(ms >= FIRST_FAST && ms <= LAST_FAST)) return null;
  const hour = Math.floor(ms / HOUR);
  const key = `${timeZone}|${hour}`;
  let offset = hourOffsets.get(key);
  if (offset === undefined) {
    const first = offsetMs(hour * HOUR, timeZone);
    offset = first === offsetMs(hour * HOUR + HOUR - 1, timeZone) ? first : null;
    if (hourOffsets.size > 50_000) hourOffsets.clear();
    hourOffsets.set(key, offset);
  }
  if (offset === null) return null;
  return new Date(ms + offset);
}

/** Building an Intl formatter costs far more than using one: one per zone and use, kept. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = make()));
  return f;
}

/** How far the zone's wall clock is ahead of UTC at an instant. */
function offsetMs(instant: number, timeZone: string): number {
  const parts = formatter(`o|${timeZone}`, () => new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  })).formatToParts(new Date(instant));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(instant / 1000) * 1000;
}

/** A text value Excel would run as a formula gets a leading apostrophe (OWASP "CSV injection"). */
export function csvSafeText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
