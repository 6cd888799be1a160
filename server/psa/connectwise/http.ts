/**
 * The only code that talks HTTP to ConnectWise: codebase discovery, auth headers, JSON in and out, paging
 * through every page, bounded retries of reads. Every failure leaves as a `ConnectorError`.
 * Docs: https://developer.connectwise.com/Products/ConnectWise_PSA/REST (auth, paging, conditions).
 */
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { ConnectorError, isConnectorError } from '../../connector-error.js';
import type { ConnectWiseConnection } from '../types.js';
import { classifyAnswer, classifyTransport } from './errors.js';
import { CONNECTWISE } from './facts.js';
import { nextLink } from './link-header.js';
import { apiBase, basicAuth, companyInfoUrl, normaliseCodebase } from './site.js';
import { acceptFor, versionFor } from './version.js';
import type { CwCompanyInfo, CwPatchOperation } from './wire.js';

export interface CwHttpOptions {
  timeoutMs?: number;
  /** Extra attempts for a failed read (429, 5xx, network); writes are never repeated here. */
  readRetries?: number;
  /** Longest wait between read attempts, whatever Retry-After says. */
  maxRetryWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
  /** Node https agent or similar, for callers that must trust a private CA (tests serve TLS). */
  httpsAgent?: unknown;
}

export interface ListQuery {
  conditions?: string;
  fields?: string;
  orderBy?: string;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** Whether a failed read may be tried again now, and after how long. Pure; unit-tested per branch. */
export function readRetryDecision(err: ConnectorError, attempt: number, max: number, maxWaitMs: number): { retry: boolean; waitMs: number } {
  if (attempt >= max || !err.retry || err.kind === 'config') return { retry: false, waitMs: 0 };
  if (err.kind !== 'throttled' && err.kind !== 'server' && err.kind !== 'network' && err.kind !== 'timeout') return { retry: false, waitMs: 0 };
  const backoff = 250 * 2 ** attempt;
  return { retry: true, waitMs: Math.min(err.retryAfterMs ?? backoff, maxWaitMs) };
}

export class CwHttp {
  private readonly ax: AxiosInstance;
  private base: Promise<{ apiBase: string; info: CwCompanyInfo | null }> | null = null;
  private readonly opts: Required<Omit<CwHttpOptions, 'httpsAgent'>>;
  /** Requests sent (each attempt and each page), for benchmarks and logs. */
  calls = 0;

  constructor(
    private readonly conn: ConnectWiseConnection,
    options: CwHttpOptions = {},
  ) {
    this.opts = {
      timeoutMs: options.timeoutMs ?? 30_000,
      readRetries: options.readRetries ?? 2,
      maxRetryWaitMs: options.maxRetryWaitMs ?? 10_000,
      sleep: options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
      now: options.now ?? (() => new Date()),
    };
    this.ax = axios.create({
      timeout: this.opts.timeoutMs,
      // Bodies are parsed here so a malformed one is told apart from a refused one.
      responseType: 'text',
      transformResponse: [(d: unknown) => d],
      validateStatus: () => true,
      maxRedirects: 0,
      ...(options.httpsAgent ? { httpsAgent: options.httpsAgent } : {}),
    });
  }

  /** Accept with the version this server serves, set by discovery (the spec's until then). */
  private accept: string = CONNECTWISE.accept;

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return {
      Authorization: basicAuth(this.conn.companyId.trim(), this.conn.publicKey.trim(), this.conn.privateKey.trim()),
      clientId: this.conn.clientId.trim(),
      Accept: this.accept,
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache',
      ...extra,
    };
  }

  /** One HTTP exchange; `url` absolute. Returns the parsed body or throws a ConnectorError. */
  async exchange<T>(method: Method, url: string, init: { data?: unknown; headers?: Record<string, string>; auth?: boolean } = {}) {
    const write = method !== 'GET';
    let res: AxiosResponse<string>;
    this.calls++;
    try {
      res = await this.ax.request<string>({
        method,
        url,
        data: init.data === undefined ? undefined : JSON.stringify(init.data),
        headers: init.auth === false ? { Accept: 'application/json', ...init.headers } : this.headers(init.headers),
      });
    } catch (e) {
      const err = e as { code?: string; message?: string };
      throw classifyTransport(err.code, err.message ?? String(e), write, e);
    }
    const headers = lowerHeaders(res.headers as Record<string, unknown>);
    const text = typeof res.data === 'string' ? res.data : '';
    let body: unknown = text;
    let parsed = text.trim() === '';
    if (!parsed) {
      try {
        body = JSON.parse(text);
        parsed = true;
      } catch {
        body = text;
      }
    }
    const ok = res.status >= 200 && res.status < 300;
    if (!ok || (!parsed && res.status !== 204)) throw classifyAnswer({ status: res.status, headers, body, write }, this.opts.now());
    return { status: res.status, headers, body: (text.trim() === '' ? null : body) as T };
  }

  /** Codebase discovery, once per client: `/login/companyinfo/{company}` (research 1, "Base URL"). */
  apiBase(): Promise<{ apiBase: string; info: CwCompanyInfo | null }> {
    if (!this.base) {
      this.base = this.discover().catch((e: unknown) => {
        this.base = null; // a failed discovery is tried again by the next call
        throw e;
      });
    }
    return this.base;
  }

  private async discover(): Promise<{ apiBase: string; info: CwCompanyInfo | null }> {
    const url = companyInfoUrl(this.conn.site, this.conn.companyId);
    try {
      const { body } = await this.withReadRetries(() => this.exchange<CwCompanyInfo | null>('GET', url, { auth: false }));
      if (!body || typeof body !== 'object') throw unknownCompany(this.conn.companyId, null);
      this.accept = acceptFor(versionFor(body.VersionCode));
      return { apiBase: apiBase(this.conn.site, normaliseCodebase(body.Codebase)), info: body };
    } catch (e) {
      // Sites that do not serve companyinfo (a reverse proxy in front of on-premises) still answer on the alias.
      if (isConnectorError(e) && e.kind === 'not_found') return { apiBase: apiBase(this.conn.site, CONNECTWISE.defaultCodebase), info: null };
      if (isConnectorError(e) && e.status === 400) throw unknownCompany(this.conn.companyId, e);
      throw e;
    }
  }

  private async withReadRetries<T>(run: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await run();
      } catch (e) {
        if (!isConnectorError(e)) throw e;
        const d = readRetryDecision(e, attempt, this.opts.readRetries, this.opts.maxRetryWaitMs);
        if (!d.retry) throw e;
        await this.opts.sleep(d.waitMs);
      }
    }
  }

  async url(path: string, params: Record<string, string | number | undefined> = {}): Promise<string> {
    const { apiBase: base } = await this.apiBase();
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') qs.set(k, String(v));
    const q = qs.toString();
    return `${base}${path}${q ? `?${q}` : ''}`;
  }

  async get<T>(path: string, params: Record<string, string | number | undefined> = {}): Promise<T> {
    const url = await this.url(path, params);
    return (await this.withReadRetries(() => this.exchange<T>('GET', url))).body;
  }

  /**
   * Every row of a list. Forward-only paging (`pagination-type: forward-only`, follow `Link rel="next"`) is
   * the default: it stays correct while rows are added during the read. With `orderBy` the navigable mode is
   * used (`page`/`pageSize`), following `rel="next"` when sent, else stopping at a short page. A full page
   * without a Link header pages on by number in either mode.
   */
  async list<T>(path: string, q: ListQuery = {}, pageSize: number = CONNECTWISE.maxPageSize): Promise<T[]> {
    const size = Math.max(1, Math.min(pageSize, CONNECTWISE.maxPageSize));
    let forward = !q.orderBy;
    let params = { conditions: q.conditions, fields: q.fields, orderBy: q.orderBy, pageSize: size, page: forward ? undefined : 1 };
    let headers = forward ? { [CONNECTWISE.forwardOnlyHeader]: CONNECTWISE.forwardOnlyValue } : undefined;
    const rows: T[] = [];
    let url: string | null = await this.url(path, params);
    const origin = new URL(url).origin;
    const seen = new Set<string>();
    for (let page = 1; url; page++) {
      if (seen.has(url)) throw malformed(`ConnectWise sent the same next-page link twice (${path})`);
      seen.add(url);
      const current: string = url;
      const res = await this.withReadRetries(() => this.exchange<T[]>('GET', current, { headers }));
      if (!Array.isArray(res.body)) throw malformed(`ConnectWise sent a list page that is not an array (${path})`);
      rows.push(...res.body);
      const next = nextLink(res.headers.link);
      if (next) {
        // Credentials go only to the origin they belong to.
        if (new URL(next, current).origin !== origin) throw malformed(`ConnectWise's next-page link leaves ${origin}`);
        url = new URL(next, current).toString();
      } else if (res.body.length === size) {
        if (forward) {
          // A full page and no Link (a proxy may strip it): page on by number, in the id order forward-only used.
          forward = false;
          headers = undefined;
          params = { ...params, orderBy: 'id asc' };
        }
        url = await this.url(path, { ...params, page: page + 1 });
      } else {
        url = null;
      }
    }
    return rows;
  }

  async count(path: string, conditions?: string): Promise<number> {
    const body = await this.get<{ count?: number }>(`${path}/count`, { conditions });
    if (typeof body?.count !== 'number') throw malformed(`ConnectWise sent no count (${path}/count)`);
    return body.count;
  }

  async post<T>(path: string, data: unknown): Promise<T> {
    return (await this.exchange<T>('POST', await this.url(path), { data })).body;
  }

  /** JSON-Patch-like array, `path` the bare field name (spec PatchOperation; ConnectWiseManageAPI `Invoke-CWMUpdateMaster.ps1`). */
  async patch<T>(path: string, ops: CwPatchOperation[]): Promise<T> {
    return (await this.exchange<T>('PATCH', await this.url(path), { data: ops })).body;
  }
}

function lowerHeaders(h: Record<string, unknown>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(h ?? {})) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v == null ? undefined : String(v);
  return out;
}

const malformed = (message: string) => new ConnectorError({ kind: 'malformed', system: 'connectwise', retry: true, message });

function unknownCompany(companyId: string, cause: ConnectorError | null): ConnectorError {
  return new ConnectorError({
    kind: 'config',
    system: 'connectwise',
    retry: false,
    status: cause?.status,
    vendorMessage: cause?.vendorMessage,
    message: `ConnectWise does not know the company id "${companyId}" on this site: check the company id (the one you type at the ConnectWise login) and the site.`,
    cause,
  });
}
