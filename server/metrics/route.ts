/**
 * GET /metrics. Who may read it: with METRICS_TOKEN set, a caller sending `Authorization: Bearer <token>`;
 * without it, only a direct loopback caller (the Prometheus agent on the same host). A request that came
 * through a proxy (X-Forwarded-For or Forwarded present) never counts as loopback: a reverse proxy on the
 * same host would otherwise make every Internet caller look local. Tenant ids appear as label values, so
 * the endpoint is not public.
 */
import { Hono } from 'hono';
import { constantTimeEqual } from '../auth/crypto.js';
import type { AppEnv } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import type { Services } from '../services.js';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

export function metricsRoute(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/metrics', async (c) => {
    const token = services.config.metricsToken;
    if (token) {
      const sent = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
      const enc = new TextEncoder();
      if (!constantTimeEqual(enc.encode(sent), enc.encode(token))) {
        throw new HttpError(401, 'unauthenticated', 'Send the metrics token: Authorization: Bearer <METRICS_TOKEN>');
      }
    } else {
      const proxied = c.req.header('x-forwarded-for') !== undefined || c.req.header('forwarded') !== undefined;
      if (proxied || !LOOPBACK.test(services.clientAddress(c.req.raw, c.env))) {
        throw new HttpError(403, 'forbidden', 'Metrics are served to loopback callers only; set METRICS_TOKEN to scrape from elsewhere');
      }
    }
    if (!services.metrics) throw new HttpError(404, 'not_found', 'This host collects no metrics');
    return c.body(await services.metrics.text(), 200, { 'content-type': services.metrics.contentType, 'cache-control': 'no-store' });
  });
  return app;
}
