import { beforeAll, describe, expect, it } from 'vitest';
import { reportsWorld } from './seed.js';

let h: Awaited<ReturnType<typeof reportsWorld>>;
beforeAll(async () => {
  h = await reportsWorld();
  const run = (id: string, tenantId: string, startedAt: string, finishedAt: string | null, status: string) => ({
    id, tenantId, trigger: 'schedule', status, startedAt, finishedAt, done: 0, total: 0,
  });
  await h.store.db.insert(h.store.t.syncRuns).values([
    run('r1', 'tenant-A', '2026-03-15T13:50:00.000Z', '2026-03-15T13:50:30.000Z', 'succeeded'),
    run('r2', 'tenant-A', '2026-03-15T13:55:00.000Z', '2026-03-15T13:55:20.000Z', 'failed'),
    run('r3', 'tenant-A', '2026-03-15T14:00:00.000Z', null, 'running'),
    run('rb', 'tenant-B', '2026-03-15T13:58:00.000Z', '2026-03-15T13:58:10.000Z', 'succeeded'),
  ]);
});

describe('GET /api/dashboard', () => {
  it('gives the headline numbers the reports agree with', async () => {
    const res = await h.call('viewer-A', 'GET', '/api/dashboard');
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body).toMatchObject({ linkedResources: 1, unlinkedResources: 4, adjustmentsThisPeriod: 2, openFailures: 4 });
    // 3 failed adjustments + the tenant's last sync, which failed as a whole (Failure log, server/reports/failure-log.ts).
    expect(body.lastSync).toEqual({ id: 'r2', status: 'failed', startedAt: '2026-03-15T13:55:00.000Z', finishedAt: '2026-03-15T13:55:20.000Z', error: null });
    for (const report of ['linked', 'unlinked', 'failures']) {
      const r = (await (await h.call('viewer-A', 'GET', `/api/reports/${report}`)).json()) as any;
      expect(r.total).toBe(body[{ linked: 'linkedResources', unlinked: 'unlinkedResources', failures: 'openFailures' }[report]!]);
    }
  });

  it('counts adjustments per tenant day over the last 30 days and licences per customer', async () => {
    const body = (await (await h.call('viewer-A', 'GET', '/api/dashboard')).json()) as any;
    expect(body.adjustmentsByDay).toHaveLength(30);
    expect(body.adjustmentsByDay[0].date).toBe('2026-02-14');
    expect(body.adjustmentsByDay.at(-1).date).toBe('2026-03-15');
    expect(body.adjustmentsByDay.filter((d: any) => d.count > 0)).toEqual([
      { date: '2026-02-20', count: 1, units: 3 },
      { date: '2026-03-10', count: 1, units: 7 },
      { date: '2026-03-11', count: 1, units: -2 },
    ]);
    // Active subscriptions only: Hall's terminated Visio seat does not count.
    expect(body.licensesPerCustomer).toEqual([
      { odinAccountId: '1200000500', name: 'Hall Bros. Transportation Co, Inc.', licenses: 11 },
      { odinAccountId: '1200000501', name: 'Venture Logistics', licenses: 4 },
      { odinAccountId: '1200000510', name: 'Sunrise Bakery', licenses: 2 },
    ]);
  });

  it('is the caller tenant\'s own', async () => {
    const body = (await (await h.call('viewer-B', 'GET', '/api/dashboard')).json()) as any;
    expect(body).toMatchObject({ linkedResources: 1, unlinkedResources: 0, openFailures: 1, lastSync: { id: 'rb' } });
    expect(body.licensesPerCustomer).toEqual([{ odinAccountId: '1300000001', name: 'Other MSP Customer', licenses: 5 }]);
    expect((await h.call(null, 'GET', '/api/dashboard')).status).toBe(401);
  });

  it('gives the period\'s money: posted total, change in monthly run-rate, and revenue at risk from unlinked licences', async () => {
    const { db, t } = h.store;
    const { and, eq } = await import('drizzle-orm');
    const price = (sub: string, res: string, unitPrice: number) =>
      db.update(t.mpResources).set({ unitPrice }).where(and(eq(t.mpResources.tenantId, 'tenant-A'), eq(t.mpResources.odinSubscriptionId, sub), eq(t.mpResources.odinResourceId, res)));
    await price('1000845', '100234', 4); // 3 unlinked x 4 = 12 a month
    await price('1000823', '100234', 4); // 4 x 4 = 16
    await price('1000900', '100234', 120); // 2 x 120 a year = 20 a month
    await db.update(t.mpSubscriptions).set({ billingPeriod: 'Annual' }).where(and(eq(t.mpSubscriptions.tenantId, 'tenant-A'), eq(t.mpSubscriptions.odinSubscriptionId, '1000900')));
    const body = (await (await h.call('viewer-A', 'GET', '/api/dashboard')).json()) as any;
    // March: +7 at 22 (109.29 estimated) and -2 at 22 (0.00: a decrease at the next period start).
    expect(body.money).toEqual({ postedThisPeriod: 109.29, runRateChange: 110, revenueAtRisk: 48, unpricedUnlinked: 0 });
  });
});
