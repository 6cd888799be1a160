/**
 * Issue 14 item 5: every adjustment carries its estimated amount under both day counts (actual days and
 * 30/360), stored on the row when planned and shown by the Adjustments log's API and CSV.
 */
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { billingPeriodOf } from '../../../server/domain/billing-period.js';
import { estimateAmounts } from '../../../server/domain/proration-360.js';
import { AUTOTASK_TENANT, call, linkItems, pairs, setCount, syncNow, world, type Json } from '../e2e/world.js';

describe('estimated amount under both day counts', () => {
  const w = world(AUTOTASK_TENANT);

  it('a posted increase carries both amounts, in the log rows and its CSV', async () => {
    const [pair] = await pairs(w.admin, '1200000502', 'Repair and Wear LLC', [[0, 0]]);
    expect((await call(w.admin, 'POST', '/api/mapping/bulk', { set: linkItems([pair!]) })).results.every((r: Json) => r.ok)).toBe(true);
    // Mid-month, so the two day counts give different figures.
    await w.nextDay();
    setCount(w.p, pair!.res, (pair!.res.count += 2));
    expect((await syncNow(w.admin)).status).toBe('ok');
    const rows = ((await call(w.admin, 'GET', '/api/reports/adjustments?pageSize=500')).rows as Json[])
      .filter((r) => r.odinSubscriptionId === pair!.res.odinSubscriptionId && r.odinResourceId === pair!.res.odinResourceId);
    expect(rows.length).toBeGreaterThanOrEqual(1);
    const { db, t } = w.p.services.store;
    for (const r of rows) {
      const [row] = await db.select().from(t.adjustments).where(eq(t.adjustments.id, r.id));
      const [sub] = await db.select().from(t.mpSubscriptions).where(eq(t.mpSubscriptions.odinSubscriptionId, row!.odinSubscriptionId));
      expect(row!.unitPrice).not.toBeNull();
      const want = estimateAmounts({ unitChange: row!.unitChange, unitPrice: row!.unitPrice, effectiveDate: row!.effectiveDate, period: billingPeriodOf(sub?.billingPeriod, sub?.renewalDate), convention: 'inclusive' });
      expect(r).toMatchObject({ estimatedAmount: want.actualDays, estimatedAmount360: want.thirty360 });
      expect(typeof r.estimatedAmount360).toBe('number');
    }
    const csv = await (await w.admin.request('GET', '/api/reports/adjustments?format=csv')).text();
    expect(csv.split('\n')[0]).toContain('Estimated amount (30/360)');
  });
});
