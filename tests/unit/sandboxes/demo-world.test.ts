/**
 * The demo's PSA side is what a real MSP would have for the demo Marketplace's customers (issue 12 item 8):
 * every product a customer buys is billed on its contract/agreement, the names differ the way real records
 * do (the suggestions still find each), contract terms reach the Marketplace's renewal dates, some contracts
 * expired, one is renewed with the old one's services.
 */
import { describe, expect, it } from 'vitest';
import { createMatcher } from '../../../server/domain/suggest.js';
import { DEMO_CUSTOMERS, DEMO_PRODUCTS } from '../../../server/demo/roster.js';
import { demoAutotaskData } from '../../../server/sandboxes/autotask/index.js';
import { demoConnectWiseData } from '../../../server/sandboxes/connectwise/index.js';
import { demoPurchases } from '../../../server/sandboxes/demo-purchases.js';

const DATES = [new Date('2026-03-16T14:00:00Z'), new Date('2026-12-03T12:00:00Z'), new Date('2027-07-31T23:00:00Z')];
const nextMonth = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);

describe('demo PSA world', () => {
  it('names differ as real records do (abbreviation, legal form, typo), and the suggestions find each', () => {
    const known = DEMO_CUSTOMERS.filter((c) => c.psaName);
    expect(known.filter((c) => c.name !== c.psaName).length).toBeGreaterThanOrEqual(6);
    expect(known.some((c) => /Incorporated/.test(c.name) && /\bInc\b/.test(c.psaName!))).toBe(true);
    expect(known.some((c) => /Bros\./.test(c.name))).toBe(true);
    const matcher = createMatcher(known.map((c) => ({ name: c.psaName!, value: c.psaName })), 'company');
    for (const c of known) expect(matcher.best(c.name)?.candidate.value, c.name).toBe(c.psaName);
  });

  for (const now of DATES) {
    const today = now.toISOString().slice(0, 10);
    it(`Autotask on ${today}: each product bought is on the company's contract, whose term reaches every renewal and the next period`, () => {
      const at = demoAutotaskData(now);
      const purchases = demoPurchases(now);
      DEMO_CUSTOMERS.filter((c) => c.psaName).forEach((c) => {
        const company = at.companies.find((x) => x.companyName === c.psaName)!;
        const contracts = at.contracts.filter((k) => k.companyID === company.id && k.contractType === 7 && k.endDate.slice(0, 10) >= today);
        // The contract in force today (the first one the mapping screen offers) and what follows it.
        const current = contracts.find((k) => k.startDate.slice(0, 10) <= today)!;
        expect(current, c.name).toBeTruthy();
        const chain = [current, ...contracts.filter((k) => k.renewedContractID === current.id)];
        const covers = (date: string) => chain.some((k) => k.startDate.slice(0, 10) <= date && date <= k.endDate.slice(0, 10));
        expect(covers(nextMonth(now)), `${c.psaName}: ${nextMonth(now)}`).toBe(true);
        for (const p of purchases.get(c.odinAccountId)!) {
          expect(p.renewalDate > today).toBe(true);
          expect(covers(p.renewalDate), `${c.psaName}: renewal ${p.renewalDate}`).toBe(true);
          const service = at.services.find((s) => s.name === DEMO_PRODUCTS[p.product]!.psaName)!;
          for (const k of chain) expect(at.contractServices.some((cs) => cs.contractID === k.id && cs.serviceID === service.id), `${k.contractName}: ${service.name}`).toBe(true);
        }
      });
    });
  }

  it('Autotask: one contract ends this month and is renewed with its services, one expired and renewed, one lapsed', () => {
    const now = new Date('2026-12-03T12:00:00Z');
    const at = demoAutotaskData(now);
    const renewals = at.contracts.filter((k) => k.renewedContractID !== null);
    expect(renewals).toHaveLength(2);
    const services = (id: number) => at.contractServices.filter((cs) => cs.contractID === id).map((cs) => [cs.serviceID, cs.units]).sort();
    const ending = renewals.map((r) => at.contracts.find((k) => k.id === r.renewedContractID)!).find((k) => k.endDate.startsWith('2026-12-31'))!;
    const renewal = renewals.find((r) => r.renewedContractID === ending.id)!;
    expect(renewal.startDate.slice(0, 10)).toBe('2027-01-01');
    expect(services(renewal.id)).toEqual(services(ending.id));
    expect(at.contracts.filter((k) => k.endDate.slice(0, 10) < '2026-12-03')).toHaveLength(2);
    // The units billed differ from the Marketplace's for some services: the sync has work to show.
    const purchases = [...demoPurchases(now).values()].flat();
    const off = at.contractServices.filter((cs) => cs.id >= 6001 && !purchases.some((p) => p.quantity === cs.units));
    expect(off.length).toBeGreaterThan(0);
  });

  it('ConnectWise: each product bought is billed on the main agreement; an expired agreement renewed by a copy', () => {
    const now = new Date('2026-12-03T12:00:00Z');
    const cw = demoConnectWiseData(now);
    const purchases = demoPurchases(now);
    DEMO_CUSTOMERS.filter((c) => c.psaName).forEach((c) => {
      const company = cw.companies.find((x) => x.name === c.psaName)!;
      const main = cw.agreements.find((a) => a.company.id === company.id)!;
      expect(main.endDate).toBeUndefined();
      for (const p of purchases.get(c.odinAccountId)!) {
        const item = cw.catalog.find((i) => i.description === DEMO_PRODUCTS[p.product]!.psaName)!;
        expect(cw.additions.some((a) => a.agreementId === main.id && a.product.id === item.id && !a.cancelledDate), `${main.name}: ${item.description}`).toBe(true);
      }
    });
    const expired = cw.agreements.find((a) => a.endDate && a.endDate < '2026-01-01' && !a.cancelledFlag)!;
    const renewal = cw.agreements.find((a) => a.company.id === expired.company.id && a.startDate?.startsWith('2025-01-01'))!;
    const products = (id: number) => cw.additions.filter((a) => a.agreementId === id).map((a) => a.product.id);
    expect(products(renewal.id)).toEqual(expect.arrayContaining(products(expired.id)));
    expect(products(expired.id).length).toBeGreaterThan(0);
  });
});
