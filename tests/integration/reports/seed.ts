/** Tenant A with relations and a log of adjustments in every status; tenant B with one posted row. */
import type { Store } from '../../../server/db/store.js';
import { createHarness, seedSnapshot, WORLD_A, WORLD_B } from '../mapping/harness.js';

export async function reportsWorld(opts: Parameters<typeof createHarness>[0] = {}) {
  const h = await createHarness(opts);
  await seedSnapshot(h.store, 'tenant-A', WORLD_A);
  await seedSnapshot(h.store, 'tenant-B', WORLD_B);
  const ok = async (method: string, path: string, body?: unknown, user = 'admin-A') => {
    const res = await h.call(user, method, path, body);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  };
  await ok('PUT', '/api/mapping/companies/1200000500', { psaAccountId: '29683501', psaAccountName: 'Hall Brothers Transportation' });
  await ok('PUT', '/api/mapping/subscriptions/1000845', { psaContractId: '29684001', psaContractName: 'Hall Brothers 2026 Cloud Services' });
  await ok('PUT', '/api/mapping/resources/1000845/100237', { psaServiceId: '501', psaServiceName: 'Office 365 Business Premium (Monthly)' });
  await ok('PUT', '/api/mapping/companies/1200000501', { psaAccountId: '29683502', psaAccountName: 'Venture Logistics' });
  await ok('PUT', '/api/mapping/companies/1300000001', { psaAccountId: '77', psaAccountName: 'B customer' }, 'admin-B');
  await ok('PUT', '/api/mapping/subscriptions/2000001', { psaContractId: '78', psaContractName: 'B contract' }, 'admin-B');
  await ok('PUT', '/api/mapping/resources/2000001/200001', { psaServiceId: '79', psaServiceName: 'B service' }, 'admin-B');
  await seedAdjustments(h.store);
  return h;
}

export async function seedAdjustments(store: Store) {
  const row = (id: string, tenantId: string, status: string, over: Record<string, unknown> = {}) => ({
    id, tenantId, dedupKey: id, reason: 'count_change', odinAccountId: '1200000500', odinSubscriptionId: '1000845', odinResourceId: '100237',
    psaKind: 'autotask', psaAccountId: '29683501', psaContractId: '29684001', psaServiceId: '501', fromCount: 8, toCount: 9, unitChange: 1,
    effectiveDate: '2026-03-10', unitPrice: 22, estimatedAmount: 15.61, status, attempts: 1, lastError: null, nextAttemptAt: null,
    createdAt: '2026-03-10T12:00:00.000Z', updatedAt: '2026-03-10T12:00:00.000Z', postedAt: null, ...over,
  });
  await store.db.insert(store.t.adjustments).values([
    row('p1', 'tenant-A', 'posted', { postedAt: '2026-03-10T12:00:05.000Z', dateRule: 'today', unitChange: 7, fromCount: 1, toCount: 8, estimatedAmount: 109.29 }),
    // 02:00 UTC on the 12th is still the 11th in New York (the tenants' time zone).
    row('p2', 'tenant-A', 'posted', { postedAt: '2026-03-12T02:00:00.000Z', dateRule: 'next_period', unitChange: -2, effectiveDate: '2026-04-01', estimatedAmount: 0, createdAt: '2026-03-12T01:59:00.000Z' }),
    row('p3', 'tenant-A', 'posted', { postedAt: '2026-02-20T15:00:00.000Z', unitChange: 3, odinAccountId: '1200000501', odinSubscriptionId: '1000823', odinResourceId: '100234', psaAccountId: '29683502', psaContractId: '29684003', psaServiceId: '502', estimatedAmount: 6.5 }),
    row('f1', 'tenant-A', 'failed', {
      lastError: 'ContractServiceAdjustment EffectiveDate must be between the start date and end date of the contract referenced by ContractID',
      attempts: 3, nextAttemptAt: '2026-03-15T14:10:00.000Z', createdAt: '2026-03-14T09:00:00.000Z', dateRule: 'moved', lastErrorKind: 'rule',
    }),
    row('u1', 'tenant-A', 'unknown', { lastError: 'timeout after 30000 ms', createdAt: '2026-03-13T09:00:00.000Z' }),
    row('s1', 'tenant-A', 'posting', { createdAt: '2026-03-15T13:59:00.000Z' }),
    row('n1', 'tenant-A', 'planned'),
    row('c1', 'tenant-A', 'cancelled'),
    row('b1', 'tenant-B', 'posted', { odinAccountId: '1300000001', odinSubscriptionId: '2000001', odinResourceId: '200001', postedAt: '2026-03-10T12:00:00.000Z' }),
    row('b2', 'tenant-B', 'failed', { odinAccountId: '1300000001', odinSubscriptionId: '2000001', odinResourceId: '200001', lastError: 'B failed' }),
  ]);
}
