/**
 * GET /api/preview[?format=csv]: what the next sync cycle will post, hold or retry for the tenant, from
 * the last Marketplace snapshot, without posting or writing anything. Every signed-in user may read it.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { currentUser, type AppEnv } from '../http/context.js';
import { readQuery } from '../http/validate.js';
import { reportCsvStream } from '../reports/csv.js';
import { PREVIEW_COLUMNS, previewNextCycle } from '../review/preview.js';

export const previewQuery = z.strictObject({ format: z.enum(['json', 'csv']).optional() });

export const previewRoutes = new Hono<AppEnv>().get('/preview', async (c) => {
  const user = currentUser(c);
  const { format } = readQuery(c, previewQuery);
  const { store, clock } = c.get('services');
  const { today, rows } = await previewNextCycle(store, user.tenantId, clock.now());
  if (format === 'csv') {
    async function* once() {
      yield rows as unknown as Record<string, unknown>[];
    }
    return new Response(reportCsvStream(PREVIEW_COLUMNS, once()), {
      headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="preview-${today}.csv"`, 'Cache-Control': 'no-store' },
    });
  }
  const posting = rows.filter((r) => r.outcome === 'post' || r.outcome === 'retry');
  const totals = {
    toPost: posting.length,
    held: rows.filter((r) => r.outcome === 'held').length,
    reconciliations: rows.filter((r) => r.outcome === 'reconcile').length,
    estimatedAmount: Math.round(posting.reduce((s, r) => s + (r.estimatedAmount ?? 0), 0) * 100) / 100,
    monthlyChange: Math.round(posting.reduce((s, r) => s + (r.monthlyChange ?? 0), 0) * 100) / 100,
  };
  return c.json({ today, columns: PREVIEW_COLUMNS, rows, totals });
});
