/**
 * GET /reports/subscriptions — the Subscriptions report (ODIN Account ID, Company, Subscription, Resource,
 * Count, Status) of the caller's tenant: any signed-in user. Filter by any column (`?companyName=hall`,
 * `?count=>5`), `sort`/`dir`, `page`/`pageSize`; `?format=csv` streams the whole filtered report as CSV
 * that Excel opens correctly (UTF-8 BOM, every field quoted, CRLF).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { stringify } from 'csv-stringify/sync';
import { currentUser, type AppEnv } from '../http/context.js';
import { readQuery } from '../http/validate.js';
import {
  COUNT_FILTER,
  eachSubscriptionReportRow,
  listSubscriptionReport,
  REPORT_COLUMNS,
  REPORT_HEADINGS,
  type ReportPage,
  type SubscriptionReportRow,
} from '../marketplace/report.js';

const text = z.string().max(200).optional();
export const SubscriptionReportQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(1_000_000).optional(),
  pageSize: z.coerce.number().int().min(1).max(1000).optional(),
  sort: z.enum(REPORT_COLUMNS).optional(),
  dir: z.enum(['asc', 'desc']).optional(),
  format: z.enum(['json', 'csv']).optional(),
  odinAccountId: text,
  companyName: text,
  odinSubscriptionId: text,
  subscriptionName: text,
  odinResourceId: text,
  resourceName: text,
  count: z.string().regex(COUNT_FILTER, 'count filter is a number, optionally after <, <=, >, >= or =').optional(),
  status: text,
});
export type SubscriptionReportQuery = z.infer<typeof SubscriptionReportQuery>;
export type SubscriptionReportResponse = ReportPage;

export const reportsSubscriptions = new Hono<AppEnv>();

reportsSubscriptions.get('/reports/subscriptions', async (c) => {
  const user = currentUser(c);
  const q = readQuery(c, SubscriptionReportQuery);
  const { store, clock } = c.get('services');
  const filters = Object.fromEntries(REPORT_COLUMNS.filter((k) => q[k] !== undefined).map((k) => [k, q[k]!]));
  const sort = q.sort ? { column: q.sort, dir: q.dir ?? 'asc' } : undefined;
  if (q.format === 'csv') {
    const rows = eachSubscriptionReportRow(store, user.tenantId, { filters, sort });
    return new Response(csvStream(rows), {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="subscriptions-${clock.now().toISOString().slice(0, 10)}.csv"`,
        'Cache-Control': 'no-store',
      },
    });
  }
  const page = await listSubscriptionReport(store, user.tenantId, { filters, sort, page: q.page, pageSize: q.pageSize });
  return c.json(page satisfies SubscriptionReportResponse);
});

const CSV = { quoted: true, quoted_empty: true, record_delimiter: 'windows' as const };

/** Text a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV injection). */
function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  const s = String(v);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

function csvStream(chunks: AsyncGenerator<SubscriptionReportRow[]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode('\uFEFF' + stringify([REPORT_COLUMNS.map((k) => REPORT_HEADINGS[k])], CSV)));
        return;
      }
      try {
        const next = await chunks.next();
        if (next.done) return controller.close();
        controller.enqueue(encoder.encode(stringify(next.value.map((row) => REPORT_COLUMNS.map((k) => cell(row[k]))), CSV)));
      } catch (err) {
        controller.error(err);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
