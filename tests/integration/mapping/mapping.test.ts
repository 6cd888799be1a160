import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { reconcileWithSyncEngine } from '../../../server/mapping/reconcile.js';
import { createHarness, seedSnapshot, WORLD_A, WORLD_B } from './harness.js';

type H = Awaited<ReturnType<typeof createHarness>>;
let h: H;

beforeEach(async () => {
  h = await createHarness();
  await seedSnapshot(h.store, 'tenant-A', WORLD_A);
  await seedSnapshot(h.store, 'tenant-B', WORLD_B);
});

const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as any });
const linkHall = async () => {
  expect((await h.call('admin-A', 'PUT', '/api/mapping/companies/1200000500', { psaAccountId: '29683501', psaAccountName: 'Hall Brothers Transportation' })).status).toBe(200);
  expect((await h.call('admin-A', 'PUT', '/api/mapping/subscriptions/1000845', { psaContractId: '29684001', psaContractName: 'Hall Brothers 2026 Cloud Services' })).status).toBe(200);
};

describe('GET /api/mapping', () => {
  it('lists the snapshot by company with default filters: inactive subscriptions and uninvoiced resources hidden', async () => {
    const { status, body } = await json(await h.call('viewer-A', 'GET', '/api/mapping'));
    expect(status).toBe(200);
    expect(body).toMatchObject({ psaKind: 'autotask', total: 3, page: 1, pageSize: 50 });
    expect(body.companies.map((c: any) => c.name)).toEqual(['Hall Bros. Transportation Co, Inc.', 'Sunrise Bakery', 'Venture Logistics']);
    const hall = body.companies[0];
    expect(hall.link).toBeNull();
    expect(hall.subscriptions.map((s: any) => s.odinSubscriptionId)).toEqual(['1000845']);
    expect(hall.subscriptions[0]).toMatchObject({ name: 'Office 365 Business Premium', status: 'active', billingPeriod: '1 month', link: null });
    expect(hall.subscriptions[0].resources.map((r: any) => r.name)).toEqual(['Exchange Online (Plan 1)', 'Microsoft 365 Business Premium']);
    expect(hall.subscriptions[0].resources[1]).toEqual({ odinResourceId: '100237', name: 'Microsoft 365 Business Premium', mpn: 'CFQ7TTC0LCHD', unit: 'user', count: 8, link: null });
    const venture = body.companies[2];
    expect(venture.subscriptions[0].resources.map((r: any) => r.odinResourceId)).toEqual(['100234']);
  });

  it('shows inactive subscriptions and uninvoiced resources when asked', async () => {
    const { body } = await json(await h.call('viewer-A', 'GET', '/api/mapping?showInactive=1&showUninvoiced=1'));
    const hall = body.companies[0];
    expect(hall.subscriptions.map((s: any) => `${s.odinSubscriptionId}:${s.status}`)).toEqual(['1000845:active', '1000846:terminated']);
    expect(body.companies[2].subscriptions[0].resources.map((r: any) => r.odinResourceId)).toEqual(['100234', '100999']);
  });

  it('searches companies and what is under them, and pages by company', async () => {
    const venture = await json(await h.call('viewer-A', 'GET', '/api/mapping?search=VENTURE'));
    expect(venture.body.total).toBe(1);
    expect(venture.body.companies[0].odinAccountId).toBe('1200000501');
    const visio = await json(await h.call('viewer-A', 'GET', '/api/mapping?search=visio%20plan'));
    expect(visio.body.companies.map((c: any) => c.odinAccountId)).toEqual(['1200000500']);
    const literal = await json(await h.call('viewer-A', 'GET', '/api/mapping?search=%25'));
    expect(literal.body.total).toBe(0);
    const page2 = await json(await h.call('viewer-A', 'GET', '/api/mapping?pageSize=1&page=2'));
    expect(page2.body).toMatchObject({ total: 3, page: 2, pageSize: 1 });
    expect(page2.body.companies.map((c: any) => c.name)).toEqual(['Sunrise Bakery']);
    expect((await h.call('viewer-A', 'GET', '/api/mapping?pageSize=0')).status).toBe(422);
    expect((await h.call('viewer-A', 'GET', '/api/mapping?pageSize=250')).status).toBe(200);
    expect((await h.call('viewer-A', 'GET', '/api/mapping?pageSize=501')).status).toBe(422);
    expect((await h.call('viewer-A', 'GET', '/api/mapping?colour=blue')).status).toBe(422);
  });

  it('hides a completed company: linked, with every active resource linked', async () => {
    await linkHall();
    for (const [res, svc] of [['100237', '501'], ['100234', '502']]) {
      expect((await h.call('admin-A', 'PUT', `/api/mapping/resources/1000845/${res}`, { psaServiceId: svc })).status).toBe(200);
    }
    const all = await json(await h.call('viewer-A', 'GET', '/api/mapping'));
    expect(all.body.companies[0].subscriptions[0].resources.every((r: any) => r.link)).toBe(true);
    const hidden = await json(await h.call('viewer-A', 'GET', '/api/mapping?hideCompleted=1'));
    expect(hidden.body.total).toBe(2);
    expect(hidden.body.companies.map((c: any) => c.odinAccountId)).toEqual(['1200000510', '1200000501']);
  });

  it('takes the search text literally: LIKE wildcards and brackets match themselves', async () => {
    await seedSnapshot(h.store, 'tenant-B', [{ id: '1300000002', name: 'Acme [EU] 100%_Cloud', subscriptions: [] }]);
    for (const [q, total] of [['[eu]', 1], ['100%_c', 1], ['100%c', 0], ['[e', 1], ['a_me', 0]] as const) {
      const { body } = await json(await h.call('viewer-B', 'GET', `/api/mapping?search=${encodeURIComponent(q)}`));
      expect(body.total, q).toBe(total);
    }
  });

  it('only shows the tenant its own companies, and answers 401 without a session', async () => {
    const b = await json(await h.call('viewer-B', 'GET', '/api/mapping'));
    expect(b.body.companies.map((c: any) => c.odinAccountId)).toEqual(['1300000001']);
    expect((await h.call(null, 'GET', '/api/mapping')).status).toBe(401);
  });
});

describe('setting and clearing one relation', () => {
  it('sets the three levels top-down and reconciles a new resource relation', async () => {
    await linkHall();
    const res = await json(await h.call('admin-A', 'PUT', '/api/mapping/resources/1000845/100237', {
      psaServiceId: '501', psaContractServiceId: '29684001-501', psaServiceName: 'Office 365 Business Premium (Monthly)', decreasePolicy: 'immediate',
    }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      link: { psaServiceId: '501', psaContractServiceId: '29684001-501', psaServiceName: 'Office 365 Business Premium (Monthly)', decreasePolicy: 'immediate', priceSource: 'catalog', customPrice: null },
      reconciliation: { status: 'posted', unitChange: 7, adjustmentId: 'adj-1000845-100237' },
    });
    expect(h.reconciles).toEqual(['tenant-A|1000845|100237']);
    const tree = await json(await h.call('viewer-A', 'GET', '/api/mapping'));
    const hall = tree.body.companies[0];
    expect(hall.link).toEqual({ psaAccountId: '29683501', psaAccountName: 'Hall Brothers Transportation' });
    expect(hall.subscriptions[0].link).toEqual({ psaContractId: '29684001', psaContractName: 'Hall Brothers 2026 Cloud Services' });
    expect(hall.subscriptions[0].resources[1].link.decreasePolicy).toBe('immediate');
    const [row] = await h.store.db.select().from(h.store.t.companyLinks).where(eq(h.store.t.companyLinks.odinAccountId, '1200000500'));
    expect(row).toMatchObject({ tenantId: 'tenant-A', psaKind: 'autotask', createdBy: 'admin@a.example' });
  });

  it('re-setting the same service changes policies without a second reconciliation', async () => {
    await linkHall();
    await h.call('admin-A', 'PUT', '/api/mapping/resources/1000845/100237', { psaServiceId: '501' });
    const again = await json(await h.call('admin-A', 'PUT', '/api/mapping/resources/1000845/100237', { psaServiceId: '501', priceSource: 'custom', customPrice: 19.5 }));
    expect(again.body.reconciliation).toEqual({ status: 'none', unitChange: 0, adjustmentId: null });
    expect(again.body.link).toMatchObject({ priceSource: 'custom', customPrice: 19.5 });
    expect(h.reconciles).toHaveLength(1);
    const noPrice = await h.call('admin-A', 'PUT', '/api/mapping/resources/1000845/100234', { psaServiceId: '502', priceSource: 'custom' });
    expect(noPrice.status).toBe(422);
  });

  it('refuses a lower level before its parent with 409 and a clear message', async () => {
    const sub = await json(await h.call('admin-A', 'PUT', '/api/mapping/subscriptions/1000845', { psaContractId: '29684001' }));
    expect(sub.status).toBe(409);
    expect(sub.body.error.message).toMatch(/Link company 1200000500 .* first/);
    await h.call('admin-A', 'PUT', '/api/mapping/companies/1200000500', { psaAccountId: '29683501' });
    const res = await json(await h.call('admin-A', 'PUT', '/api/mapping/resources/1000845/100237', { psaServiceId: '501' }));
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/Link subscription 1000845 .* first/);
    expect(h.reconciles).toEqual([]);
  });

  it('lets one service on one contract take one resource only; many subscriptions may share a contract', async () => {
    await linkHall();
    await h.call('admin-A', 'PUT', '/api/mapping/resources/1000845/100234', { psaServiceId: '502' });
    await h.call('admin-A', 'PUT', '/api/mapping/companies/1200000510', { psaAccountId: '29683501' });
    expect((await h.call('admin-A', 'PUT', '/api/mapping/subscriptions/1000900', { psaContractId: '29684001' })).status).toBe(200);
    const clash = await json(await h.call('admin-A', 'PUT', '/api/mapping/resources/1000900/100234', { psaServiceId: '502' }));
    expect(clash.status).toBe(409);
    expect(clash.body.error.message).toContain('already linked to resource 100234 of subscription 1000845');
  });

  it('answers 404 for unknown ids and for another tenant\'s objects, and 403 to a viewer', async () => {
    expect((await h.call('admin-A', 'PUT', '/api/mapping/companies/999', { psaAccountId: '1' })).status).toBe(404);
    expect((await h.call('admin-B', 'PUT', '/api/mapping/companies/1200000500', { psaAccountId: '1' })).status).toBe(404);
    expect((await h.call('admin-B', 'PUT', '/api/mapping/subscriptions/1000845', { psaContractId: '1' })).status).toBe(404);
    expect((await h.call('admin-B', 'PUT', '/api/mapping/resources/1000845/100237', { psaServiceId: '1' })).status).toBe(404);
    expect((await h.call('admin-B', 'DELETE', '/api/mapping/companies/1200000500')).status).toBe(404);
    expect((await h.call('admin-B', 'DELETE', '/api/mapping/resources/1000845/100237')).status).toBe(404);
    expect((await h.call('viewer-A', 'PUT', '/api/mapping/companies/1200000500', { psaAccountId: '1' })).status).toBe(403);
    expect((await h.call('viewer-A', 'DELETE', '/api/mapping/companies/1200000500')).status).toBe(403);
    expect((await h.call('viewer-A', 'POST', '/api/mapping/bulk', { set: [] })).status).toBe(403);
    expect((await h.call('admin-A', 'PUT', '/api/mapping/companies/1200000500', { psaAccountId: '1', extra: true })).status).toBe(422);
    const links = await h.store.db.select().from(h.store.t.companyLinks);
    expect(links).toEqual([]);
  });

  it('clearing a company clears everything below, cancels unsent adjustments and posts nothing', async () => {
    await linkHall();
    await h.call('admin-A', 'PUT', '/api/mapping/resources/1000845/100237', { psaServiceId: '501' });
    const { db, t } = h.store;
    const adj = (id: string, status: string) => ({
      id, tenantId: 'tenant-A', dedupKey: id, reason: 'count_change', odinAccountId: '1200000500', odinSubscriptionId: '1000845', odinResourceId: '100237',
      psaKind: 'autotask', psaAccountId: '29683501', psaContractId: '29684001', psaServiceId: '501', fromCount: 8, toCount: 9, unitChange: 1,
      effectiveDate: '2026-03-15', status, attempts: 0, createdAt: '2026-03-15T00:00:00Z', updatedAt: '2026-03-15T00:00:00Z',
    });
    await db.insert(t.adjustments).values([adj('a1', 'planned'), adj('a2', 'failed'), adj('a3', 'posted'), adj('a4', 'unknown')]);
    expect((await h.call('admin-A', 'DELETE', '/api/mapping/companies/1200000500')).status).toBe(204);
    expect(await db.select().from(t.companyLinks)).toEqual([]);
    expect(await db.select().from(t.subscriptionLinks)).toEqual([]);
    expect(await db.select().from(t.resourceLinks)).toEqual([]);
    const statuses = Object.fromEntries((await db.select().from(t.adjustments)).map((a) => [a.id, a.status]));
    expect(statuses).toEqual({ a1: 'cancelled', a2: 'cancelled', a3: 'posted', a4: 'unknown' });
    expect(h.reconciles).toHaveLength(1);
    expect((await h.call('admin-A', 'DELETE', '/api/mapping/companies/1200000500')).status).toBe(204);
  });

  it('clears one subscription or one resource, and re-pointing a company clears what was below it', async () => {
    await linkHall();
    await h.call('admin-A', 'PUT', '/api/mapping/resources/1000845/100237', { psaServiceId: '501' });
    const { db, t } = h.store;
    expect((await h.call('admin-A', 'DELETE', '/api/mapping/resources/1000845/100237')).status).toBe(204);
    expect(await db.select().from(t.resourceLinks)).toEqual([]);
    await h.call('admin-A', 'PUT', '/api/mapping/resources/1000845/100237', { psaServiceId: '501' });
    expect((await h.call('admin-A', 'DELETE', '/api/mapping/subscriptions/1000845')).status).toBe(204);
    expect(await db.select().from(t.resourceLinks)).toEqual([]);
    expect((await db.select().from(t.companyLinks)).length).toBe(1);
    await h.call('admin-A', 'PUT', '/api/mapping/subscriptions/1000845', { psaContractId: '29684001' });
    // Same account again: nothing below changes.
    await h.call('admin-A', 'PUT', '/api/mapping/companies/1200000500', { psaAccountId: '29683501', psaAccountName: 'Hall Bros (renamed)' });
    expect((await db.select().from(t.subscriptionLinks)).length).toBe(1);
    await h.call('admin-A', 'PUT', '/api/mapping/companies/1200000500', { psaAccountId: '29683503' });
    expect(await db.select().from(t.subscriptionLinks)).toEqual([]);
    const [link] = await db.select().from(t.companyLinks).where(and(eq(t.companyLinks.tenantId, 'tenant-A'), eq(t.companyLinks.odinAccountId, '1200000500')));
    expect(link!.psaAccountId).toBe('29683503');
  });

  it('the real reconciler, with no PSA connection stored yet, keeps the relation and says what to configure', async () => {
    const real = await createHarness({ reconcile: reconcileWithSyncEngine });
    await seedSnapshot(real.store, 'tenant-A', WORLD_A);
    await real.call('admin-A', 'PUT', '/api/mapping/companies/1200000500', { psaAccountId: '29683501' });
    await real.call('admin-A', 'PUT', '/api/mapping/subscriptions/1000845', { psaContractId: '29684001' });
    const res = await json(await real.call('admin-A', 'PUT', '/api/mapping/resources/1000845/100237', { psaServiceId: '501' }));
    expect(res.body.reconciliation).toMatchObject({ status: 'planned', unitChange: 0, adjustmentId: null });
    expect(res.body.reconciliation.message).toMatch(/Autotask connection is not configured.*Configuration/);
    const [link] = await real.store.db.select().from(real.store.t.resourceLinks);
    expect(link!.ledgerUnits).toBeNull();
  });

  it('links carry the tenant\'s PSA kind', async () => {
    await h.store.db.update(h.store.t.tenants).set({ psaKind: 'connectwise' }).where(eq(h.store.t.tenants.id, 'tenant-B'));
    await h.call('admin-B', 'PUT', '/api/mapping/companies/1300000001', { psaAccountId: '250' });
    const [link] = await h.store.db.select().from(h.store.t.companyLinks);
    expect(link).toMatchObject({ tenantId: 'tenant-B', psaKind: 'connectwise', psaAccountName: '250' });
    const tree = await json(await h.call('viewer-B', 'GET', '/api/mapping'));
    expect(tree.body.psaKind).toBe('connectwise');
    expect(tree.body.companies[0].link).toEqual({ psaAccountId: '250', psaAccountName: '250' });
  });

  it('keeps the relation when the reconciliation throws, and says why', async () => {
    const failing = await createHarness({ reconcile: async () => { throw new Error('PSA read timed out'); } });
    await seedSnapshot(failing.store, 'tenant-A', WORLD_A);
    await failing.call('admin-A', 'PUT', '/api/mapping/companies/1200000500', { psaAccountId: '29683501' });
    await failing.call('admin-A', 'PUT', '/api/mapping/subscriptions/1000845', { psaContractId: '29684001' });
    const res = await json(await failing.call('admin-A', 'PUT', '/api/mapping/resources/1000845/100237', { psaServiceId: '501' }));
    expect(res.status).toBe(200);
    expect(res.body.reconciliation).toEqual({ status: 'failed', unitChange: 0, adjustmentId: null, message: 'PSA read timed out' });
    expect((await failing.store.db.select().from(failing.store.t.resourceLinks)).length).toBe(1);
  });
});
