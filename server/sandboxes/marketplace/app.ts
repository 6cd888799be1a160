/**
 * The Marketplace sandbox: a Hono app speaking the Marketplace API v1.6 (token, paging, filters, the
 * spec's schemas, the gateway's error body) over generated data, changed through `POST /orders` or the
 * test controls. Mounted by the lead under /sandbox/marketplace in demo mode; tests serve it on 127.0.0.1.
 * Spec: ../shared/specs/marketplace/ingram-cloud-marketplace-api-v1.6.cmp.yaml
 */
import { Hono, type Context } from 'hono';
import type { Clock } from '../clock.js';
import { demoMarketplaceData, type MarketplaceData } from './data.js';
import { SandboxState, type MarketplaceSwitches } from './state.js';
import { OrderBook, OrderRefused } from './orders.js';
import { createStats, FaultList, RequestBudget, routeOf, type Budget, type Fault } from './controls.js';
import { registerControlRoutes } from './control-routes.js';
import { listProducts } from './catalog.js';

export interface SandboxCredentials {
  apiUser: string;
  password: string;
  subscriptionKey: string;
  marketplace: string;
}

export const DEMO_MARKETPLACE_CREDENTIALS: SandboxCredentials = { apiUser: 'demo', password: 'demo', subscriptionKey: 'demo-key', marketplace: 'us' };

export interface SandboxOptions {
  data?: MarketplaceData;
  credentials?: SandboxCredentials;
  clock?: Clock;
  /** Requests allowed per window and subscription key; none by default. */
  budget?: Budget;
  /** Token lifetime; 1500 s as seen from the real API. */
  tokenLifetimeSeconds?: number;
  /** Serve the /_control endpoints (default true; the JS `controls` work either way). */
  exposeControls?: boolean;
  /** Largest `limit` honoured (the spec names none); larger asks are clamped, as pagination.limit shows. */
  maxPageSize?: number;
}

type Env = { Variables: { fault: Fault | null; correlationId: string } };

const API_SEGMENT = /\/(token|customers|subscriptions|orders|products|plans|resellers|reports|validation|_control)(?=\/|$)/;

export function createMarketplaceSandbox(opts: SandboxOptions = {}) {
  const data = opts.data ?? demoMarketplaceData();
  const credentials = opts.credentials ?? DEMO_MARKETPLACE_CREDENTIALS;
  const clock: Clock = opts.clock ?? { now: () => new Date() };
  const state = new SandboxState(data, clock);
  state.orders = new OrderBook(state);
  const stats = createStats();
  const faults = new FaultList();
  const budget = new RequestBudget(opts.budget ?? null);
  const tokens = new Map<string, number>();
  const lifetime = opts.tokenLifetimeSeconds ?? 1500;
  const maxPageSize = opts.maxPageSize ?? 1000;

  const controls = {
    faults,
    budget,
    /** Breaks the next matching requests (see Fault). */
    inject: (f: Fault) => faults.add(f),
    /** Sets a product's count directly (a change made outside the API); today becomes lastModifiedDate. */
    setCount: (subscriptionId: string, product: string, quantity: number) => state.setCount(subscriptionId, product, quantity),
    setStatus: (subscriptionId: string, status: 'active' | 'hold' | 'terminated') => state.change(subscriptionId, { status }),
    corrupt: state.corrupt.bind(state),
    /** Every issued token stops working, as when they expire mid-scan. */
    expireTokens: () => tokens.clear(),
    /** Switches for behaviours research could not settle (state.ts MarketplaceSwitches). */
    setSwitches: (s: Partial<MarketplaceSwitches>) => Object.assign(state.switches, s),
    setBudget: (b: Budget | null) => {
      budget.budget = b;
      budget.reset();
    },
  };

  const app = new Hono<Env>();
  const apiPath = (c: Context<Env>) => {
    const p = c.req.path;
    const m = API_SEGMENT.exec(p);
    return m ? p.slice(m.index) : p;
  };
  const fail = (c: Context<Env>, status: number, error: string, headers: Record<string, string> = {}) => {
    for (const [k, v] of Object.entries(headers)) c.header(k, v);
    // The gateway's error body (inserveit/ingram-marketplace-api-php Models/ErrorResponse.php).
    return c.json({ timestamp: clock.now().toISOString(), status, error, path: c.req.path, correlationId: c.get('correlationId') }, status as 400);
  };

  app.use('*', async (c, next) => {
    const correlationId = crypto.randomUUID();
    c.set('correlationId', correlationId);
    c.header('X-Correlation-ID', correlationId);
    const path = apiPath(c);
    if (path.startsWith('/_control')) return next();
    const route = routeOf(c.req.method, path);
    stats.total++;
    stats.byRoute[route] = (stats.byRoute[route] ?? 0) + 1;
    const fault = faults.take(route, path, c.req.query());
    c.set('fault', fault);
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    const wait = budget.spend(c.req.header('X-Subscription-Key') ?? '', clock.now().getTime());
    if (wait !== null) return fail(c, 429, `Rate limit is exceeded. Try again in ${wait} seconds.`, { 'Retry-After': String(wait) });
    if (fault?.status) {
      const headers: Record<string, string> = fault.retryAfterSeconds !== undefined ? { 'Retry-After': String(fault.retryAfterSeconds) } : {};
      return fail(c, fault.status, fault.status === 429 ? 'Rate limit is exceeded.' : 'Internal server error', headers);
    }
    if (fault?.expireTokens) tokens.clear();
    if (fault?.malformed) return c.body('{"data":[{"id":"10', 200, { 'Content-Type': 'application/json' });
    const key = c.req.header('X-Subscription-Key');
    if (!key) return fail(c, 401, 'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.');
    if (key !== credentials.subscriptionKey) {
      return fail(c, 401, 'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.');
    }
    if (path === '/token') return next();
    const auth = c.req.header('Authorization') ?? '';
    const token = /^Bearer\s+(.+)$/i.exec(auth)?.[1];
    const expires = token ? tokens.get(token) : undefined;
    if (!token || expires === undefined) return fail(c, 401, 'Unauthorized: the bearer token is missing or not valid');
    if (expires <= clock.now().getTime()) return fail(c, 401, 'Unauthorized: the token has expired');
    return next();
  });

  if (opts.exposeControls !== false) registerControlRoutes(app, { state, stats, controls });

  // POST /token — Basic auth with the API user, body {"marketplace": code} -> TokenInfo.
  app.post('/token', async (c) => {
    const basic = /^Basic\s+(.+)$/i.exec(c.req.header('Authorization') ?? '')?.[1];
    const [user, ...rest] = basic ? decodeBase64(basic).split(':') : [];
    if (!basic || user !== credentials.apiUser || rest.join(':') !== credentials.password) {
      return fail(c, 401, 'Bad credentials: the API user name or password is wrong');
    }
    const body = (await c.req.json().catch(() => null)) as { marketplace?: unknown } | null;
    if (!body || typeof body.marketplace !== 'string' || body.marketplace === '') return fail(c, 400, 'marketplace is required');
    if (body.marketplace !== credentials.marketplace) {
      return fail(c, 403, `Marketplace '${body.marketplace}' is not available to this API user`);
    }
    const token = `eyJ${randomToken()}`;
    tokens.set(token, clock.now().getTime() + lifetime * 1000);
    return c.json({ token, expiresInSeconds: lifetime });
  });

  const paging = (c: Context<Env>): { offset: number; limit: number } | Response => {
    const offset = c.req.query('offset') ?? '0';
    const limit = c.req.query('limit') ?? '10';
    if (!/^\d+$/.test(offset)) return fail(c, 400, 'offset must be a non-negative integer');
    if (!/^\d+$/.test(limit) || Number(limit) < 1) return fail(c, 400, 'limit must be a positive integer');
    let o = Number(offset);
    const l = Math.min(Number(limit), maxPageSize);
    if (c.get('fault')?.repeatPage) o = Math.max(0, o - l);
    return { offset: o, limit: l };
  };
  const list = <T>(c: Context<Env>, page: { offset: number; limit: number }, r: { items: T[]; total: number }) =>
    c.json({ data: r.items, pagination: { offset: page.offset, limit: page.limit, total: r.total } });

  app.get('/customers', (c) => {
    const page = paging(c);
    if (page instanceof Response) return page;
    const q = c.req.query();
    return list(c, page, state.listCustomers({ name: q.name, externalId: q.externalId, email: q.email }, page.offset, page.limit));
  });
  app.get('/customers/:id', (c) => {
    const customer = state.customer(c.req.param('id'));
    return customer ? c.json(customer) : fail(c, 404, `Customer ${c.req.param('id')} not found`);
  });
  app.get('/products', (c) => {
    const page = paging(c);
    if (page instanceof Response) return page;
    const q = c.req.query();
    return list(c, page, listProducts(data, q, page.offset, page.limit));
  });
  app.get('/subscriptions', (c) => {
    const page = paging(c);
    if (page instanceof Response) return page;
    const q = c.req.query();
    for (const k of ['creationDateFrom', 'creationDateTo'] as const) {
      if (q[k] && !/^\d{4}-\d{2}-\d{2}$/.test(q[k])) return fail(c, 400, `${k} must be a date (YYYY-MM-DD)`);
    }
    const filter = state.switches.ignoreCreationDateFrom ? { ...q, creationDateFrom: undefined, creationDateTo: undefined } : q;
    return list(c, page, state.listSubscriptions(filter, page.offset, page.limit));
  });
  app.get('/subscriptions/:id', (c) => {
    const detail = state.detail(c.req.param('id'));
    return detail ? c.json(detail) : fail(c, 404, `Subscription ${c.req.param('id')} not found`);
  });
  app.get('/orders', (c) => {
    const page = paging(c);
    if (page instanceof Response) return page;
    const q = c.req.query();
    for (const k of ['creationTimeFrom', 'creationTimeTo'] as const) {
      if (q[k] && Number.isNaN(Date.parse(q[k]))) return fail(c, 400, `${k} must be a date-time`);
    }
    const filter = state.switches.ignoreCreationTimeFrom ? { ...q, creationTimeFrom: undefined, creationTimeTo: undefined } : q;
    return list(c, page, state.orders.list(filter, page.offset, page.limit));
  });
  app.get('/orders/:id', (c) => {
    const order = state.orders.find(c.req.param('id'));
    return order ? c.json(state.orders.toDetail(order)) : fail(c, 404, `Order ${c.req.param('id')} not found`);
  });
  app.post('/orders', async (c) => {
    const body = (await c.req.json().catch(() => null)) as Record<string, unknown> | null;
    if (!body || typeof body !== 'object' || Array.isArray(body)) return fail(c, 400, 'The body must be an OrderDetailed JSON object');
    try {
      return c.json(state.orders.toDetail(state.orders.place(body)));
    } catch (err) {
      if (err instanceof OrderRefused) return fail(c, err.status, err.message);
      throw err;
    }
  });
  app.notFound((c) => fail(c, 404, `No API operation at ${c.req.method} ${apiPath(c)}`));

  return { app, state, controls, stats, credentials };
}

export type MarketplaceSandbox = ReturnType<typeof createMarketplaceSandbox>;

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function decodeBase64(s: string): string {
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(s), (ch) => ch.charCodeAt(0)));
  } catch {
    return '';
  }
}
