/**
 * ConnectWise pod sign-in (issue 11 §5): the member data the frame sends is believed only when the
 * tenant's ConnectWise (the sandbox, over HTTP) confirms it with Manage's member cookies; a forged hash,
 * another company, an unknown host origin: refused, no session.
 */
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.js';
import { saveConnection } from '../../../server/connections/repo.js';
import { createConnectWiseSandbox, demoConnectWiseData, DEMO_CREDENTIALS } from '../../../server/sandboxes/connectwise/index.js';
import { createTestServices } from '../../helpers/services.js';
import { seedTwoTenants } from '../../helpers/tenants.js';

let server: ServerType;
let origin: string;
let s: Awaited<ReturnType<typeof createTestServices>> & { app: ReturnType<typeof createApp> };
const post = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

beforeAll(async () => {
  const sandbox = createConnectWiseSandbox({ data: demoConnectWiseData() });
  server = await new Promise((ok) => {
    const srv = serve({ fetch: sandbox.app.fetch, port: 0, hostname: '127.0.0.1' }, () => ok(srv));
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const ctx = await createTestServices();
  await seedTwoTenants(ctx.services);
  await saveConnection(ctx.store, ctx.services.secrets, 'tenant-A', 'connectwise', { site: origin, companyId: DEMO_CREDENTIALS.companyId, clientId: DEMO_CREDENTIALS.clientId }, { publicKey: DEMO_CREDENTIALS.publicKey, privateKey: DEMO_CREDENTIALS.privateKey }, ctx.clock.now());
  s = { ...ctx, app: createApp(ctx.services) };
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

async function memberLogin(memberId: string) {
  const res = await fetch(`${origin}/_control/member-login`, post({ memberId, email: `${memberId}@msp.example` }));
  return ((await res.json()) as { memberHash: string }).memberHash;
}
const sessions = async () => (await s.store.db.select().from(s.store.t.sessions)).length;

describe('ConnectWise pod sign-in', () => {
  it('lists the tenant site among the accepted host origins', async () => {
    const res = await s.app.request('/api/pod/connectwise/hosts');
    expect(((await res.json()) as { origins: string[] }).origins).toEqual(expect.arrayContaining(['https://na.myconnectwise.net', origin]));
  });

  it('refuses a forged memberHash, another company and a foreign origin without opening a session', async () => {
    const hash = await memberLogin('jsmith');
    const base = { companyId: 'demo', memberId: 'jsmith', memberHash: hash, origin, agreementId: '42' };
    for (const body of [
      { ...base, memberHash: 'f'.repeat(48) },
      { ...base, memberId: 'someone-else' },
      { ...base, companyId: 'other-company' },
      { ...base, origin: 'https://evil.example' },
    ]) {
      const res = await s.app.request('/api/auth/connectwise-pod', post(body));
      expect(res.status).toBe(403);
      expect(res.headers.get('set-cookie')).toBeNull();
    }
    expect(await sessions()).toBe(0);
    expect((await s.app.request('/api/auth/connectwise-pod', post({ ...base, extra: 1 }))).status).toBe(422);
  });

  it('opens a session for a member ConnectWise confirms, and lands on the agreement', async () => {
    const hash = await memberLogin('amember');
    const res = await s.app.request('/api/auth/connectwise-pod', post({ companyId: 'DEMO', memberId: 'amember', memberHash: hash, origin, agreementId: '42' }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { tenant: { id: string }; contractId: string };
    expect(body).toMatchObject({ tenant: { id: 'tenant-A' }, contractId: '42' });
    expect(res.headers.get('set-cookie')).toMatch(/^sid=/);
    expect(await sessions()).toBe(1);
  });
});
