import { describe, expect, it } from 'vitest';
import { csvCells } from '../../../server/reports/csv.js';
import {
  csvSafeText, likeContains, localDate, localDateTime, nextDay, parseReportQuery, ReportQueryError, startOfDayUtc, type ReportShape,
} from '../../../server/domain/report-query.js';

const shape: ReportShape = {
  columns: [
    { key: 'date', label: 'Date', type: 'date' },
    { key: 'companyName', label: 'ODIN company', type: 'text' },
    { key: 'unitChange', label: 'Unit change', type: 'number' },
  ],
  idKeys: ['odinAccountId'],
  dateKey: 'date',
  defaultSort: [{ key: 'date', desc: true }],
};
const parse = (q: Record<string, string | string[]>, s = shape) =>
  parseReportQuery(Object.fromEntries(Object.entries(q).map(([k, v]) => [k, Array.isArray(v) ? v : [v]])), s);

describe('parseReportQuery', () => {
  it('defaults: first page of 50, the report\'s own sort, JSON', () => {
    expect(parse({})).toEqual({ page: 1, pageSize: 50, sort: [{ key: 'date', desc: true }], filters: [], from: null, to: null, context: null, format: 'json' });
  });

  it('reads paging, sort, filters (lower-cased, several), dates, context and format', () => {
    const q = parse({
      page: '3', pageSize: '500', sort: '-unitChange', 'filter.companyName': ['Hall ', 'BROS'], 'filter.odinAccountId': '1200',
      from: '2026-03-01', to: '2026-03-31', context: 'connectwise', format: 'csv',
    });
    expect(q).toEqual({
      page: 3, pageSize: 500, sort: [{ key: 'unitChange', desc: true }],
      filters: [{ key: 'companyName', text: 'hall' }, { key: 'companyName', text: 'bros' }, { key: 'odinAccountId', text: '1200' }],
      from: '2026-03-01', to: '2026-03-31', context: 'connectwise', format: 'csv',
    });
  });

  it('names what is wrong', () => {
    const bad: [Record<string, string>, RegExp][] = [
      [{ 'filter.colour': 'red' }, /Unknown column "colour"/],
      [{ sort: '-colour' }, /Unknown column "colour" in sort/],
      [{ page: '0' }, /page must be between 1/],
      [{ pageSize: '501' }, /pageSize must be between 1 and 500/],
      [{ page: '1.5' }, /whole number/],
      [{ from: '2026-02-30' }, /YYYY-MM-DD/],
      [{ from: '2026-03-02', to: '2026-03-01' }, /after/],
      [{ context: 'halo' }, /autotask or connectwise/],
      [{ format: 'xlsx' }, /csv or json/],
      [{ colour: 'red' }, /Unknown query parameter\(s\): colour/],
    ];
    for (const [q, msg] of bad) expect(() => parse(q), JSON.stringify(q)).toThrow(msg);
    expect(() => parse({ from: '2026-03-01' }, { ...shape, dateKey: null })).toThrow(ReportQueryError);
  });
});

describe('dates in the tenant\'s time zone', () => {
  it('finds the UTC start of a local day, across daylight saving changes', () => {
    expect(startOfDayUtc('2026-03-11', 'America/New_York')).toBe('2026-03-11T04:00:00.000Z');
    expect(startOfDayUtc('2026-03-08', 'America/New_York')).toBe('2026-03-08T05:00:00.000Z');
    expect(startOfDayUtc('2026-03-09', 'America/New_York')).toBe('2026-03-09T04:00:00.000Z');
    expect(startOfDayUtc('2026-07-01', 'Australia/Sydney')).toBe('2026-06-30T14:00:00.000Z');
    expect(startOfDayUtc('2026-01-01', 'UTC')).toBe('2026-01-01T00:00:00.000Z');
    expect(nextDay('2026-02-28')).toBe('2026-03-01');
    expect(localDate(new Date('2026-03-12T02:00:00Z'), 'America/New_York')).toBe('2026-03-11');
  });

  it('writes every instant as Intl does, every 7 minutes around clock changes and odd offsets', () => {
    // The export formats one instant per row from a per-hour offset; Intl is the reference it must match.
    const intl = (d: Date, timeZone: string) => {
      const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(d);
      const get = (t: string) => parts.find((p) => p.type === t)!.value;
      return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
    };
    const spans: [string, string][] = [
      ['America/New_York', '2026-03-08T05:00:00Z'], ['America/New_York', '2026-11-01T04:00:00Z'],
      ['Australia/Lord_Howe', '2026-04-04T14:00:00Z'], ['Australia/Lord_Howe', '2026-10-03T14:00:00Z'],
      ['Asia/Kathmandu', '2026-01-01T00:00:00Z'], ['Europe/London', '2026-03-29T00:00:00Z'], ['UTC', '2026-06-30T22:00:00Z'],
    ];
    for (const [zone, from] of spans) {
      for (let m = -6 * 60; m <= 6 * 60; m += 7) {
        const d = new Date(Date.parse(from) + m * 60_000 + 13_000);
        expect(localDateTime(d, zone), `${zone} ${d.toISOString()}`).toBe(intl(d, zone));
        expect(localDate(d, zone)).toBe(intl(d, zone).slice(0, 10));
      }
    }
    expect(localDateTime(new Date('0999-12-31T23:59:00Z'), 'UTC')).toBe(intl(new Date('0999-12-31T23:59:00Z'), 'UTC'));
  });
});

describe('text made safe', () => {
  it('escapes LIKE wildcards so the user\'s text is literal', () => {
    expect(likeContains('50%_off[1]\\')).toBe('%50\\%\\_off\\[1\\]\\\\%');
  });

  it('defuses spreadsheet formulas in text cells, leaves numbers alone', () => {
    expect(csvSafeText('=HYPERLINK("http://x")')).toBe('\'=HYPERLINK("http://x")');
    expect(csvSafeText('Hall Bros.')).toBe('Hall Bros.');
    const cols = [{ key: 'n', label: 'N', type: 'text' as const }, { key: 'u', label: 'U', type: 'number' as const }, { key: 'x', label: 'X', type: 'money' as const }];
    expect(csvCells(cols, { n: '+1 555', u: -3, x: null })).toEqual(["'+1 555", '-3', '']);
  });
});
