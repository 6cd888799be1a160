/**
 * Test controls of the ConnectWise sandbox: make the next requests fail (5xx, 429 + Retry-After), hang
 * (before or after the write happened) or answer garbage; flip an agreement's `prorateFlag`; edit an
 * addition's quantity by hand (drift); read the log of created additions. The same controls are a JS API
 * (`controls.*`) and HTTP endpoints under `/_control/...` (for browser and demo use).
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { invoiceFor, type PeriodInvoice } from './invoice.js';
import { copyAgreement, extendAgreement } from './renewal.js';
import type { SandboxState, CreatedAddition } from './state.js';
import type { SandboxStats } from './stats.js';

export interface FaultMatch {
  method?: string;
  /** Substring of the API path (after `/apis/3.0`), or a RegExp on it. */
  path?: string | RegExp;
}

export type Fault =
  | { type: 'status'; status: number; retryAfterSeconds?: number; body?: unknown }
  | { type: 'hang'; when: 'before' | 'after' }
  | { type: 'malformed'; when: 'before' | 'after' };

interface Armed {
  fault: Fault;
  times: number;
  match?: FaultMatch;
}

export class SandboxControls {
  private faults: Armed[] = [];
  private hangs = new Set<() => void>();

  constructor(
    private readonly state: SandboxState,
    private readonly stats: SandboxStats,
    private readonly hangLimitMs = 30_000,
  ) {}

  /** Next `times` matching requests answer `status` (e.g. 503) with a ConnectWise error body. */
  failNext(opts: { status: number; times?: number; retryAfterSeconds?: number; body?: unknown; match?: FaultMatch }): void {
    this.faults.push({ fault: { type: 'status', status: opts.status, retryAfterSeconds: opts.retryAfterSeconds, body: opts.body }, times: opts.times ?? 1, match: opts.match });
  }

  throttleNext(opts: { times?: number; retryAfterSeconds?: number; match?: FaultMatch } = {}): void {
    this.failNext({ status: 429, retryAfterSeconds: opts.retryAfterSeconds ?? 1, times: opts.times, match: opts.match });
  }

  /** Never answer; `after` = the request is carried out first (a write lands, the caller cannot know). */
  hangNext(opts: { times?: number; when?: 'before' | 'after'; match?: FaultMatch } = {}): void {
    this.faults.push({ fault: { type: 'hang', when: opts.when ?? 'before' }, times: opts.times ?? 1, match: opts.match });
  }

  malformedNext(opts: { times?: number; when?: 'before' | 'after'; match?: FaultMatch } = {}): void {
    this.faults.push({ fault: { type: 'malformed', when: opts.when ?? 'before' }, times: opts.times ?? 1, match: opts.match });
  }

  setProrate(agreementId: number, prorateFlag: boolean): void {
    const a = this.state.agreements.get(agreementId);
    if (!a) throw new Error(`no agreement ${agreementId}`);
    a.prorateFlag = prorateFlag;
  }

  /** A person edits an addition's quantity in ConnectWise (drift the sync must notice, not overwrite). */
  setQuantity(additionId: number, quantity: number): void {
    const a = this.state.additions.get(additionId);
    if (!a) throw new Error(`no addition ${additionId}`);
    a.quantity = quantity;
    if (typeof a.unitPrice === 'number') a.extPrice = a.unitPrice * quantity;
    if (typeof a.unitCost === 'number') a.extCost = a.unitCost * quantity;
  }

  /** An agreement renewed by Copy (a new agreement with its additions) or extended (a later end date): renewal.ts. */
  copyAgreement(agreementId: number, today: string, opts: { startDate?: string; endDate?: string } = {}) {
    return copyAgreement(this.state, agreementId, today, opts);
  }

  extendAgreement(agreementId: number, endDate: string) {
    return extendAgreement(this.state, agreementId, endDate);
  }

  /** What ConnectWise would bill on the agreement for the billing period holding `day` (invoice.ts). */
  invoice(agreementId: number, day: string): PeriodInvoice {
    const a = this.state.agreements.get(agreementId);
    if (!a) throw new Error(`no agreement ${agreementId}`);
    return invoiceFor(a, this.state.additionsOf(agreementId), day);
  }

  /** Switch: list answers without a `Link` header, so clients must page on by page/pageSize. */
  omitLinkHeaders(on: boolean): void {
    this.state.omitLinkHeader = on;
  }

  /** The version the server runs (companyinfo VersionCode); requests asking for a newer one are refused. */
  setServerVersion(version: string): void {
    this.state.serverVersion = version;
  }

  /** Switch: this instance refuses negative addition quantities (unverified either way). */
  refuseNegativeQuantities(on: boolean): void {
    this.state.refuseNegativeQuantity = on;
  }

  createdAdditions(): CreatedAddition[] {
    return this.state.created.map((x) => ({ ...x }));
  }

  releaseHangs(): void {
    for (const release of this.hangs) release();
    this.hangs.clear();
  }

  /** Drop armed faults and release hung requests; data and the created-additions log stay. */
  reset(): void {
    this.faults = [];
    this.releaseHangs();
  }

  /** The first armed fault matching this request, consumed. */
  take(method: string, apiPath: string): Fault | null {
    const i = this.faults.findIndex((f) => {
      if (f.match?.method && f.match.method.toUpperCase() !== method) return false;
      const p = f.match?.path;
      if (p instanceof RegExp) return p.test(apiPath);
      return p === undefined || apiPath.includes(p);
    });
    if (i < 0) return null;
    const armed = this.faults[i]!;
    if (--armed.times <= 0) this.faults.splice(i, 1);
    return armed.fault;
  }

  private hang(signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.hangs.delete(done);
        resolve();
      };
      const timer = setTimeout(done, this.hangLimitMs);
      (timer as { unref?: () => void }).unref?.();
      this.hangs.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  /** Middleware that applies armed faults to API requests. */
  middleware(apiPathOf: (c: Context) => string): MiddlewareHandler {
    return async (c, next) => {
      const fault = this.take(c.req.method, apiPathOf(c));
      if (!fault) return next();
      if (fault.type === 'status') {
        if (fault.retryAfterSeconds !== undefined) c.header('Retry-After', String(fault.retryAfterSeconds));
        const body = fault.body ?? { code: fault.status === 429 ? 'TooManyRequests' : 'Unexpected', message: fault.status === 429 ? 'Too many requests. Please retry later.' : 'An unexpected error has occurred.' };
        return c.json(body, fault.status as ContentfulStatusCode);
      }
      if (fault.when === 'after') await next();
      if (fault.type === 'hang') {
        await this.hang(c.req.raw.signal);
        c.res = undefined;
        c.res = c.text('Gateway Timeout', 504);
        return;
      }
      c.res = undefined;
      c.res = new Response('{"id": 1, "name": "trunc', { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' } });
    };
  }

  /** `/_control/...` HTTP endpoints over the same controls. */
  routes(): Hono {
    const r = new Hono();
    const body = async (c: Context) => ((await c.req.json().catch(() => ({}))) ?? {}) as Record<string, unknown>;
    r.post('/fault', async (c) => {
      const b = await body(c);
      const match: FaultMatch = { method: typeof b.method === 'string' ? b.method : undefined, path: typeof b.path === 'string' ? b.path : undefined };
      const times = typeof b.times === 'number' ? b.times : 1;
      const when = b.when === 'after' ? 'after' : 'before';
      if (b.type === 'hang') this.hangNext({ times, when, match });
      else if (b.type === 'malformed') this.malformedNext({ times, when, match });
      else if (typeof b.status === 'number') this.failNext({ status: b.status, times, match, retryAfterSeconds: typeof b.retryAfterSeconds === 'number' ? b.retryAfterSeconds : undefined });
      else return c.json({ error: 'type must be hang or malformed, or give a status' }, 400);
      return c.json({ ok: true });
    });
    r.post('/agreements/:id/prorate', async (c) => {
      const b = await body(c);
      if (typeof b.prorateFlag !== 'boolean') return c.json({ error: 'prorateFlag must be a boolean' }, 400);
      try {
        this.setProrate(Number(c.req.param('id')), b.prorateFlag);
      } catch (e) {
        return c.json({ error: (e as Error).message }, 404);
      }
      return c.json({ ok: true });
    });
    r.post('/additions/:id/quantity', async (c) => {
      const b = await body(c);
      if (typeof b.quantity !== 'number') return c.json({ error: 'quantity must be a number' }, 400);
      try {
        this.setQuantity(Number(c.req.param('id')), b.quantity);
      } catch (e) {
        return c.json({ error: (e as Error).message }, 404);
      }
      return c.json({ ok: true });
    });
    const day = (v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);
    r.post('/agreements/:id/copy', async (c) => {
      const b = await body(c);
      const start = day(b.startDate);
      if (!start) return c.json({ error: 'startDate must be YYYY-MM-DD' }, 400);
      const out = this.copyAgreement(Number(c.req.param('id')), start, { startDate: start, endDate: day(b.endDate) });
      return 'error' in out ? c.json(out, 400) : c.json(out);
    });
    r.post('/agreements/:id/extend', async (c) => {
      const b = await body(c);
      const end = day(b.endDate);
      if (!end) return c.json({ error: 'endDate must be YYYY-MM-DD' }, 400);
      const out = this.extendAgreement(Number(c.req.param('id')), end);
      return 'error' in out ? c.json(out, 400) : c.json(out);
    });
    r.get('/created-additions', (c) => c.json(this.createdAdditions()));
    r.get('/agreements/:id/invoice', (c) => {
      const day = c.req.query('date') ?? '';
      if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return c.json({ error: 'date must be YYYY-MM-DD' }, 400);
      try {
        return c.json(this.invoice(Number(c.req.param('id')), day));
      } catch (e) {
        return c.json({ error: (e as Error).message }, 404);
      }
    });
    r.post('/link-headers', async (c) => {
      const b = await body(c);
      if (typeof b.omit !== 'boolean') return c.json({ error: 'omit must be a boolean' }, 400);
      this.omitLinkHeaders(b.omit);
      return c.json({ ok: true });
    });
    r.post('/negative-quantities', async (c) => {
      const b = await body(c);
      if (typeof b.refuse !== 'boolean') return c.json({ error: 'refuse must be a boolean' }, 400);
      this.refuseNegativeQuantities(b.refuse);
      return c.json({ ok: true });
    });
    r.get('/stats', (c) => c.json(this.stats.snapshot()));
    r.post('/stats/reset', (c) => {
      this.stats.reset();
      return c.json({ ok: true });
    });
    r.post('/reset', (c) => {
      this.reset();
      return c.json({ ok: true });
    });
    return r;
  }
}
