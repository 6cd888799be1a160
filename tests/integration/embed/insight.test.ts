/**
 * The Autotask Insight (issue 11 §4): an admin makes the tenant's Insight secret; a request signed with
 * it opens the contract's pod; a tampered signature, another tenant's secret, a stale or future
 * timestamp, a missing part: refused, no session.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.js';
import { signInsight } from '../../../server/embed/insight.js';
import { createTestServices } from '../../helpers/services.js';
import { seedTwoTenants, signIn } from '../../helpers/tenants.js';

describe('Autotask Insight', () => {
  let s: Awaited<ReturnType<typeof createTestServices>> & { app: ReturnType<typeof createApp> };
  let secretA: string;
  let secretB: string;
  beforeEach(async () => {
    const ctx = await createTestServices();
    await seedTwoTenants(ctx.services);
    s = { ...ctx, app: createApp(ctx.services) };
    const setup = async (email: string) => {
      const admin = await signIn(s.app, email);
      const res = await admin.request('POST', '/api/embed/insight', { autotaskOrigin: 'https://ww5.autotask.net' });
      expect(res.status).toBe(200);
      return ((await res.json()) as { record: { secret: string; referenceUrl: string } }).record;
    };
    const a = await setup('admin@a.example');
    expect(a.referenceUrl).toBe('http://127.0.0.1:8787/insight/autotask?tenant=tenant-A');
    secretA = a.secret;
    secretB = (await setup('admin@b.example')).secret;
    await s.store.db.delete(s.store.t.sessions);
  });

  const now = () => String(Math.floor(s.clock.now().getTime() / 1000));
  const open = (q: Record<string, string>) => s.app.request(`/insight/autotask?${new URLSearchParams(q)}`);
  const sessions = async () => (await s.store.db.select().from(s.store.t.sessions)).length;

  it('opens the pod of the contract for a request signed with the tenant secret', async () => {
    const q = { contractId: '29684', tenant: 'tenant-A', ts: now() };
    const res = await open({ ...q, sig: await signInsight(secretA, q) });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/pod/contract/29684');
    expect(res.headers.get('set-cookie')).toMatch(/^sid=/);
    expect(await sessions()).toBe(1);
  });

  it('refuses a tampered signature, another tenant secret, a stale or future time, a missing part', async () => {
    const q = { contractId: '29684', tenant: 'tenant-A', ts: now() };
    const good = await signInsight(secretA, q);
    const tampered = (good[0] === '0' ? '1' : '0') + good.slice(1);
    const stale = String(Number(now()) - 301);
    const future = String(Number(now()) + 301);
    const cases = [
      { ...q, sig: tampered },
      { ...q, contractId: '29685', sig: good },
      { ...q, sig: await signInsight(secretB, q) },
      { ...q, ts: stale, sig: await signInsight(secretA, { ...q, ts: stale }) },
      { ...q, ts: future, sig: await signInsight(secretA, { ...q, ts: future }) },
      { contractId: '29684', tenant: 'tenant-A', ts: q.ts },
    ];
    for (const c of cases) {
      const res = await open(c);
      expect(res.status).toBe(401);
      expect(res.headers.get('set-cookie')).toBeNull();
    }
    expect(await sessions()).toBe(0);
  });

  it('lets only an admin make the secret, and only for an Autotask origin', async () => {
    const viewer = await signIn(s.app, 'viewer@a.example');
    expect((await viewer.request('POST', '/api/embed/insight', { autotaskOrigin: 'https://ww5.autotask.net' })).status).toBe(403);
    const admin = await signIn(s.app, 'admin@a.example');
    expect((await admin.request('POST', '/api/embed/insight', { autotaskOrigin: 'https://evil.example' })).status).toBe(422);
  });
});
