/** The demo-data generator: deterministic, the right sizes, computed on demand. */
import { describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS, DEMO_PRODUCTS } from '../../../server/demo/roster.js';
import { demoMarketplaceData, generateMarketplaceData, largeMarketplaceData } from '../../../server/sandboxes/marketplace/data.js';

describe('marketplace demo data', () => {
  it('gives the roster 1-3 subscriptions each with 1-3 distinct demo products', () => {
    const d = demoMarketplaceData();
    expect(d.customerCount).toBe(12);
    for (let i = 0; i < d.customerCount; i++) {
      const [a, b] = d.subscriptionsOfCustomer(i);
      expect(b - a).toBeGreaterThanOrEqual(1);
      expect(b - a).toBeLessThanOrEqual(3);
      for (let j = a; j < b; j++) {
        const s = d.subscriptionAt(j);
        expect(s.customerId).toBe(DEMO_CUSTOMERS[i]!.odinAccountId);
        expect(s.lines.length).toBeGreaterThanOrEqual(1);
        expect(s.lines.length).toBeLessThanOrEqual(3);
        expect(new Set(s.lines.map((l) => l.product)).size).toBe(s.lines.length);
        expect(s.lines.every((l) => l.product < DEMO_PRODUCTS.length && Number.isInteger(l.quantity) && l.quantity > 0)).toBe(true);
        expect(d.subscriptionIndexOf(s.id)).toBe(j);
      }
    }
  });

  it('is the same for the same seed and differs for another', () => {
    const a = demoMarketplaceData(7);
    const b = demoMarketplaceData(7);
    const c = demoMarketplaceData(8);
    const all = (d: typeof a) => Array.from({ length: d.subscriptionCount }, (_, j) => d.subscriptionAt(j));
    expect(all(a)).toEqual(all(b));
    expect(all(a)).not.toEqual(all(c));
  });

  it('builds the benchmark set of 10,000 / 30,000 / 60,000 without holding it', () => {
    const d = largeMarketplaceData();
    expect(d.customerCount).toBe(10_000);
    expect(d.subscriptionCount).toBe(30_000);
    let resources = 0;
    for (let j = 0; j < d.subscriptionCount; j++) resources += d.subscriptionAt(j).lines.length;
    expect(resources).toBe(60_000);
    expect(d.subscriptionAt(29_999).customerId).toBe(d.customerAt(9_999).id);
    expect(d.subscriptionAt(0).creationDate >= d.subscriptionAt(29_999).creationDate).toBe(true);
  });

  it('lists newest first and keeps every date 30 days before the as-of date', () => {
    const d = generateMarketplaceData({ customers: 50, subscriptionsPerCustomer: [1, 3], resourcesPerSubscription: 2, asOf: '2026-06-01' });
    for (let j = 1; j < d.subscriptionCount; j++) expect(d.subscriptionAt(j).creationDate <= d.subscriptionAt(j - 1).creationDate).toBe(true);
    for (let j = 0; j < d.subscriptionCount; j++) expect(d.subscriptionAt(j).lastModifiedDate <= '2026-05-02').toBe(true);
  });
});
