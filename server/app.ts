/**
 * createApp(services) -> the Hono app. Knows no runtime: the Node host (node.ts) and the Workers host
 * (worker.ts) build `services` and hand it in; tests build their own.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { isConnectorError } from './connector-error.js';
import type { AppEnv } from './http/context.js';
import { HttpError } from './http/errors.js';
import { alwaysReady, healthRoutes, type Readiness } from './http/health.js';
import { podScope } from './embed/pod-session.js';
import { baseMiddleware, csrfMiddleware, originMiddleware, sessionMiddleware } from './http/middleware.js';
import { metricsRoute } from './metrics/route.js';
import { apiRoutes } from './routes/index.js';
import { embedRoutes } from './embed/index.js';
import type { Services } from './services.js';

export interface AppOptions {
  /** Extra apps mounted before the API, e.g. the demo sandboxes under /sandbox/*. */
  mounts?: { path: string; app: Hono<any> }[];
  /** The widgets (HTML shell and assets), mounted last at /. */
  widgets?: Hono<any>;
  /** What /readyz reports; ready at once when the host has no start-up steps. */
  readiness?: Readiness;
}

export function createApp(services: Services, opts: AppOptions = {}) {
  const app = new Hono<AppEnv>();

  // Sandboxes are other systems' APIs: they get none of the product's middleware.
  for (const m of opts.mounts ?? []) app.route(m.path, m.app);

  app.use('*', baseMiddleware(services));
  app.route('/', healthRoutes(services, opts.readiness ?? alwaysReady));
  app.route('/', metricsRoute(services));

  const api = new Hono<AppEnv>();
  api.use('*', originMiddleware());
  api.use('*', limitBody(services.config.maxBodyBytes));
  api.use('*', sessionMiddleware());
  api.use('*', podScope());
  api.use('*', csrfMiddleware());
  api.route('/', apiRoutes);
  api.all('*', (c) => {
    throw new HttpError(404, 'not_found', `No API route ${c.req.method} ${c.req.path}`);
  });
  app.route('/api', api);

  // Embedding: /launch (signed launch tokens) and the APS endpoint the Marketplace controller calls.
  app.route('/', embedRoutes);

  if (opts.widgets) app.route('/', opts.widgets);

  app.onError((err, c) => {
    const requestId = c.get('requestId') ?? 'unknown';
    const log = c.get('logger') ?? services.logger;
    if (err instanceof HttpError) {
      for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
      return c.json({ error: { ...err.details, code: err.code, message: err.message, requestId } }, err.status);
    }
    if (isConnectorError(err)) {
      // The vendor's own words reach the user; credentials never are part of them.
      log.warn({ err, system: err.system }, 'upstream call failed');
      return c.json({ error: { code: 'upstream_failed', message: `${err.system}: ${err.displayMessage}`, requestId } }, 502);
    }
    log.error({ err }, 'unhandled error');
    return c.json({ error: { code: 'internal', message: 'Something went wrong on our side; the request id helps support find it', requestId } }, 500);
  });
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `Nothing at ${c.req.path}`, requestId: c.get('requestId') ?? 'unknown' } }, 404));

  return app;
}

function limitBody(maxSize: number): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new HttpError(413, 'payload_too_large', `The body is larger than ${Math.round(maxSize / 1024)} KiB`);
    },
  });
}
