import { describe, expect, it } from 'vitest';
import { linkDemoTenant } from '../../../server/demo/links.js';
import { DEMO_CUSTOMERS, DEMO_PRODUCTS } from '../../../server/demo/roster.js';
import { createHarness, seedSnapshot, type FakePsa, type SeedCompany } from './harness.js';

/** The demo roster as a snapshot (two subscriptions per customer) and as the PSA's lists. */
function demoWorld(psa: FakePsa): SeedCompany[] {
  psa.accounts = DEMO_CUSTOMERS.filter((c) => c.psaName).map((c, i) => ({ id: `${900 + i}`, name: c.psaName!, active: true }));
  psa.contracts = psa.accounts.map((a) => ({
    id: `c${a.id}`, accountId: a.id, name: `${a.name} - Cloud Services`, startDate: '2026-01-01', endDate: null, expired: false, cancelled: false, prorate: true, billingCycle: 'Monthly',
  }));
  psa.services = psa.contracts.flatMap((c) => DEMO_PRODUCTS.map((p, j) => ({
    contractId: c.id, serviceId: `s${j}`, contractServiceId: `${c.id}-s${j}`, name: p.psaName, code: null, unitPrice: p.unitPrice, unitCost: p.unitCost, units: 1,
  })));
  return DEMO_CUSTOMERS.map((c, i) => ({
    id: c.odinAccountId, name: c.name,
    subscriptions: [i % DEMO_PRODUCTS.length, (i + 5) % DEMO_PRODUCTS.length].map((p, k) => ({
      id: `${1000800 + i * 2 + k}`, name: DEMO_PRODUCTS[p]!.name,
      resources: [{ id: `${100200 + p}`, name: DEMO_PRODUCTS[p]!.name, mpn: DEMO_PRODUCTS[p]!.mpn, count: 1 + i + k }],
    })),
  }));
}

async function linkedWorld() {
  const h = await createHarness();
  await seedSnapshot(h.store, 'tenant-A', demoWorld(h.psa));
  await h.configurePsa('tenant-A');
  const reconciled: string[] = [];
  const outcome = await linkDemoTenant(h.services, 'tenant-A', { afterResourceLinked: async (s, r) => void reconciled.push(`${s}/${r}`) });
  return { h, outcome, reconciled };
}

describe('linkDemoTenant', () => {
  it('links part of the demo world through the suggestions and leaves the rest, the same way every time', async () => {
    const first = await linkedWorld();
    const second = await linkedWorld();
    expect(first.outcome).toEqual(second.outcome);
    const { db, t } = first.h.store;
    const snapshot = async (store: typeof first.h.store) => ({
      companies: (await store.db.select().from(store.t.companyLinks)).map((l) => `${l.odinAccountId}->${l.psaAccountName}`).sort(),
      resources: (await store.db.select().from(store.t.resourceLinks)).map((l) => `${l.odinSubscriptionId}/${l.odinResourceId}->${l.psaServiceName}`).sort(),
    });
    expect(await snapshot(first.h.store)).toEqual(await snapshot(second.h.store));

    const companies = (await db.select().from(t.companyLinks)).map((l) => l.odinAccountId).sort();
    // Every fourth company is left for the user; customers the PSA does not know cannot be linked.
    expect(companies).toEqual(['1200000500', '1200000501', '1200000502', '1200000504', '1200000505', '1200000506', '1200000508', '1200000509']);
    const hall = await db.select().from(t.companyLinks);
    expect(hall.find((l) => l.odinAccountId === '1200000500')).toMatchObject({ psaAccountName: 'Hall Brothers Transportation', createdBy: 'demo' });
    expect(first.outcome).toMatchObject({ skipped: false, companies: 8 });
    expect(first.outcome.subscriptions).toBeLessThan(16);
    expect(first.outcome.resources).toBeLessThan(first.outcome.subscriptions);
    expect(first.reconciled).toHaveLength(first.outcome.resources);
    // Every resource linked went to its own product's service, as the roster spells it.
    const links = await db.select().from(t.resourceLinks);
    for (const l of links) {
      const product = DEMO_PRODUCTS[Number(l.odinResourceId) - 100200]!;
      expect(l.psaServiceName).toBe(product.psaName);
    }
    expect(links.map((l) => l.psaServiceName)).not.toContain('Managed Antivirus');
  });

  it('gives the reports rows on both sides, and leaves a tenant that has relations alone', async () => {
    const { h, outcome } = await linkedWorld();
    const linked = (await (await h.call('viewer-A', 'GET', '/api/reports/linked')).json()) as any;
    const unlinked = (await (await h.call('viewer-A', 'GET', '/api/reports/unlinked')).json()) as any;
    expect(linked.total).toBe(outcome.resources);
    expect(unlinked.total).toBe(24 - outcome.resources);
    expect(new Set(unlinked.rows.map((r: any) => r.missing))).toEqual(new Set(['company', 'subscription', 'resource']));
    expect(await linkDemoTenant(h.services, 'tenant-A')).toEqual({ skipped: true, companies: 0, subscriptions: 0, resources: 0 });
  });
});
