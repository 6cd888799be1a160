import { describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS, DEMO_PRODUCTS } from '../../../server/demo/roster.js';
import { demoConnectWiseData, largeConnectWiseData } from '../../../server/sandboxes/connectwise/index.js';

const today = new Date('2026-11-24T12:00:00Z');

describe('demo ConnectWise data', () => {
  it('is deterministic', () => {
    expect(demoConnectWiseData(today)).toEqual(demoConnectWiseData(new Date('2026-03-01T00:00:00Z')));
  });

  it('has a company per roster customer with a PSA name, and none for the others', () => {
    const names = demoConnectWiseData(today).companies.map((c) => c.name);
    for (const c of DEMO_CUSTOMERS) {
      if (c.psaName) expect(names).toContain(c.psaName);
      else expect(names).not.toContain(c.name);
    }
  });

  it('lists the roster products under their PSA names with roster prices', () => {
    const catalog = demoConnectWiseData(today).catalog;
    for (const p of DEMO_PRODUCTS) expect(catalog.find((i) => i.description === p.psaName)).toMatchObject({ price: p.unitPrice, cost: p.unitCost, manufacturerPartNumber: p.mpn });
  });

  it('has the awkward agreements: one cancelled, one expired, one with proration off', () => {
    const { agreements, additions } = demoConnectWiseData(today);
    expect(agreements.filter((a) => a.cancelledFlag)).toHaveLength(1);
    expect(agreements.filter((a) => a.endDate && a.endDate < '2026-11-24')).toHaveLength(1);
    expect(agreements.filter((a) => a.prorateFlag === false)).toHaveLength(1);
    expect(additions.length).toBeGreaterThan(agreements.length / 2);
    expect(new Set(additions.map((a) => a.id)).size).toBe(additions.length);
  });

  it('the large generator makes the size asked for, deterministically', () => {
    const big = largeConnectWiseData({ agreements: 1000 });
    expect(big.agreements).toHaveLength(1000);
    expect(big.additions).toHaveLength(3000);
    expect(largeConnectWiseData({ agreements: 1000 })).toEqual(big);
  });
});
