/**
 * Least privilege for pod sessions (issue 11 §5, §4): a confirmed ConnectWise member gets the role of the
 * product user with the same e-mail, else viewer; an Autotask Insight visitor gets viewer. Every pod
 * session is scoped to the pod: it cannot change relations or connections, whatever its role; Retry and
 * Sync now need a member who maps to a product admin.
 */
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.js';
import { saveConnection } from '../../../server/connections/repo.js';
import { signInsight } from '../../../server/embed/insight.js';
import { createConnectWiseSandbox, demoConnectWiseData, DEMO_CREDENTIALS } from '../../../server/sandboxes/connectwise/index.js';
import { createTestServices } from '../../helpers/services.js';
import { seedTwoTenants, signIn, type Agent } from '../../helpers/tenants.js';

let server: ServerType;
let origin: string;
let s: Awaited<ReturnType<typeof createTestServices>> & { app: ReturnType<typeof createApp> };
let insightSecret: string;
const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

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
  const admin = await signIn(s.app, 'admin@a.example');
  insightSecret = ((await (await admin.request('POST', '/api/embed/insight', { autotaskOrigin: 'https://ww5.autotask.net' })).json()) as { record: { secret: string } }).record.secret;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

/** A member signs in to Manage (the sandbox) with `email`, then the pod signs in with what the frame got. */
type Me = { csrfToken: string; user: { role: string; scope?: string; email: string } };
type PodAgent = Agent & { me: Me };

async function podAs(memberId: string, email: string): Promise<PodAgent> {
  const login = await fetch(`${origin}/_control/member-login`, json({ memberId, email }));
  const { memberHash } = (await login.json()) as { memberHash: string };
  const res = await s.app.request('/api/auth/connectwise-pod', json({ companyId: 'demo', memberId, memberHash, origin, agreementId: '42' }));
  expect(res.status).toBe(200);
  return agentOf(res.headers.get('set-cookie')!, (await res.json()) as never);
}

function agentOf(setCookie: string, me: Me): PodAgent {
  const cookie = setCookie.split(';')[0]!;
  const request = (method: string, path: string, body?: unknown) =>
    Promise.resolve(s.app.request(path, { method, headers: { cookie, 'x-csrf-token': me.csrfToken, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) }));
  return { cookie, csrf: me.csrfToken, request, me };
}

async function insightVisitor() {
  const q = { contractId: '29684', tenant: 'tenant-A', ts: String(Math.floor(s.clock.now().getTime() / 1000)) };
  const res = await s.app.request(`/insight/autotask?${new URLSearchParams({ ...q, sig: await signInsight(insightSecret, q) })}`);
  expect(res.status).toBe(303);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const me = (await (await s.app.request('/api/me', { headers: { cookie } })).json()) as Me;
  return agentOf(cookie, me);
}

const connectionChange = { site: 'na.myconnectwise.net', companyId: 'evil', clientId: 'cid', publicKey: 'pk', privateKey: 'sk' };
const relationChange = { psaAccountId: 'A-acct' };

async function refusedEverywhereOutsideThePod(agent: Agent) {
  for (const [method, path, body] of [
    ['PUT', '/api/connections/connectwise', connectionChange],
    ['PUT', '/api/mapping/companies/1000001', relationChange],
    ['DELETE', '/api/mapping/companies/1000001', undefined],
    ['POST', '/api/embed/insight', { autotaskOrigin: 'https://ww5.autotask.net' }],
  ] as const) {
    const res = await agent.request(method, path, body);
    expect([method, path, res.status]).toEqual([method, path, 403]);
  }
  const stored = (await s.store.db.select().from(s.store.t.connections)).filter((r) => r.tenantId === 'tenant-A' && r.kind === 'connectwise');
  expect(JSON.stringify(stored)).not.toContain('evil');
  expect(await s.store.db.select().from(s.store.t.companyLinks)).toEqual([]);
}

describe('pod sessions: least privilege', () => {
  it('a member without a product user is a viewer of the pod: no relations, no connections, no Retry or Sync now', async () => {
    const pod = await podAs('outsider', 'outsider@msp.example');
    expect(pod.me.user).toMatchObject({ role: 'viewer', scope: 'pod' });
    expect((await pod.request('GET', '/api/me')).status).toBe(200);
    await refusedEverywhereOutsideThePod(pod);
    expect((await pod.request('POST', '/api/sync')).status).toBe(403);
    expect((await pod.request('POST', '/api/pod/failures/adj-1/retry')).status).toBe(403);
  });

  it('a member whose e-mail is a product viewer is a viewer', async () => {
    const pod = await podAs('viewer1', 'Viewer@A.example');
    expect(pod.me.user).toMatchObject({ role: 'viewer', scope: 'pod', email: 'viewer@a.example' });
    expect((await pod.request('POST', '/api/sync')).status).toBe(403);
  });

  it('a member whose e-mail is a product admin may Retry and Sync now, and still nothing outside the pod', async () => {
    const pod = await podAs('boss', 'admin@a.example');
    expect(pod.me.user).toMatchObject({ role: 'admin', scope: 'pod', email: 'admin@a.example' });
    // Past the role and scope checks: no such failed adjustment.
    expect((await pod.request('POST', '/api/pod/failures/adj-none/retry')).status).toBe(404);
    await refusedEverywhereOutsideThePod(pod);
  });

  it('an Autotask Insight visitor is a viewer of the pod', async () => {
    const visitor = await insightVisitor();
    expect(visitor.me.user).toMatchObject({ role: 'viewer', scope: 'pod' });
    await refusedEverywhereOutsideThePod(visitor);
    expect((await visitor.request('POST', '/api/pod/failures/adj-1/retry')).status).toBe(403);
    expect((await visitor.request('GET', '/api/pod/contracts/29684')).status).not.toBe(403);
  });

  it('a direct sign-in keeps its full role', async () => {
    const admin = await signIn(s.app, 'admin@a.example');
    expect((await admin.request('PUT', '/api/connections/connectwise', { ...connectionChange, companyId: 'acme' })).status).toBe(200);
  });
});
