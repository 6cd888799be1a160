import { beforeEach, describe, expect, it } from 'vitest';
import { createHarness, seedFakePsa, seedSnapshot, upstreamError, WORLD_A } from './harness.js';

let h: Awaited<ReturnType<typeof createHarness>>;
beforeEach(async () => {
  h = await createHarness();
  seedFakePsa(h.psa);
});

describe('GET /api/psa/*', () => {
  it('asks the user to configure the PSA when there is no connection', async () => {
    const res = await h.call('viewer-A', 'GET', '/api/psa/accounts');
    expect(res.status).toBe(409);
    expect(((await res.json()) as any).error.message).toMatch(/Autotask connection is not configured.*Configuration/);
  });

  it('lists accounts, an account\'s live contracts (expired on request) and a contract\'s services, cached', async () => {
    await h.configurePsa('tenant-A');
    const accounts = (await (await h.call('viewer-A', 'GET', '/api/psa/accounts')).json()) as any;
    expect(accounts.items.map((a: any) => a.name)).toEqual(['Hall Brothers Transportation', 'Venture Logistics', 'Repair and Wear LLC']);
    expect(accounts.fetchedAt).toBe('2026-03-15T14:00:00.000Z');
    const live = (await (await h.call('viewer-A', 'GET', '/api/psa/contracts?accountId=29683501')).json()) as any;
    expect(live.items.map((c: any) => c.id)).toEqual(['29684001']);
    const all = (await (await h.call('viewer-A', 'GET', '/api/psa/contracts?accountId=29683501&showExpired=1')).json()) as any;
    expect(all.items.map((c: any) => [c.id, c.expired])).toEqual([['29684001', false], ['29684002', true]]);
    const services = (await (await h.call('viewer-A', 'GET', '/api/psa/services?contractId=29684001')).json()) as any;
    expect(services.items.map((s: any) => s.serviceId)).toEqual(['501', '502', '503']);

    const calls = h.psa.calls;
    h.psa.accounts.push({ id: '4', name: 'New Customer', active: true });
    const cached = (await (await h.call('viewer-A', 'GET', '/api/psa/accounts')).json()) as any;
    expect(cached.items).toHaveLength(3);
    expect(h.psa.calls).toBe(calls);
    h.clock.advance(60_000);
    const fresh = (await (await h.call('viewer-A', 'GET', '/api/psa/accounts?refresh=1')).json()) as any;
    expect(fresh.items).toHaveLength(4);
    expect(fresh.fetchedAt).toBe('2026-03-15T14:01:00.000Z');
  });

  it('passes the PSA\'s own error text on as 502 upstream_failed', async () => {
    await h.configurePsa('tenant-A');
    h.psa.failWith = upstreamError('User authentication failed: the API user is locked');
    const res = await h.call('admin-A', 'GET', '/api/psa/accounts?refresh=1');
    expect(res.status).toBe(502);
    const body = (await res.json()) as any;
    expect(body.error.code).toBe('upstream_failed');
    expect(body.error.message).toContain('User authentication failed: the API user is locked');
  });

  it('needs the contract and account ids, and a session', async () => {
    await h.configurePsa('tenant-A');
    expect((await h.call('viewer-A', 'GET', '/api/psa/contracts')).status).toBe(422);
    expect((await h.call('viewer-A', 'GET', '/api/psa/services')).status).toBe(422);
    expect((await h.call(null, 'GET', '/api/psa/accounts')).status).toBe(401);
    // Tenant B has no PSA connection of its own: A's is never used for it.
    expect((await h.call('viewer-B', 'GET', '/api/psa/accounts')).status).toBe(409);
  });
});

describe('GET /api/mapping/suggestions', () => {
  it('suggests an account per unlinked company and a service per unlinked resource of a linked subscription', async () => {
    await seedSnapshot(h.store, 'tenant-A', WORLD_A);
    await h.configurePsa('tenant-A');
    const first = (await (await h.call('viewer-A', 'GET', '/api/mapping/suggestions')).json()) as any;
    expect(first.companies.map((c: any) => [c.odinAccountId, c.psaAccountId, c.psaAccountName])).toEqual([
      ['1200000500', '29683501', 'Hall Brothers Transportation'],
      ['1200000501', '29683502', 'Venture Logistics'],
    ]);
    expect(first.companies.every((c: any) => c.score >= 0.6 && c.score <= 1)).toBe(true);
    expect(first.resources).toEqual([]);

    await h.call('admin-A', 'PUT', '/api/mapping/companies/1200000500', { psaAccountId: '29683501' });
    await h.call('admin-A', 'PUT', '/api/mapping/subscriptions/1000845', { psaContractId: '29684001' });
    const second = (await (await h.call('viewer-A', 'GET', '/api/mapping/suggestions')).json()) as any;
    expect(second.companies.map((c: any) => c.odinAccountId)).toEqual(['1200000501']);
    expect(second.resources.map((r: any) => [r.odinResourceId, r.psaServiceId, r.psaServiceName])).toEqual([
      ['100234', '502', 'Exchange Online (Plan 1)'],
      ['100237', '501', 'Office 365 Business Premium (Monthly)'],
    ]);
    expect(second.resources[1]).toMatchObject({ odinSubscriptionId: '1000845', psaContractId: '29684001', psaContractServiceId: '29684001-501' });
  });
});
