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
    return new Response(reportCsvStream(def.columns(scope), allReportRows(store, def, scope, query), scope.timeZone), {
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

export const reportRoutes = new Hono<AppEnv>();
for (const name of Object.keys(REPORTS) as ReportName[]) {
  reportRoutes.get(`/reports/${name}`, (c) => answerReport(c, REPORTS[name]));
}
