/**
 * The APS endpoint (issue 11 §1): the stand-in controller provisions, configures, launches and
 * unprovisions a customer over mutual TLS; a caller without the controller's certificate or headers is
 * refused and writes no row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedSecrets } from '../../../server/connections/repo.js';
import { createTestServices } from '../../helpers/services.js';
import { INSTANCE_ID, startApsEndpoint } from './aps-controller.js';

const CONTEXT = {
  aps: { id: '5f0e7a2b-1c3d-4e5f-8a9b-0c1d2e3f4a5b', type: 'http://idsync.example/aps/context/1.0', status: 'aps:provisioning' },
  customerName: 'Northwind MSP',
  marketplaceAccountId: '1200000500',
  adminEmail: 'Admin@Northwind.example',
  licenceKey: 'IDS-NW01-2345-6789',
  gatewayUrl: 'https://api.cloud.im/marketplace',
  gatewayUser: 'gw-northwind',
  gatewayPassword: 'gateway-pass-42',
  marketplace: 'us',
  subscriptionKey: 'sub-key-1',
  psaKind: 'autotask',
  frameOrigins: ['https://panel.northwind-cloud.example', 'https://ww5.autotask.net'],
  app: { aps: { link: 'strong', id: 'app-1' } },
};

let env: Awaited<ReturnType<typeof startApsEndpoint>>;
let s: Awaited<ReturnType<typeof createTestServices>>;
beforeAll(async () => {
  s = await createTestServices();
  env = await startApsEndpoint(s.services);
});
afterAll(() => env.close());

async function rows() {
  const { db, t } = s.store;
  return {
    tenants: (await db.select().from(t.tenants)).length,
    users: (await db.select().from(t.users)).length,
    connections: (await db.select().from(t.connections)).length,
    sessions: (await db.select().from(t.sessions)).length,
    jtis: (await db.select().from(t.usedLaunchTokens)).length,
  };
}

describe('APS endpoint', () => {
  it('refuses every caller that is not the controller, before writing anything', async () => {
    const before = await rows();
    const attempts = [
      await env.call('POST', '/aps/contexts', CONTEXT, { cert: null }),
      await env.call('POST', '/aps/contexts', CONTEXT, { cert: env.stranger }),
      await env.call('POST', '/aps/contexts', CONTEXT, { headers: { 'APS-Instance-ID': '00000000-0000-0000-0000-000000000000' } }),
      await env.call('POST', '/aps/contexts', CONTEXT, { headers: { 'APS-Instance-ID': '' } }),
      await env.call('POST', '/aps/contexts', CONTEXT, { headers: { 'APS-Controller-URI': 'https://elsewhere.example:6308/' } }),
      await env.call('GET', `/aps/contexts/${CONTEXT.aps.id}/launchToken`, undefined, { cert: env.stranger, headers: { 'APS-Identity-ID': 'u-1' } }),
    ];
    expect(attempts.map((a) => a.status)).toEqual([401, 403, 403, 403, 403, 403]);
    for (const a of attempts) expect(a.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String), requestId: expect.any(String) });
    // Plain HTTP through the app (no TLS at all) is refused too.
    const plain = await env.app.request('/aps/contexts', { method: 'POST', headers: { 'content-type': 'application/json', 'APS-Instance-ID': INSTANCE_ID }, body: JSON.stringify(CONTEXT) });
    expect(plain.status).toBe(401);
    expect(await rows()).toEqual(before);
  });

  it('answers a malformed context with 422 and writes nothing', async () => {
    const before = await rows();
    const bad = await env.call('POST', '/aps/contexts', { ...CONTEXT, marketplaceAccountId: 'ACME' });
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toMatch(/marketplaceAccountId/);
    expect(await rows()).toEqual(before);
  });

  it('provisions a tenant, its admin and its gateway connection; a retry changes nothing', async () => {
    const res = await env.call('POST', '/aps/contexts', CONTEXT);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ aps: { id: CONTEXT.aps.id }, customerName: 'Northwind MSP', licenceKey: 'IDS-NW01-2345-6789', marketplaceAccountId: '1200000500', gatewayUser: 'gw-northwind', status: 'active' });
    expect(JSON.stringify(res.body)).not.toContain('gateway-pass-42');
    const tenantId = res.body.tenantId as string;
    const { db, t } = s.store;
    const [tenant] = (await db.select().from(t.tenants)).filter((x) => x.id === tenantId);
    expect(tenant).toMatchObject({ name: 'Northwind MSP', marketplaceAccountId: '1200000500', apsResourceId: CONTEXT.aps.id, status: 'active' });
    expect(JSON.parse(tenant!.frameOrigins!)).toEqual(CONTEXT.frameOrigins);
    const users = (await db.select().from(t.users)).filter((u) => u.tenantId === tenantId);
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ email: 'admin@northwind.example', role: 'admin', mustChangePassword: 1 });
    expect(await storedSecrets(s.store, s.services.secrets, tenantId, 'marketplace')).toEqual({ apiUser: 'gw-northwind', password: 'gateway-pass-42', subscriptionKey: 'sub-key-1' });

    const before = await rows();
    expect((await env.call('POST', '/aps/contexts', CONTEXT)).status).toBe(200);
    expect(await rows()).toEqual(before);
  });

  it('refuses a second customer whose admin e-mail already signs in elsewhere', async () => {
    const before = await rows();
    const other = await env.call('POST', '/aps/contexts', { ...CONTEXT, aps: { id: 'aaaaaaaa-1c3d-4e5f-8a9b-0c1d2e3f4a5b' } });
    expect(other.status).toBe(409);
    expect(await rows()).toEqual(before);
  });

  it('issues a launch token through the controller only, which opens a session once', async () => {
    const noUser = await env.call('GET', `/aps/contexts/${CONTEXT.aps.id}/launchToken?screen=/billing`);
    expect(noUser.status).toBe(403);
    const res = await env.call('GET', `/aps/contexts/${CONTEXT.aps.id}/launchToken?screen=/billing`, undefined, { headers: { 'APS-Identity-ID': 'panel-user-1' } });
    expect(res.status).toBe(200);
    expect(res.body.expiresIn).toBeLessThanOrEqual(60);
    const url = new URL(res.body.url);
    const launched = await env.app.request(url.pathname + url.search);
    expect(launched.status).toBe(303);
    expect(launched.headers.get('location')).toBe('/billing');
    expect((await env.app.request(url.pathname + url.search)).status).toBe(401);
  });

  it('configures: new name, licence and gateway password', async () => {
    const res = await env.call('PUT', `/aps/contexts/${CONTEXT.aps.id}`, { ...CONTEXT, customerName: 'Northwind Cloud', gatewayPassword: 'rotated-pass-7' });
    expect(res.status).toBe(200);
    expect(res.body.customerName).toBe('Northwind Cloud');
    expect((await storedSecrets(s.store, s.services.secrets, res.body.tenantId, 'marketplace')).password).toBe('rotated-pass-7');
    const mismatch = await env.call('PUT', `/aps/contexts/${CONTEXT.aps.id}`, { ...CONTEXT, aps: { id: 'bbbbbbbb-0000-0000-0000-000000000000' } });
    expect(mismatch.status).toBe(422);
  });

  it('unprovisions: sign-in and launch stop, the data stays', async () => {
    const before = await rows();
    expect((await env.call('DELETE', `/aps/contexts/${CONTEXT.aps.id}`)).status).toBe(204);
    const { db, t } = s.store;
    const tenant = (await db.select().from(t.tenants)).find((x) => x.apsResourceId === CONTEXT.aps.id)!;
    expect(tenant.status).toBe('disabled');
    expect((await db.select().from(t.users)).filter((u) => u.tenantId === tenant.id).every((u) => u.disabled === 1)).toBe(true);
    expect(await rows()).toMatchObject({ tenants: before.tenants, users: before.users, connections: before.connections, sessions: 0 });
    const login = await env.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@northwind.example', password: 'gateway-pass-42' }) });
    expect(login.status).toBe(401);
    const launch = await env.call('GET', `/aps/contexts/${CONTEXT.aps.id}/launchToken`, undefined, { headers: { 'APS-Identity-ID': 'panel-user-1' } });
    expect(launch.status).toBe(404);
  });
});
