/**
 * The fake server: docs/api.md over a World, with sessions, CSRF and the {error:{code,message}} body.
 * `createFakeApi().fetch` is what DOM tests inject into ApiClient; browser tests serve it over HTTP.
 */
import { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { Fail, createWorld, findAccount, findContract } from './world.js';
import { registerMapping } from './mapping.js';
import { reportData, runQuery, toCsv } from './reports.js';
import type { Context } from 'hono';
import type { World } from './world.js';

export const FAKE_ADMIN = { email: 'admin@northwind-msp.example', password: 'correct horse battery' };


export interface FakeOptions { companies?: number; role?: 'admin' | 'viewer'; psaKind?: 'autotask' | 'connectwise'; today?: string; currency?: string; locale?: string }

export function createFakeApi(opts: FakeOptions = {}) {
  const world: World = createWorld(opts.companies);
  const sessions = new Map<string, string>();
  const outbox: { id: string; to: string; subject: string; body: string; createdAt: string }[] = [];
  const resets = new Map<string, string>();
  let password = FAKE_ADMIN.password;
  const conns: Record<string, { settings: Record<string, unknown>; secrets: Record<string, string>; updatedAt: string | null }> = {
    marketplace: { settings: { baseUrl: 'https://api.ingrammicro.com:443', marketplace: 'us' }, secrets: { subscriptionKey: 'k', apiUser: 'u', password: 'p' }, updatedAt: '2026-11-01T10:00:00Z' },
    autotask: { settings: { transport: 'rest' }, secrets: {}, updatedAt: null },
    connectwise: { settings: {}, secrets: {}, updatedAt: null },
  };
  let run: { id: string; started: number; total: number } | null = null;
  let last: { id: string; status: string; startedAt: string; finishedAt: string; summary: unknown; error: string | null } | null = {
    id: 'run-0', status: 'ok', startedAt: '2026-11-24T08:00:00Z', finishedAt: '2026-11-24T08:00:09Z', summary: { adjustments: 0 }, error: null,
  };
  const today = opts.today ?? new Date().toISOString().slice(0, 10);
  let seq = 0;
  const app = new Hono();
  const me = () => ({
    user: { id: 'u1', email: FAKE_ADMIN.email, role: opts.role ?? 'admin' },
    tenant: { id: 't1', name: 'Northwind MSP', licenceCustomer: 'Northwind MSP LLC', licenceKeyMasked: 'IDS-****-****-7F3A', timeZone: 'UTC', currency: opts.currency ?? 'USD', locale: opts.locale ?? 'en-US', psaKind: opts.psaKind ?? 'autotask', status: 'active' },
  });
  /** In-process callers (happy-dom forbids Cookie headers) get a cookie jar here, as a browser has. */
  const jar: { sid?: string } = {};
  const sidOf = (c: Context) => getCookie(c, 'sid') ?? (c.env as { jar?: typeof jar } | undefined)?.jar?.sid;
  const auth = (c: Context, write = false) => {
    const sid = sidOf(c);
    const csrf = sid ? sessions.get(sid) : undefined;
    if (!csrf) throw new Fail(401, 'unauthenticated', 'Sign in first: no valid session');
    if (write && c.req.header('x-csrf-token') !== csrf) throw new Fail(403, 'csrf_failed', 'Missing or wrong CSRF token');
    if (write && (opts.role ?? 'admin') !== 'admin') throw new Fail(403, 'forbidden', 'This action needs the admin role');
    return csrf;
  };
  const body = async (c: Context) => (await c.req.json().catch(() => ({}))) as Record<string, any>;

  app.onError((err, c) => {
    const e = err instanceof Fail ? err : new Fail(500, 'internal', err.message);
    return c.json({ error: { code: e.code, message: e.message, requestId: 'fake' } }, e.status as 400);
  });

  app.post('/api/auth/login', async (c) => {
    const b = await body(c);
    if (b.email?.toLowerCase() !== FAKE_ADMIN.email || b.password !== password) throw new Fail(401, 'unauthenticated', 'Wrong e-mail or password');
    const sid = `s${++seq}`;
    const csrfToken = `csrf-${seq}`;
    sessions.set(sid, csrfToken);
    setCookie(c, 'sid', sid, { path: '/', httpOnly: true, sameSite: 'Lax' });
    const env = c.env as { jar?: typeof jar } | undefined;
    if (env?.jar) env.jar.sid = sid;
    return c.json({ ...me(), csrfToken });
  });
  app.post('/api/auth/logout', (c) => {
    const sid = sidOf(c);
    if (sid) sessions.delete(sid);
    return c.body(null, 204);
  });
  app.post('/api/auth/forgot', async (c) => {
    const b = await body(c);
    if (b.email?.toLowerCase() === FAKE_ADMIN.email) {
      const token = `reset-token-${++seq}-abcdefghijklmnop`;
      resets.set(token, b.email);
      outbox.push({ id: `m${seq}`, to: b.email, subject: 'Reset your IDSync Cloud Billing password', body: `/reset?token=${token}`, createdAt: new Date().toISOString() });
    }
    return c.json({ ok: true }, 202);
  });
  app.post('/api/auth/reset', async (c) => {
    const b = await body(c);
    if (!resets.has(b.token)) throw new Fail(400, 'bad_request', 'This reset link is invalid, used or expired: ask for a new one');
    if (String(b.password ?? '').length < 10) throw new Fail(400, 'validation_failed', 'password: must be at least 10 characters');
    resets.delete(b.token);
    password = b.password;
    return c.body(null, 204);
  });
  app.get('/api/me', (c) => c.json({ ...me(), csrfToken: auth(c), demoMode: true }));
  app.get('/api/outbox', (c) => (auth(c), c.json({ messages: outbox })));

  app.get('/api/connections/:kind', (c) => {
    auth(c);
    const k = conns[c.req.param('kind')];
    if (!k) throw new Fail(404, 'not_found', 'Connection not found');
    const secretNames = { marketplace: ['subscriptionKey', 'apiUser', 'password'], autotask: ['apiUser', 'secret', 'integrationCode'], connectwise: ['publicKey', 'privateKey'] }[c.req.param('kind')]!;
    return c.json({ kind: c.req.param('kind'), configured: secretNames.every((s) => k.secrets[s]), settings: k.settings, secrets: Object.fromEntries(secretNames.map((s) => [s, { set: !!k.secrets[s] }])), updatedAt: k.updatedAt });
  });
  app.put('/api/connections/:kind', async (c) => {
    auth(c, true);
    const k = conns[c.req.param('kind')]!;
    for (const [f, v] of Object.entries(await body(c))) {
      if (['subscriptionKey', 'apiUser', 'password', 'secret', 'integrationCode', 'publicKey', 'privateKey'].includes(f)) k.secrets[f] = String(v);
      else k.settings[f] = v;
    }
    k.updatedAt = new Date().toISOString();
    return c.json({ ok: true });
  });
  app.post('/api/connections/:kind/test', async (c) => {
    auth(c, true);
    const b = await body(c);
    const k = conns[c.req.param('kind')]!;
    if (c.req.param('kind') === 'autotask' && !(b.apiUser ?? k.secrets.apiUser))
      return c.json({ ok: false, reason: 'zone_not_found', message: 'Autotask zoneInformation: no zone for user ""' });
    if ((b.secret ?? b.password ?? '') === 'wrong') return c.json({ ok: false, reason: 'bad_credentials', message: 'HTTP 401: Unauthorized. The user name or password is incorrect.' });
    return c.json({ ok: true, detail: 'Signed in; 12 accounts visible' });
  });

  app.get('/api/psa/accounts', (c) => (auth(c), c.json({ items: world.accounts.map((a) => ({ id: a.id, name: a.name, active: true })), fetchedAt: new Date().toISOString() })));
  app.get('/api/psa/contracts', (c) => {
    auth(c);
    const a = findAccount(world, c.req.query('accountId') ?? '');
    return c.json({ items: (a?.contracts ?? []).map((k) => ({ id: k.id, accountId: k.accountId, name: k.name, startDate: '2024-01-01', endDate: k.endDate, expired: k.expired, cancelled: false })), fetchedAt: new Date().toISOString() });
  });
  app.get('/api/psa/services', (c) => {
    auth(c);
    const k = findContract(world, c.req.query('contractId') ?? '');
    return c.json({ items: (k?.services ?? []).map((s) => ({ contractId: k!.id, serviceId: s.serviceId, contractServiceId: s.contractServiceId, name: s.name, code: null, units: s.units })), fetchedAt: new Date().toISOString() });
  });

  registerMapping(app, world, auth, body, today);

  app.get('/api/sync', (c) => {
    auth(c);
    if (run) {
      const done = Math.min(run.total, Math.floor(((Date.now() - run.started) / 1500) * run.total));
      if (done >= run.total) {
        last = { id: run.id, status: 'ok', startedAt: new Date(run.started).toISOString(), finishedAt: new Date().toISOString(), summary: {}, error: null };
        run = null;
      } else return c.json({ running: true, current: { id: run.id, phase: 'reading the Marketplace', done, total: run.total, startedAt: new Date(run.started).toISOString() }, last, intervalSeconds: 900, nextDueAt: null });
    }
    return c.json({ running: false, current: null, last, intervalSeconds: 900, nextDueAt: new Date(Date.now() + 900_000).toISOString() });
  });
  app.post('/api/sync', (c) => {
    auth(c, true);
    if (run) throw new Fail(409, 'conflict', 'A sync cycle is already running');
    run = { id: `run-${++seq}`, started: Date.now(), total: world.companies.length };
    return c.json({ runId: run.id }, 202);
  });

  // Drift: the fake PSA never drifts from the ledger.
  app.get('/api/drift', (c) => (auth(c), c.json({ items: [] })));
  app.post('/api/drift/check', (c) => (auth(c, true), c.json({ started: true }, 202)));
  app.post('/api/drift/:id/fix', (c) => {
    auth(c, true);
    throw new Fail(404, 'not_found', `Drift finding ${c.req.param('id')} not found`);
  });

  /** Retry now: a failed row becomes due now and a cycle starts (docs/api.md). */
  app.post('/api/adjustments/:id/retry', (c) => {
    auth(c, true);
    const a = world.adjustments.find((x) => x.id === c.req.param('id'));
    if (!a) throw new Fail(404, 'not_found', 'Adjustment not found');
    if (a.status !== 'failed') throw new Fail(409, 'conflict', 'This adjustment is already posted');
    a.nextAttemptAt = new Date().toISOString();
    if (!run) run = { id: `run-${++seq}`, started: Date.now(), total: world.companies.length };
    return c.json({ id: a.id, nextAttemptAt: a.nextAttemptAt, runId: run.id }, 202);
  });
  app.get('/api/reports/adjustments/by-day', (c) => {
    auth(c);
    const r = reportData(world, 'adjustments', opts.psaKind)!;
    const byDay = new Map<string, { date: string; count: number; units: number }>();
    for (const row of runQuery(r.rows, r.columns, r.dateKey, new URL(c.req.url).searchParams)) {
      const date = String(row.date).slice(0, 10);
      const d = byDay.get(date) ?? { date, count: 0, units: 0 };
      d.count++;
      d.units += Number(row.unitChange);
      byDay.set(date, d);
    }
    return c.json({ days: [...byDay.values()].sort((a, b) => a.date.localeCompare(b.date)) });
  });
  app.get('/api/reports/:name', (c) => {
    auth(c);
    const r = reportData(world, c.req.param('name'), opts.psaKind);
    if (!r) throw new Fail(404, 'not_found', 'Report not found');
    const q = new URL(c.req.url).searchParams;
    const rows = runQuery(r.rows, r.columns, r.dateKey, q);
    if (q.get('format') === 'csv') return c.body(toCsv(r.columns, rows), 200, { 'content-type': 'text/csv; charset=utf-8' });
    const page = Math.max(1, Number(q.get('page')) || 1);
    const pageSize = Math.min(500, Number(q.get('pageSize')) || 50);
    return c.json({ columns: r.columns, rows: rows.slice((page - 1) * pageSize, page * pageSize), total: rows.length, page, pageSize });
  });
  app.get('/api/dashboard', (c) => {
    auth(c);
    const linked = reportData(world, 'linked')!.rows.length;
    const byDay = new Map<string, { date: string; count: number; units: number }>();
    for (const a of world.adjustments.filter((x) => x.status === 'posted')) {
      const d = byDay.get(a.date) ?? { date: a.date, count: 0, units: 0 };
      d.count++;
      d.units += a.unitChange;
      byDay.set(a.date, d);
    }
    return c.json({
      linkedResources: linked,
      unlinkedResources: reportData(world, 'unlinked')!.rows.length,
      adjustmentsThisPeriod: world.adjustments.filter((a) => a.status === 'posted').length,
      openFailures: world.adjustments.filter((a) => a.status === 'failed').length,
      // The fake's Marketplace sells every licence at 4.00 a month.
      money: {
        postedThisPeriod: world.adjustments.filter((a) => a.status === 'posted').reduce((n, a) => n + a.estimatedAmount, 0),
        runRateChange: world.adjustments.filter((a) => a.status === 'posted').reduce((n, a) => n + a.unitChange * 4, 0),
        revenueAtRisk: reportData(world, 'unlinked')!.rows.reduce((n, r) => n + Number(r.count) * 4, 0),
        unpricedUnlinked: 0,
      },
      lastSync: last,
      adjustmentsByDay: [...byDay.values()],
      licensesPerCustomer: world.companies.map((co) => ({ odinAccountId: co.odinAccountId, name: co.name, licenses: co.subscriptions.reduce((n, s) => n + s.resources.reduce((m, r) => m + r.count, 0), 0) })),
    });
  });
  /** Test control, like a sandbox's fault switch: the PSA refuses posts with this message until cleared. */
  app.post('/__fake/fail', async (c) => {
    world.failPosts = ((await body(c)).message as string | null) ?? null;
    return c.json({ ok: true });
  });
  return { app, world, fetch: (path: string, init?: RequestInit) => Promise.resolve(app.fetch(new Request(new URL(path, 'http://fake.test'), init), { jar })) };
}

export type FakeApi = ReturnType<typeof createFakeApi>;
