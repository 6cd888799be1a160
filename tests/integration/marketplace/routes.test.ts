/** The Subscriptions report (JSON + CSV) over a real snapshot, and Marketplace "Test Credentials". */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { parse } from 'csv-parse/sync';
import { createSecretBox } from '../../../server/auth/secret-box.js';
import { saveConnection } from '../../../server/connections/repo.js';
import type { AppEnv, SessionUser } from '../../../server/http/context.js';
import { HttpError } from '../../../server/http/errors.js';
import type { Services } from '../../../server/services.js';
import { refreshSnapshot } from '../../../server/marketplace/snapshot.js';
import { reportRoutes } from '../../../server/routes/reports.js';
import { createTenant } from '../../../server/tenants/repo.js';
import { connectionsMarketplaceTest } from '../../../server/routes/connections-marketplace-test.js';
import { memoryStore, recordingLogger, startSandbox } from './helpers.js';

let ctx: Awaited<ReturnType<typeof startSandbox>>;
let services: Services;
let user: SessionUser | null;
const admin: SessionUser = { userId: 'u1', tenantId: 'tenant-1', email: 'a@x.example', role: 'admin' };
const viewer: SessionUser = { ...admin, userId: 'u2', role: 'viewer' };

function app() {
  const a = new Hono<AppEnv>();
  a.use('*', async (c, next) => {
    c.set('services', services);
    c.set('user', user);
    c.set('logger', services.logger);
    c.set('requestId', 'test-request');
    await next();
  });
  a.route('/api', reportRoutes);
  a.route('/api', connectionsMarketplaceTest);
  a.onError((err, c) => (err instanceof HttpError ? c.json({ error: { code: err.code, message: err.message } }, err.status) : c.json({ error: { code: 'internal', message: String(err) } }, 500)));
  return a;
}

beforeAll(async () => {
  ctx = await startSandbox();
  const store = memoryStore();
  const logger = recordingLogger();
  const secrets = await createSecretBox(new Uint8Array(32).fill(7));
  const clock = { now: () => new Date() };
  // Only what these two routes use; the rest of Services is not reached.
  services = { store, clock, logger, secrets, mailer: { send: async () => {} } } as unknown as Services;
  for (const id of ['tenant-1', 'tenant-2']) {
    await createTenant(store, { id, name: id, licenceCustomer: id, licenceKey: 'K', timeZone: 'UTC', psaKind: 'autotask' }, new Date());
  }
  await refreshSnapshot({ store, clock, logger, connection: ctx.connection }, 'tenant-1');
  const { baseUrl, marketplace, subscriptionKey, apiUser, password } = ctx.connection;
  await saveConnection(store, secrets, 'tenant-1', 'marketplace', { baseUrl, marketplace }, { subscriptionKey, apiUser, password }, new Date());
});
afterAll(async () => {
  await ctx.close();
  await services.store.close();
});

describe('GET /reports/subscriptions', () => {
  it('filters, sorts and pages the tenant rows, with a total', async () => {
    user = viewer;
    const res = await app().request('/api/reports/subscriptions?filter.companyName=hall%20BROS&sort=-count&pageSize=2');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { rows: { companyName: string; count: number }[]; total: number; page: number; pageSize: number };
    const hallSubs = ctx.sandbox.state.listSubscriptions({ customerId: '1200000500' }, 0, 10).items.map((s) => ctx.sandbox.state.detail(s.id)!);
    const expected = hallSubs.flatMap((s) => s.products!.map((p) => p.quantity!)).sort((a, b) => b - a);
    expect(body.total).toBe(expected.length);
    expect(body.rows.map((r) => r.count)).toEqual(expected.slice(0, 2));
    expect(body.rows.every((r) => r.companyName === 'Hall Bros. Transportation Co, Inc.')).toBe(true);
    const page2 = (await (await app().request('/api/reports/subscriptions?filter.companyName=hall&sort=-count&pageSize=2&page=2')).json()) as { rows: { count: number }[] };
    expect(page2.rows.map((r) => r.count)).toEqual(expected.slice(2, 4));
  });

  it('filters by resource and reads nothing of another tenant', async () => {
    user = viewer;
    const e3 = (await (await app().request('/api/reports/subscriptions?filter.resourceName=e3&pageSize=500')).json()) as { rows: { resourceName: string }[]; total: number };
    expect(e3.total).toBeGreaterThan(0);
    expect(e3.rows.every((r) => /e3/i.test(r.resourceName))).toBe(true);
    expect(e3.total).toBe(e3.rows.length);
    user = { ...viewer, tenantId: 'tenant-2' };
    expect(((await (await app().request('/api/reports/subscriptions')).json()) as { total: number }).total).toBe(0);
  });

  it('exports CSV with a BOM and quoted fields, the same rows as JSON', async () => {
    user = viewer;
    const res = await app().request('/api/reports/subscriptions?format=csv&sort=odinSubscriptionId');
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
    expect(text.startsWith('"ODIN account ID","Customer","ODIN subscription ID"')).toBe(true);
    const records = parse(text) as string[][];
    const json = (await (await app().request('/api/reports/subscriptions?sort=odinSubscriptionId&pageSize=500')).json()) as { rows: Record<string, unknown>[]; total: number };
    expect(records.length - 1).toBe(json.total);
    const keys = ['odinAccountId', 'companyName', 'odinSubscriptionId', 'subscriptionName', 'odinResourceId', 'resourceName', 'count', 'status'];
    expect(records[1]).toEqual(keys.map((k) => String(json.rows[0]![k])));
    expect(records.some((r) => r[1] === 'Hall Bros. Transportation Co, Inc.')).toBe(true);
  });

  it('needs a session and rejects unknown parameters', async () => {
    user = null;
    expect((await app().request('/api/reports/subscriptions')).status).toBe(401);
    user = viewer;
    expect((await app().request('/api/reports/subscriptions?colour=red')).status).toBe(422);
    expect((await app().request('/api/reports/subscriptions?sort=colour')).status).toBe(422);
  });
});

describe('POST /connections/marketplace/test', () => {
  const post = (body?: unknown) =>
    app().request('/api/connections/marketplace/test', body === undefined ? { method: 'POST' } : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const result = async (res: Response) => ((await res.json()) as { result: Record<string, unknown> }).result;

  it('tests the stored connection for an admin, never for a viewer', async () => {
    user = admin;
    const res = await post();
    expect(res.status).toBe(200);
    expect(await result(res)).toEqual({ ok: true, detail: 'Signed in to marketplace "us"; 12 customers visible' });
    user = viewer;
    expect((await post()).status).toBe(403);
  });

  it('says exactly what failed, without echoing secrets', async () => {
    user = admin;
    const cases: [unknown, string][] = [
      [{ password: 'wrong-password-XYZ' }, 'bad_credentials'],
      [{ apiUser: 'nobody-XYZ' }, 'bad_credentials'],
      [{ subscriptionKey: 'wrong-key-XYZ' }, 'bad_subscription_key'],
      [{ marketplace: 'eu' }, 'wrong_marketplace'],
      [{ baseUrl: 'http://127.0.0.1:9' }, 'unreachable'],
    ];
    for (const [body, reason] of cases) {
      const res = await post(body);
      const text = await res.text();
      expect(JSON.parse(text).result).toMatchObject({ ok: false, reason });
      expect(text).not.toMatch(/XYZ|demo-key/);
    }
  });

  it('rejects unknown fields in the body', async () => {
    user = admin;
    expect((await post({ host: 'x' })).status).toBe(422);
  });
});
