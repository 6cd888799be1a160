/**
 * The demo Marketplace is believable (issue 12, item 8): a subscription holds products of its own plan's
 * vendor (an Acronis subscription holds Acronis resources, not Exchange), and its period matches its term.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_CATALOG, demoMarketplaceData, ofOnePlan } from '../../../server/sandboxes/marketplace/data.js';

describe('demo Marketplace plans', () => {
  it('every subscription holds products of one vendor, the plan\'s, and is named after its term', () => {
    const d = demoMarketplaceData();
    let acronis = 0;
    for (let j = 0; j < d.subscriptionCount; j++) {
      const s = d.subscriptionAt(j);
      const vendors = new Set(s.lines.map((l) => d.catalog[l.product]!.vendor));
      expect(vendors.size, s.id).toBe(1);
      expect(new Set(s.lines.map((l) => l.product)).size).toBe(s.lines.length);
      expect(s.name.endsWith(s.termMonths === 12 ? '(Annual)' : '(Monthly)')).toBe(true);
      if (vendors.has('Acronis')) acronis += 1;
    }
    expect(acronis).toBeGreaterThan(0);
  });

  it('a line of another vendor becomes the next product of the plan\'s vendor, or is dropped when there is none', () => {
    const acronis = DEMO_CATALOG.findIndex((p) => p.vendor === 'Acronis');
    const ms = DEMO_CATALOG.findIndex((p) => p.vendor === 'Microsoft');
    expect(ofOnePlan([{ product: acronis, quantity: 3 }, { product: ms, quantity: 4 }], DEMO_CATALOG)).toEqual([{ product: acronis, quantity: 3 }]);
    const out = ofOnePlan([{ product: ms, quantity: 3 }, { product: acronis, quantity: 4 }], DEMO_CATALOG);
    expect(out).toHaveLength(2);
    expect(out.every((l) => DEMO_CATALOG[l.product]!.vendor === 'Microsoft')).toBe(true);
  });

});
