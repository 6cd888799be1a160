/**
 * GET /api/margins[?format=csv][&refresh=1]: margin per customer and resource (Marketplace unit cost
 * against the PSA unit price) with the month's totals and a warning where the PSA price is below cost.
 * Every signed-in user may read it. Without a PSA connection the prices are unknown (rows still listed).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { currentUser, type AppEnv } from '../http/context.js';
import { readQuery } from '../http/validate.js';
import { cachedPsaLists } from '../mapping/psa-source.js';
import { loadTenantSettings } from '../mapping/tenant.js';
import { MARGIN_COLUMNS, readMargins } from '../margins/read.js';
import { reportCsvStream } from '../reports/csv.js';

export const marginsQuery = z.strictObject({ format: z.enum(['json', 'csv']).optional(), refresh: z.enum(['0', '1']).optional() });

export const marginRoutes = new Hono<AppEnv>().get('/margins', async (c) => {
  const user = currentUser(c);
  const q = readQuery(c, marginsQuery);
  const services = c.get('services');
  const { psaKind, timeZone } = await loadTenantSettings(services.store, user.tenantId);
  const lists = await cachedPsaLists(services, { tenantId: user.tenantId, psaKind, timeZone }).catch(() => null);
  const refreshing = lists && q.refresh === '1' ? { ...lists, servicesOf: (ids: string[]) => lists.servicesOf(ids, { refresh: true }) } : lists;
  const out = await readMargins(services.store, user.tenantId, services.clock.now(), refreshing);
  if (q.format === 'csv') {
    async function* once() {
      yield out.rows as unknown as Record<string, unknown>[];
    }
    return new Response(reportCsvStream(MARGIN_COLUMNS, once()), {
      headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="margins.csv"', 'Cache-Control': 'no-store' },
    });
  }
  return c.json({ columns: MARGIN_COLUMNS, ...out });
});
