/** Request ids, access logs, sessions and CSRF: the middleware every request passes. */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { loadSession, SESSION_COOKIE } from '../auth/sessions.js';
import type { Services } from '../services.js';
import type { AppEnv } from './context.js';
import { HttpError } from './errors.js';
import { constantTimeEqual } from '../auth/crypto.js';
import { originAllowed } from './origin.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

export function baseMiddleware(services: Services): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
    const logger = services.logger.child({ requestId });
    c.set('services', services);
    c.set('requestId', requestId);
    c.set('logger', logger);
    c.set('user', null);
    c.set('session', null);
    const started = Date.now();
    try {
      await next();
    } finally {
      c.header('X-Request-Id', requestId);
      // Path only: query strings may carry filters with customer names, never worth a log line.
      const status = c.res?.status ?? 500;
      if (!c.req.path.startsWith('/assets/')) {
        // The request's logger by now: it carries the tenant once the session was known.
        (c.get('logger') ?? logger)[status >= 500 ? 'error' : 'info']({ method: c.req.method, path: c.req.path, status, ms: Date.now() - started }, 'request');
      }
    }
  };
}

export function sessionMiddleware(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const sid = getCookie(c, SESSION_COOKIE);
    if (sid) {
      const services = c.get('services');
      const loaded = await loadSession(services.store, sid, services.clock.now());
      if (loaded) {
        c.set('user', loaded.user);
        c.set('logger', c.get('logger').child({ tenantId: loaded.user.tenantId, userId: loaded.user.userId }));
        c.set('session', { csrfToken: loaded.csrfToken, idHash: loaded.idHash });
      }
    }
    await next();
  };
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Synchronizer-token CSRF check: a state-changing request with a session must carry that session's token
 * in X-CSRF-Token. Requests without a session fall through to the routes, which answer 401 (or, for
 * login/forgot/reset, need no session and accept JSON only, which a cross-site form cannot send).
 */
export function csrfMiddleware(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const session = c.get('session');
    if (!SAFE.has(c.req.method) && session) {
      const sent = c.req.header('x-csrf-token') ?? '';
      const enc = new TextEncoder();
      if (!constantTimeEqual(enc.encode(sent), enc.encode(session.csrfToken))) {
        throw new HttpError(403, 'csrf_failed', 'Missing or wrong X-CSRF-Token header: reload the page and try again');
      }
    }
    await next();
  };
}

/**
 * State-changing requests from a browser must come from this site. Browsers send `Origin` on every
 * POST/PUT/PATCH/DELETE (fetch and forms alike), and `Sec-Fetch-Site` on requests of all kinds; one of
 * them must say "this site" (PUBLIC_URL, or an origin `extraOrigins` names for framed use). A request with
 * neither comes from no browser (a script, another server): the session's CSRF token still guards it.
 * This also covers login, forgot and reset, which have no session to hold a token.
 */
export function originMiddleware(extraOrigins: (c: Context<AppEnv>) => readonly string[] = () => []): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!SAFE.has(c.req.method)) {
      const { publicUrl } = c.get('services').config;
      const origin = c.req.header('origin');
      const site = c.req.header('sec-fetch-site');
      if (origin !== undefined) {
        // The origin the request was addressed to is this site too (the demo answers on 127.0.0.1 and on
        // localhost, the embedded screens load from either); a browser cannot forge Host cross-site.
        if (!originAllowed(origin, publicUrl, [new URL(c.req.url).origin, ...extraOrigins(c)])) {
          throw new HttpError(403, 'cross_site', `Cross-site request refused: it came from ${origin.slice(0, 200)}, not from ${new URL(publicUrl).origin}. Open the product at ${publicUrl} and try again`);
        }
      } else if (site !== undefined && site !== 'same-origin' && site !== 'none') {
        throw new HttpError(403, 'cross_site', `Cross-site request refused (Sec-Fetch-Site: ${site.slice(0, 40)}): open the product at ${publicUrl} and try again`);
      }
    }
    await next();
  };
}
