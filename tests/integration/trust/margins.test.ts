/**
 * The margin view through the HTTP API (issue 14 item 5): linked resources with the Marketplace unit
 * cost and the PSA's unit price (read from the Autotask sandbox's services), month totals, a warning
 * where the PSA price is below cost, and the same rows as CSV.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { AUTOTASK_TENANT, call, linkItems, pairs, same, world, type Json, type Pair } from '../e2e/world.js';

const cents = (x: number) => Math.round(x * 100) / 100;

describe('margin view', () => {
  const w = world(AUTOTASK_TENANT);
  let two: Pair[] = [];

  it('lists each linked resource with cost, PSA price, and the month margin', async () => {
    two = await pairs(w.admin, '1200000504', 'MCS Trucking Inc', [[0, 0], [1, 1]]);
    await call(w.admin, 'POST', '/api/mapping/bulk', { set: linkItems(two) });
    const out = await call(w.admin, 'GET', '/api/margins');
    const rows = (out.rows as Json[]).filter((r) => two.some((p) => same(r, p.res)));
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      const pair = two.find((p) => same(r, p.res))!;
      expect(r.unitPrice).toBe(pair.cs.unitPrice);
      expect(typeof r.unitCost).toBe('number');
      expect(r.monthlyMargin).toBe(cents(cents(r.count * r.unitPrice) - cents(r.count * r.unitCost)));
      expect(r.belowCost).toBe(r.unitPrice < r.unitCost);
    }
    expect(out.totals.monthlyMargin).toBe(cents((out.rows as Json[]).filter((r) => r.monthlyMargin !== null).reduce((s, r) => s + r.monthlyMargin, 0)));
    expect(out.period).toEqual({ start: '2026-03-01', end: '2026-03-31' });
  });

  it('warns where the PSA price is below cost (a custom price of 0.01)', async () => {
    const p = two[0]!;
    await call(w.admin, 'PUT', `/api/mapping/resources/${p.res.odinSubscriptionId}/${p.res.odinResourceId}`, { psaServiceId: p.cs.serviceId, psaContractServiceId: p.cs.contractServiceId, priceSource: 'custom', customPrice: 0.01 });
    const out = await call(w.admin, 'GET', '/api/margins');
    const row = (out.rows as Json[]).find((r) => same(r, p.res))!;
    expect(row).toMatchObject({ unitPrice: 0.01, belowCost: true, warning: `PSA price 0.01 is below the Marketplace cost ${row.unitCost.toFixed(2)}` });
    expect(out.totals.belowCost).toBeGreaterThanOrEqual(1);
    const csv = await w.admin.request('GET', '/api/margins?format=csv');
    const records = parse(await csv.text(), { bom: true }) as string[][];
    expect(records[0]).toEqual(['Customer', 'Resource', 'Units', 'Marketplace unit cost', 'PSA unit price', 'Monthly cost', 'Monthly revenue', 'Monthly margin', 'Margin %', 'Warning']);
    expect(records.length - 1).toBe(out.rows.length);
    expect(records.some((r) => r[9] === row.warning)).toBe(true);
  });

  it('answers 422 for an unknown parameter', async () => {
    expect((await w.admin.request('GET', '/api/margins?sort=x')).status).toBe(422);
  });
});
