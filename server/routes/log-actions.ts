/**
 * Actions the logs and the money display need:
 *  - POST /api/adjustments/{id}/retry (admin): a failed row becomes due now and a cycle starts (or the
 *    running one picks it up). Only `failed` rows: a row that may have reached the PSA (posting/unknown)
 *    is settled by the poster first, never re-sent on a click.
 *  - PUT /api/settings/money (admin) {currency, locale}: how amounts are shown on every screen.
 */
import { Hono } from 'hono';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { requireAdmin, type AppEnv } from '../http/context.js';
import { HttpError, notFound } from '../http/errors.js';
import { readJson } from '../http/validate.js';
import { startCycle } from '../sync/cycle.js';
import { syncDepsFor } from '../sync/deps.js';
import { keepAlive } from './sync.js';

export const moneyBody = z.strictObject({
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD'),
  locale: z.string().min(2).max(35),
});

/** Intl knows the currency (any well-formed code formats, so the list is asked) and the locale. */
function supported(currency: string, locale: string): boolean {
  try {
    if (!Intl.supportedValuesOf('currency').includes(currency)) return false;
    new Intl.NumberFormat(locale, { style: 'currency', currency }).format(1);
    return Intl.NumberFormat.supportedLocalesOf([locale]).length > 0;
  } catch {
    return false;
  }
}

export const logActionRoutes = new Hono<AppEnv>()
  .post('/adjustments/:id/retry', async (c) => {
    const user = requireAdmin(c);
    const { store, clock } = c.get('services');
    const { t } = store;
    const id = c.req.param('id');
    const mine = and(eq(t.adjustments.tenantId, user.tenantId), eq(t.adjustments.id, id));
    const [row] = await store.db.select({ status: t.adjustments.status }).from(t.adjustments).where(mine);
    if (!row) throw notFound('Adjustment');
    if (row.status !== 'failed') {
      throw new HttpError(409, 'conflict', row.status === 'posted' ? 'This adjustment is already posted' : 'This adjustment may have reached the PSA; it is checked before any retry');
    }
    const now = clock.now().toISOString();
    await store.db.update(t.adjustments).set({ nextAttemptAt: now, updatedAt: now }).where(and(mine, eq(t.adjustments.status, 'failed')));
    const started = await startCycle(syncDepsFor(c.get('services')), user.tenantId, { trigger: 'manual' });
    if (started) keepAlive(c, started.done);
    return c.json({ id, nextAttemptAt: now, runId: started?.runId ?? null }, 202);
  })
  .put('/settings/money', async (c) => {
    const user = requireAdmin(c);
    const body = await readJson(c, moneyBody);
    if (!supported(body.currency, body.locale)) throw new HttpError(422 as 400, 'validation_failed', `Unknown currency or locale: ${body.currency} / ${body.locale}`);
    const { store } = c.get('services');
    await store.db.update(store.t.tenants).set(body).where(eq(store.t.tenants.id, user.tenantId));
    return c.json(body);
  });
