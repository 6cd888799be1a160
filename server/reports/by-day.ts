/**
 * The Adjustments chart under the log: adjustments and units per tenant calendar day, from exactly the
 * rows the table shows under its filters (the same query), so the chart never counts what the table hides.
 */
import { localDate } from '../domain/report-query.js';
import type { Row } from './engine.js';

export interface AdjustmentDay {
  date: string;
  count: number;
  units: number;
}

/** Rows' `date` (an instant) bucketed into the tenant's days, oldest first; rows without a date are skipped. */
export async function adjustmentsPerDay(chunks: AsyncIterable<Row[]>, timeZone: string): Promise<AdjustmentDay[]> {
  const days = new Map<string, AdjustmentDay>();
  for await (const rows of chunks)
    for (const r of rows) {
      if (r.date == null) continue;
      const date = localDate(new Date(r.date as string), timeZone);
      const d = days.get(date) ?? { date, count: 0, units: 0 };
      d.count++;
      d.units += Number(r.unitChange ?? 0);
      days.set(date, d);
    }
  return [...days.values()].sort((a, b) => a.date.localeCompare(b.date));
}
