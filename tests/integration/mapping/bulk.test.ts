import { beforeEach, describe, expect, it } from 'vitest';
import { createHarness, seedSnapshot, WORLD_A, WORLD_B } from './harness.js';

let h: Awaited<ReturnType<typeof createHarness>>;
beforeEach(async () => {
  h = await createHarness();
  await seedSnapshot(h.store, 'tenant-A', WORLD_A);
  await seedSnapshot(h.store, 'tenant-B', WORLD_B);
});

describe('POST /api/mapping/bulk', () => {
  it('applies every valid item (parents first), reports the invalid ones, in request order', async () => {
    const res = await h.call('admin-A', 'POST', '/api/mapping/bulk', {
      set: [
        { level: 'resource', odinSubscriptionId: '1000845', odinResourceId: '100237', psaServiceId: '501' },
        { level: 'subscription', odinSubscriptionId: '1000845', psaContractId: '29684001', psaContractName: 'Hall 2026' },
        { level: 'company', odinAccountId: '1200000500', psaAccountId: '29683501', psaAccountName: 'Hall Brothers' },
        { level: 'resource', odinSubscriptionId: '1000823', odinResourceId: '100234', psaServiceId: '502' },
        { level: 'company', odinAccountId: '1300000001', psaAccountId: '1' },
        { level: 'planet', odinAccountId: '1200000501' },
        { level: 'company', odinAccountId: '1200000501' },
      ],
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.results.map((r: any) => [r.ok, r.level, r.status ?? 200])).toEqual([
      [true, 'resource', 200],
      [true, 'subscription', 200],
      [true, 'company', 200],
      [false, 'resource', 409],
      [false, 'company', 404],
      [false, 'planet', 422],
      [false, 'company', 422],
    ]);
    expect(body.results[0].ids).toEqual({ odinSubscriptionId: '1000845', odinResourceId: '100237' });
    expect(body.results[0].reconciliation).toEqual({ status: 'posted', unitChange: 7, adjustmentId: 'adj-1000845-100237' });
    expect(body.results[3].error).toMatch(/Link subscription 1000823/);
    expect(body.results[6].error).toMatch(/psaAccountId/);
    expect(body.changed).toBe(3);
    expect(h.reconciles).toEqual(['tenant-A|1000845|100237']);
    const { db, t } = h.store;
    expect((await db.select().from(t.companyLinks)).map((l) => l.odinAccountId)).toEqual(['1200000500']);
  });

  it('clears many relations at once; clearing twice changes nothing the second time', async () => {
    await h.call('admin-A', 'POST', '/api/mapping/bulk', {
      set: [
        { level: 'company', odinAccountId: '1200000500', psaAccountId: '29683501' },
        { level: 'company', odinAccountId: '1200000501', psaAccountId: '29683502' },
        { level: 'subscription', odinSubscriptionId: '1000823', psaContractId: '29684003' },
        { level: 'resource', odinSubscriptionId: '1000823', odinResourceId: '100234', psaServiceId: '502' },
      ],
    });
    const clear = { clear: [{ level: 'resource', odinSubscriptionId: '1000823', odinResourceId: '100234' }, { level: 'company', odinAccountId: '1200000500' }] };
    const first = (await (await h.call('admin-A', 'POST', '/api/mapping/bulk', clear)).json()) as any;
    expect(first).toMatchObject({ changed: 2, results: [{ ok: true, level: 'resource' }, { ok: true, level: 'company' }] });
    const second = (await (await h.call('admin-A', 'POST', '/api/mapping/bulk', clear)).json()) as any;
    expect(second.changed).toBe(0);
    const { db, t } = h.store;
    expect((await db.select().from(t.companyLinks)).map((l) => l.odinAccountId)).toEqual(['1200000501']);
    expect(await db.select().from(t.resourceLinks)).toEqual([]);
    expect((await db.select().from(t.subscriptionLinks)).map((l) => l.odinSubscriptionId)).toEqual(['1000823']);
  });

  it('reconciles the first 25 new resource relations itself and leaves the rest to the next cycle', async () => {
    const many = Array.from({ length: 30 }, (_, i) => ({
      id: `${2000 + i}`, name: `Subscription ${i}`, resources: [{ id: `${3000 + i}`, name: 'Exchange Online (Plan 1)', count: 1 }],
    }));
    await seedSnapshot(h.store, 'tenant-A', [{ id: '1200000999', name: 'Big Customer', subscriptions: many }]);
    const body = (await (await h.call('admin-A', 'POST', '/api/mapping/bulk', {
      set: [
        { level: 'company', odinAccountId: '1200000999', psaAccountId: '1' },
        ...many.map((s, i) => ({ level: 'subscription', odinSubscriptionId: s.id, psaContractId: `c${i}` })),
        ...many.map((s) => ({ level: 'resource', odinSubscriptionId: s.id, odinResourceId: s.resources[0]!.id, psaServiceId: '502' })),
      ],
    })).json()) as any;
    expect(body.changed).toBe(61);
    const statuses = body.results.filter((r: any) => r.level === 'resource').map((r: any) => r.reconciliation.status);
    expect(statuses.filter((s: string) => s === 'posted')).toHaveLength(25);
    expect(statuses.filter((s: string) => s === 'planned')).toHaveLength(5);
    expect(h.reconciles).toHaveLength(25);
  });

  it('refuses a body that is not the bulk shape, and more than 500 items', async () => {
    expect((await h.call('admin-A', 'POST', '/api/mapping/bulk', { set: 'all' })).status).toBe(422);
    const many = Array.from({ length: 501 }, () => ({ level: 'company', odinAccountId: '1', psaAccountId: '1' }));
    expect((await h.call('admin-A', 'POST', '/api/mapping/bulk', { set: many })).status).toBe(422);
  });
});
