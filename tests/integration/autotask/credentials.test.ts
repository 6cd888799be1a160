import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../../server/db/open-node.js';
import type { AppEnv, SessionUser } from '../../../server/http/context.js';
import { HttpError } from '../../../server/http/errors.js';
import { testAutotaskCredentials } from '../../../server/psa/autotask/credentials.js';
import { DEMO_CREDENTIALS } from '../../../server/sandboxes/autotask/index.js';
import { connectionsAutotaskTest } from '../../../server/routes/connections-autotask-test.js';
import type { Services } from '../../../server/services.js';
import { startSandbox } from './serve.js';

type Started = Awaited<ReturnType<typeof startSandbox>>;
let s: Started;
beforeAll(async () => {
  s = await startSandbox({ credentials: [{ ...DEMO_CREDENTIALS }, { userName: 'readonly@demo.example', secret: 'ro', integrationCode: 'DEMO', deny: ['ContractServiceUnits'] }] });
});
afterAll(async () => s?.close());

describe('testAutotaskCredentials', () => {
  it('gives each failure its own reason and message', async () => {
    const ok = await testAutotaskCredentials(s.conn);
    const zone = await testAutotaskCredentials({ ...s.conn, apiUser: 'nobody@demo.example' });
    const bad = await testAutotaskCredentials({ ...s.conn, secret: 'wrong' });
    const perm = await testAutotaskCredentials({ ...s.conn, apiUser: 'readonly@demo.example', secret: 'ro' });
    const down = await testAutotaskCredentials({ ...s.conn, discoveryUrl: 'http://127.0.0.1:1/atservicesrest/' });
    expect(ok).toMatchObject({ ok: true });
    expect([zone, bad, perm, down].map((r) => !r.ok && r.reason)).toEqual(['zone_not_found', 'bad_credentials', 'missing_permission', 'unreachable']);
    const messages = [zone, bad, perm, down].map((r) => (!r.ok ? r.message : ''));
    expect(new Set(messages).size).toBe(4);
    expect(messages[2]).toMatch(/ContractServiceUnits/);
    expect(messages[3]).toMatch(/127\.0\.0\.1:1/);
    expect(messages.join(' ')).not.toMatch(/wrong|\bdemo\b(?!\.)/);
  });
});

describe('POST /connections/autotask/test', () => {
  const tenantId = 't1';
  let app: Hono<AppEnv>;
  let user: SessionUser = { userId: 'u1', tenantId, email: 'admin@msp.example', role: 'admin' };

  beforeAll(async () => {
    const { store } = openSqlite(':memory:');
    const logger = { debug() {}, info() {}, warn() {}, error() {}, child() { return logger; } };
    const services = { store, logger, clock: { now: () => new Date() }, secrets: { seal: async (x: string) => x, open: async (x: string) => x } } as unknown as Services;
    const { apiUser, integrationCode, discoveryUrl, secret } = s.conn;
    await store.db.insert(store.t.connections).values({ tenantId, kind: 'autotask', settingsJson: JSON.stringify({ apiUser, integrationCode, discoveryUrl }),
      secretsBox: JSON.stringify({ secret }), updatedAt: new Date().toISOString() });
    app = new Hono<AppEnv>();
    app.use('*', async (c, next) => { c.set('services', services); c.set('user', user); c.set('logger', logger); await next(); });
    app.onError((err, c) => (err instanceof HttpError ? c.json({ error: { code: err.code, message: err.message } }, err.status) : c.json({ error: String(err) }, 500)));
    app.route('/api', connectionsAutotaskTest);
  });

  const post = (body?: unknown) => app.request('/api/connections/autotask/test', body === undefined ? { method: 'POST' }
    : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  it('tests the stored connection and never echoes the secret', async () => {
    const res = await post();
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ result: { ok: true } });
    expect(text).not.toContain(`"${s.conn.secret}"`);
    expect(text).not.toMatch(/secret"\s*:/i);
  });

  it('tests unsaved settings laid over the stored ones', async () => {
    const wrong = await (await post({ secret: 'not-the-secret' })).json();
    expect(wrong).toMatchObject({ result: { ok: false, reason: 'bad_credentials' } });
    expect(JSON.stringify(wrong)).not.toContain('not-the-secret');
    expect(await (await post({ apiUser: 'nobody@demo.example' })).json()).toMatchObject({ result: { ok: false, reason: 'zone_not_found' } });
  });

  it('treats an empty JSON post as "test the stored connection"', async () => {
    const res = await app.request('/api/connections/autotask/test', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '' });
    expect(await res.json()).toMatchObject({ result: { ok: true } });
  });

  it('rejects unknown fields, and needs the admin role', async () => {
    expect((await post({ apiUser: 'x', password: 'y' })).status).toBe(422);
    user = { ...user, role: 'viewer' };
    expect((await post()).status).toBe(403);
    user = { ...user, role: 'admin' };
  });
});
