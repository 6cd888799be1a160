/**
 * The Marketplace API client: the only code that knows its URLs, auth and paging.
 * Auth: `POST /token` with HTTP Basic (API user), `X-Subscription-Key`, body `{"marketplace": code}` ->
 * bearer token, cached and renewed before `expiresInSeconds` runs out. Every error is a ConnectorError
 * that keeps the vendor's text and the `X-Correlation-ID`. 429/5xx are retried (see retry.ts).
 * Docs: https://apidocs.cloud.im/1.6/howto/ ; spec ../shared/specs/marketplace/ingram-cloud-marketplace-api-v1.6.cmp.yaml
 */
import axios, { type AxiosInstance } from 'axios';
import { ConnectorError } from '../connector-error.js';
import type { MarketplaceConnection } from './types.js';
import type { ApiCustomer, ApiOrder, ApiSubscription, ApiSubscriptionDetailed, ResultList, TokenInfo } from './api-types.js';
import { MARKETPLACE } from './provider.js';
import { decideRetry, parseRetryAfter } from './retry.js';
import { httpError, malformedError, transportError } from './errors.js';

/** Things the client noticed that a scan should log and keep as a scan issue. */
export type ClientEvent =
  | { kind: 'token-renewed'; reason: string; path: string; correlationId?: string }
  | { kind: 'retrying'; path: string; reason: string; waitMs: number; attempt: number; correlationId?: string }
  | { kind: 'page-repeated'; path: string; offset: number }
  | { kind: 'listing-short'; path: string; offset: number; total: number };

export interface ClientOptions {
  maxAttempts?: number;
  timeoutMs?: number;
  pageSize?: number;
  baseDelayMs?: number;
  maxRetryAfterMs?: number;
  /** Injected for tests and benchmarks; defaults to setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => Date;
  onEvent?: (e: ClientEvent) => void;
}

export interface ClientStats {
  apiCalls: number;
  byPath: Record<string, number>;
}

export interface PageOf<T> {
  items: T[];
  offset: number;
  total: number;
}

export interface OrderQuery {
  customerId?: string;
  subscriptionId?: string;
  status?: string;
  statusCode?: string;
  /** ISO date-time (spec: `creationTimeFrom`, format date-time). */
  creationTimeFrom?: string;
  creationTimeTo?: string;
  /** v1.6 has no `type` query parameter: filtered here, after reading. */
  types?: readonly string[];
}

type Query = Record<string, string | number | undefined>;

export type MarketplaceClient = ReturnType<typeof createMarketplaceClient>;

export function createMarketplaceClient(conn: MarketplaceConnection, opts: ClientOptions = {}) {
  const maxAttempts = opts.maxAttempts ?? 5;
  const pageSize = opts.pageSize ?? MARKETPLACE.pageSize;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = opts.random ?? Math.random;
  const now = opts.now ?? (() => new Date());
  const emit = opts.onEvent ?? (() => {});
  const stats: ClientStats = { apiCalls: 0, byPath: {} };
  const http: AxiosInstance = axios.create({
    baseURL: conn.baseUrl.replace(/\/+$/, ''),
    timeout: opts.timeoutMs ?? 30_000,
    // Statuses and JSON are judged here, not by axios, so a truncated body is a 'malformed' error.
    validateStatus: () => true,
    responseType: 'text',
    transformResponse: [(d: unknown) => d],
    headers: { Accept: 'application/json', [MARKETPLACE.headers.subscriptionKey]: conn.subscriptionKey },
  });

  let cached: { token: string; renewAt: number } | null = null;
  let pending: Promise<string> | null = null;

  interface Call {
    method: 'GET' | 'POST';
    path: string;
    /** Route pattern for stats, e.g. GET /subscriptions/{id}. */
    route: string;
    query?: Query;
    body?: unknown;
    auth: 'basic' | 'bearer';
    idempotent: boolean;
  }

  async function send<T>(call: Call): Promise<T> {
    let renewedFor401 = false;
    for (let attempt = 1; ; attempt++) {
      const headers: Record<string, string> = {};
      let usedToken: string | null = null;
      if (call.auth === 'bearer') {
        usedToken = await token();
        headers.Authorization = `Bearer ${usedToken}`;
      } else {
        headers.Authorization = `Basic ${base64(`${conn.apiUser}:${conn.password}`)}`;
      }
      if (call.body !== undefined) headers['Content-Type'] = 'application/json';
      stats.apiCalls++;
      stats.byPath[call.route] = (stats.byPath[call.route] ?? 0) + 1;

      let status: number | undefined;
      let failure: 'network' | 'timeout' | 'malformed' | undefined;
      let error: ConnectorError;
      let retryAfter: string | null = null;
      let correlationId: string | undefined;
      try {
        const res = await http.request<string>({
          method: call.method,
          url: call.path,
          params: call.query ? clean(call.query) : undefined,
          data: call.body === undefined ? undefined : JSON.stringify(call.body),
          headers,
        });
        correlationId = header(res.headers, MARKETPLACE.headers.correlationId);
        retryAfter = header(res.headers, MARKETPLACE.headers.retryAfter) ?? null;
        if (res.status >= 200 && res.status < 300) {
          try {
            return JSON.parse(res.data) as T;
          } catch {
            failure = 'malformed';
            error = malformedError({ method: call.method, path: call.path, detail: 'the body is not JSON', correlationId, status: res.status });
          }
        } else {
          status = res.status;
          if (status === 401 && usedToken && !renewedFor401) {
            // A token can expire or be revoked mid-scan: get a new one once, then give up.
            renewedFor401 = true;
            // Parallel requests all meet the same expired token: the first one clears it and reports it.
            if (cached?.token === usedToken) {
              cached = null;
              emit({ kind: 'token-renewed', reason: 'the API refused the bearer token (HTTP 401)', path: call.path, correlationId });
            }
            attempt--;
            continue;
          }
          const retryAfterMs = parseRetryAfter(retryAfter, now()) ?? undefined;
          error = httpError({
            method: call.method,
            path: call.path,
            status,
            body: res.data,
            correlationId,
            retry: MARKETPLACE.retryableStatuses.includes(status),
            retryAfterMs,
          });
        }
      } catch (err) {
        const e = err as { code?: string; message?: string };
        failure = e.code === 'ECONNABORTED' || e.code === 'ETIMEDOUT' ? 'timeout' : 'network';
        error = transportError({
          method: call.method,
          path: call.path,
          failure,
          detail: e.code ?? e.message ?? 'unknown',
          idempotent: call.idempotent,
          cause: err,
        });
      }
      const decision = decideRetry({
        attempt,
        maxAttempts,
        status,
        failure,
        retryAfter,
        idempotent: call.idempotent,
        now: now(),
        random: random(),
        baseDelayMs: opts.baseDelayMs,
        maxRetryAfterMs: opts.maxRetryAfterMs,
      });
      if (!decision.retry) throw error!;
      emit({ kind: 'retrying', path: call.path, reason: decision.reason, waitMs: decision.waitMs, attempt, correlationId });
      await sleep(decision.waitMs);
    }
  }

  /** The cached bearer token, renewed a margin before it expires. Concurrent callers share one request. */
  async function token(): Promise<string> {
    if (cached && now().getTime() < cached.renewAt) return cached.token;
    if (!pending) {
      pending = (async () => {
        // https://apidocs.cloud.im/1.6/howto/authentication : POST /token, Basic auth, {"marketplace": code}
        const info = await send<TokenInfo>({
          method: 'POST',
          path: MARKETPLACE.paths.token,
          route: 'POST /token',
          body: { marketplace: conn.marketplace },
          auth: 'basic',
          idempotent: true,
        });
        if (!info || typeof info.token !== 'string' || !info.token || typeof info.expiresInSeconds !== 'number') {
          throw malformedError({ method: 'POST', path: MARKETPLACE.paths.token, detail: 'no token/expiresInSeconds in TokenInfo' });
        }
        const lifetime = info.expiresInSeconds * 1000;
        const margin = Math.min(MARKETPLACE.tokenRenewMarginMs, lifetime / 10);
        cached = { token: info.token, renewAt: now().getTime() + lifetime - margin };
        return info.token;
      })().finally(() => {
        pending = null;
      });
    }
    return pending;
  }

  /** Every page of a `{data, pagination}` list, `offset`/`limit` paging; repeated pages are skipped. */
  async function* pages<T extends { id?: unknown }>(path: string, route: string, query: Query = {}, from = 0): AsyncGenerator<PageOf<T>> {
    let offset = from;
    let previousKey = '';
    let guard = 0;
    for (;;) {
      const res = await send<ResultList<T>>({ method: 'GET', path, route, query: { ...query, offset, limit: pageSize }, auth: 'bearer', idempotent: true });
      if (!res || !Array.isArray(res.data) || !res.pagination || typeof res.pagination.total !== 'number') {
        throw malformedError({ method: 'GET', path, detail: `page at offset ${offset} lacks data[] or pagination.total` });
      }
      const total = res.pagination.total;
      const key = res.data.map((x) => String((x as { id?: unknown })?.id)).join(',');
      if (res.data.length > 0 && key === previousKey) {
        emit({ kind: 'page-repeated', path, offset });
      } else {
        yield { items: res.data, offset, total };
      }
      previousKey = key;
      const step = Number.isInteger(res.pagination.limit) && res.pagination.limit > 0 ? res.pagination.limit : pageSize;
      offset += step;
      if (offset >= total) return;
      if (res.data.length === 0) {
        emit({ kind: 'listing-short', path, offset, total });
        return;
      }
      if (++guard > Math.ceil(total / step) + 10) return;
    }
  }

  return {
    stats,
    token,
    /** GET /customers — https://apidocs.cloud.im/1.6/spec/#operation/getCustomers */
    customerPages: (q: { name?: string } = {}) => pages<ApiCustomer>(MARKETPLACE.paths.customers, 'GET /customers', q),
    /** GET /customers/{id} */
    getCustomer: (id: string) =>
      send<ApiCustomer>({ method: 'GET', path: MARKETPLACE.paths.customer(id), route: 'GET /customers/{id}', auth: 'bearer', idempotent: true }),
    /** GET /subscriptions (no products in list items), newest first, from the page at offset `from`. */
    subscriptionPages: (q: { customerId?: string; status?: string; creationDateFrom?: string; creationDateTo?: string } = {}, from = 0) =>
      pages<ApiSubscription>(MARKETPLACE.paths.subscriptions, 'GET /subscriptions', q, from),
    /** GET /subscriptions/{id} -> SubscriptionDetailed with products[] and their quantities */
    getSubscription: (id: string) =>
      send<ApiSubscriptionDetailed>({ method: 'GET', path: MARKETPLACE.paths.subscription(id), route: 'GET /subscriptions/{id}', auth: 'bearer', idempotent: true }),
    /** GET /orders, newest first; `types` is applied after reading. */
    async *orderPages(q: OrderQuery = {}): AsyncGenerator<PageOf<ApiOrder>> {
      const { types, ...query } = q;
      for await (const page of pages<ApiOrder>(MARKETPLACE.paths.orders, 'GET /orders', query)) {
        yield types ? { ...page, items: page.items.filter((o) => types.includes(o?.type)) } : page;
      }
    },
    /** GET /orders/{id} -> OrderDetailed with products[].subscriptionId */
    getOrder: (id: string) =>
      send<ApiOrder>({ method: 'GET', path: MARKETPLACE.paths.order(id), route: 'GET /orders/{id}', auth: 'bearer', idempotent: true }),
    /** POST /orders — places an order (used by tests and the demo); never retried on a timeout. */
    placeOrder: (order: Record<string, unknown>) =>
      send<ApiOrder>({ method: 'POST', path: MARKETPLACE.paths.orders, route: 'POST /orders', body: order, auth: 'bearer', idempotent: false }),
  };
}

function clean(q: Query): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}

function header(headers: unknown, name: string): string | undefined {
  const h = headers as { get?: (n: string) => unknown } & Record<string, unknown>;
  const v = typeof h?.get === 'function' ? h.get(name) : h?.[name.toLowerCase()];
  return v == null ? undefined : String(v);
}

function base64(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}
