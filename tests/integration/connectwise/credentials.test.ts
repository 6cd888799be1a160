/**
 * "Test Credentials" for ConnectWise: each failure has its own reason and message, and the route
 * POST /api/connections/connectwise/test (admins only) tests the stored connection or unsaved settings
 * laid over it, without ever echoing a secret.
 */
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveConnection } from '../../../server/connections/repo.js';
import type { AppEnv, Role } from '../../../server/http/context.js';
import { HttpError } from '../../../server/http/errors.js';
import { testConnectWiseCredentials } from '../../../server/psa/connectwise/credentials.js';
import { connectionsConnectWiseTest } from '../../../server/routes/connections-connectwise-test.js';
import type { Services } from '../../../server/services.js';
import { createTestServices } from '../../helpers/services.js';
import { startSandbox, type Running } from './harness.js';

let run: Running;
beforeAll(async () => {
  run = await startSandbox({
    credentials: {
      companyId: 'demo',
      publicKey: 'demo-public',
      privateKey: 'demo-private',
      clientId: 'demo-client',
      members: [{ publicKey: 'no-catalog', privateKey: 'no-catalog-secret', denied: ['procurement'] }],
    },
  });
});
afterAll(() => run.close());

describe('testConnectWiseCredentials', () => {
  it('passes with good settings and says what it can read', async () => {
    const r = await testConnectWiseCredentials(run.conn);
    expect(r).toMatchObject({ ok: true, detail: expect.stringContaining('companies, agreements and the product catalog') });
  });

  it('tells each failure apart', async () => {
    const reasons = async (patch: Partial<typeof run.conn>) => {
      const r = await testConnectWiseCredentials({ ...run.conn, ...patch });
      return r.ok ? 'ok' : `${r.reason}: ${r.message}`;
    };
    expect(await reasons({ companyId: 'acme' })).toMatch(/^unknown_company: .*"acme".*Cannot route\. Codebase\/company is invalid/);
    expect(await reasons({ privateKey: 'wrong' })).toMatch(/^bad_credentials: ConnectWise refused the public\/private key pair/);
    expect(await reasons({ clientId: '' })).toMatch(/^missing_client_id: Enter the client id/);
    expect(await reasons({ clientId: 'someone-elses' })).toMatch(/^missing_client_id: ConnectWise refused the client id/);
    expect(await reasons({ publicKey: 'no-catalog', privateKey: 'no-catalog-secret' })).toMatch(/^missing_permission: .*Product Catalog/);
    expect(await reasons({ site: 'http://127.0.0.1:9' })).toMatch(/^unreachable: Could not reach ConnectWise at http:\/\/127\.0\.0\.1:9/);
    expect(await reasons({ site: '' })).toMatch(/^other: Enter the ConnectWise site/);
  });

  it('never puts a secret in a message', async () => {
    for (const patch of [{ privateKey: 'top-secret-xyz' }, { publicKey: 'pub-secret-xyz' }, { companyId: 'acme', privateKey: 'top-secret-xyz' }]) {
      const r = await testConnectWiseCredentials({ ...run.conn, ...patch });
      expect(JSON.stringify(r)).not.toMatch(/secret-xyz/);
    }
  });
});

describe('POST /api/connections/connectwise/test', () => {
  async function appFor(role: Role | null) {
    const { services } = await createTestServices();
    const app = new Hono<AppEnv>();
    app.use('*', async (c, next) => {
      c.set('services', services);
      c.set('logger', services.logger);
      c.set('requestId', 'test');
      c.set('user', role ? { userId: 'u1', tenantId: 't1', email: 'admin@a.example', role } : null);
      await next();
    });
    app.route('/api', connectionsConnectWiseTest);
    app.onError((err, c) =>
      err instanceof HttpError ? c.json({ error: { code: err.code, message: err.message } }, err.status) : c.json({ error: { code: 'internal', message: String(err) } }, 500),
    );
    return { app, services };
  }
  const save = (services: Services, patch: Record<string, string> = {}) => {
    const { site, companyId, clientId, publicKey, privateKey } = { ...run.conn, ...patch };
    return saveConnection(services.store, services.secrets, 't1', 'connectwise', { site, companyId, clientId }, { publicKey, privateKey }, new Date());
  };
  const postTo = (app: Hono<AppEnv>, body?: unknown) =>
    app.request('/api/connections/connectwise/test', {
      method: 'POST',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('is for admins only', async () => {
    expect((await postTo((await appFor('viewer')).app)).status).toBe(403);
    expect((await postTo((await appFor(null)).app)).status).toBe(401);
  });

  it('tests the stored connection', async () => {
    const { app, services } = await appFor('admin');
    expect((await postTo(app)).status).toBe(422); // nothing stored, nothing sent
    await save(services);
    const res = await postTo(app);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ result: { ok: true } });
  });

  it('lays unsaved settings over the stored ones, strictly, and echoes no secret', async () => {
    const { app, services } = await appFor('admin');
    await save(services);
    const res = await postTo(app, { privateKey: 'unsaved-wrong-key' });
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ result: { ok: false, reason: 'bad_credentials' } });
    expect(text).not.toContain('unsaved-wrong-key');
    expect(text).not.toContain('demo-private');
    expect((await postTo(app, { privateKey: 'x', password: 'y' })).status).toBe(422);
  });

  it('reports a stored connection without a client id as such', async () => {
    const { app, services } = await appFor('admin');
    await saveConnection(services.store, services.secrets, 't1', 'connectwise', { site: run.site, companyId: 'demo' }, { publicKey: 'demo-public', privateKey: 'demo-private' }, new Date());
    expect(await (await postTo(app)).json()).toMatchObject({ result: { ok: false, reason: 'missing_client_id' } });
  });
});
