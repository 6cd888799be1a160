/**
 * GET /api/reports/{subscriptions|linked|unlinked|adjustments|failures} (docs/api.md "Reports"): JSON pages, or the
 * whole filtered report as CSV with ?format=csv. Every signed-in user of the tenant may read them.
 */
import { Hono } from 'hono';
import { currentUser, type AppContext, type AppEnv } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import { localDate, parseReportQuery, ReportQueryError, type ReportQuery } from '../domain/report-query.js';
import { loadTenantSettings } from '../mapping/tenant.js';
import { reportCsvStream } from '../reports/csv.js';
import { allReportRows, runReport, shapeOf, type ReportDefinition, type ReportScope } from '../reports/engine.js';
import { REPORTS, type ReportName } from '../reports/index.js';
import { adjustmentsPerDay } from '../reports/by-day.js';

/** Parse the query against the report and the caller's tenant; 422 naming what is wrong. */
export async function reportRequest(c: AppContext, def: ReportDefinition): Promise<{ scope: ReportScope; query: ReportQuery }> {
  const user = currentUser(c);
  const { psaKind, timeZone } = await loadTenantSettings(c.get('services').store, user.tenantId);
  const base: ReportScope = { tenantId: user.tenantId, psaKind, context: null, timeZone };
  let query: ReportQuery;
  try {
    query = parseReportQuery(c.req.queries(), shapeOf(def, base));
  } catch (err) {
    if (err instanceof ReportQueryError) throw new HttpError(422 as 400, 'validation_failed', err.message);
    throw err;
  }
  return { scope: { ...base, psaKind: query.context ?? psaKind, context: query.context }, query };
}

/** The report as a JSON page, or as a streamed CSV download. */
export async function answerReport(c: AppContext, def: ReportDefinition): Promise<Response> {
  const { scope, query } = await reportRequest(c, def);
  const { store, clock } = c.get('services');
  if (query.format === 'csv') {
    const filename = `${def.name}-${localDate(clock.now(), scope.timeZone)}.csv`;
    const rows = await startedRows(allReportRows(store, def, scope, query), c);
    return new Response(reportCsvStream(def.columns(scope), rows, scope.timeZone), {
      status: 200,
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${filename}"`,
        'Cache-Control': 'no-store',
      },
    });
  }
  return c.json(await runReport(store, def, scope, query));
}

/**
 * Reads the first chunk of rows before the 200 is sent: a query that fails does so here, through onError
 * (an error status and an error log line), instead of inside a stream whose 200 is already on the wire.
 * A failure after the first chunk can only cut the download short; it is logged as an error.
 */
async function startedRows<T>(rows: AsyncIterable<T>, c: AppContext): Promise<AsyncIterable<T>> {
  const it = rows[Symbol.asyncIterator]();
  const first = await it.next();
  const logger = c.get('logger');
  return {
    async *[Symbol.asyncIterator]() {
      if (first.done) return;
      yield first.value;
      try {
        for (let next = await it.next(); !next.done; next = await it.next()) yield next.value;
      } catch (err) {
        logger.error({ err, path: c.req.path }, 'CSV report failed after the download started: the file is cut short');
        throw err;
      } finally {
        await it.return?.(undefined);
      }
    },
  };
}

export const reportRoutes = new Hono<AppEnv>();
// Before the report routes: the Adjustments chart, under the same filters as the log (docs/api.md "Reports").
reportRoutes.get('/reports/adjustments/by-day', async (c) => {
  const { scope, query } = await reportRequest(c, REPORTS.adjustments);
  return c.json({ days: await adjustmentsPerDay(allReportRows(c.get('services').store, REPORTS.adjustments, scope, query), scope.timeZone) });
});
for (const name of Object.keys(REPORTS) as ReportName[]) {
  reportRoutes.get(`/reports/${name}`, (c) => answerReport(c, REPORTS[name]));
}
