/**
 * The export writes CSV lines itself (every field quoted, quotes doubled, CRLF): byte for byte what
 * csv-stringify wrote with { quoted, quoted_empty, record_delimiter: 'windows' }, and read back by a CSV
 * parser as the same cells.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { csvLine } from '../../../server/reports/csv.js';

const rows = [
  ['Hall Bros.', '', '-3', '12.06', '2026-03-01 09:30'],
  ['He said "hi"', 'a,b', 'line\nbreak', 'cr\r\nlf', '""'],
  ['\'=SUM(A1)', ' lead', 'trail ', 'é ü ’', ''],
];

describe('CSV lines', () => {
  it('match csv-stringify byte for byte and parse back to the same cells', () => {
    const ours = rows.map(csvLine).join('');
    expect(ours).toBe(stringify(rows, { quoted: true, quoted_empty: true, record_delimiter: 'windows' }));
    expect(parse(ours, { relax_column_count: false })).toEqual(rows);
  });
});
