/**
 * CSV export that Excel opens correctly: UTF-8 with a byte-order mark, every field quoted, a header of
 * the column labels, then exactly the filtered rows in the sorted order. Streamed a chunk of rows at a
 * time (csv-stringify's sync API per chunk works on Node and Workers alike).
 */
import { stringify } from 'csv-stringify/sync';
import { csvSafeText, type ReportColumn } from '../domain/report-query.js';
import type { Row } from './engine.js';

const BOM = '\uFEFF';

export function csvCells(columns: readonly ReportColumn[], row: Row): string[] {
  return columns.map((col) => {
    const v = row[col.key];
    if (v === null || v === undefined) return '';
    // Text a spreadsheet would run as a formula is defused; numbers stay numbers ("-3" is a unit change).
    return col.type === 'text' ? csvSafeText(String(v)) : String(v);
  });
}

export function reportCsvStream(columns: readonly ReportColumn[], chunks: AsyncIterable<Row[]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const opts = { quoted: true, quoted_empty: true, record_delimiter: 'windows' as const };
  const iterator = chunks[Symbol.asyncIterator]();
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(BOM + stringify([columns.map((c) => c.label)], opts)));
        return;
      }
      try {
        const next = await iterator.next();
        if (next.done) {
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(stringify(next.value.map((row) => csvCells(columns, row)), opts)));
      } catch (err) {
        controller.error(err);
      }
    },
    async cancel() {
      await iterator.return?.(undefined);
    },
  });
}
