/**
 * The demo ConnectWise company, from the shared roster (server/demo/roster.ts): one ConnectWise company per
 * customer that has a `psaName` (customers without one are absent, so the mapping screen shows unlinkable
 * companies), the roster's products in the catalog under their `psaName`, one monthly agreement per company
 * with a few additions, and the awkward cases the mapping screen and the sync must handle: a cancelled
 * agreement, an expired one, one with proration off, a cancelled addition, an inactive company, a bundle
 * and an inactive product, an expired agreement renewed by a copy. Each main agreement also bills every product
 * the customer buys in the demo Marketplace. Deterministic for a given year (dates are relative to `today`'s year).
 */
import { DEMO_CUSTOMERS, DEMO_PRODUCTS } from '../demo-world.js';
import { demoPurchases } from '../demo-purchases.js';
import type { CwAddition, CwAgreement, CwCatalogItem, CwCompany } from './wire.js';
import { addition, agreement, company, product } from './build.js';
import type { ConnectWiseData } from './state.js';

/** "Office 365 Business Premium (Monthly)" -> "OFFICE-365-BUSINESS-PREMIUM-MONTHLY". */
export const skuOf = (name: string): string =>
  name
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);

export function demoConnectWiseData(today: Date = new Date()): ConnectWiseData {
  const year = today.getUTCFullYear();
  const lastYear = `${year - 1}`;
  // The MSP's own product ids, as ConnectWise users make them; the vendor part number is kept beside them.
  const catalog: CwCatalogItem[] = DEMO_PRODUCTS.map((p, i) => product(100 + i, skuOf(p.psaName), p.psaName, p.unitPrice, p.unitCost, { manufacturerPartNumber: p.mpn }));
  catalog.push(product(150, 'M365-STARTER-BUNDLE', 'Microsoft 365 Starter Bundle', 40, 35, { productClass: 'Bundle' }));
  catalog.push(product(151, 'HOSTED-EXCH-2013', 'Legacy Hosted Exchange 2013', 5, 3, { inactiveFlag: true }));

  const companies: CwCompany[] = [];
  const agreements: CwAgreement[] = [];
  const additions: CwAddition[] = [];
  let additionId = 5000;
  // Additions for what the customers buy take ids of their own, so the first ones keep theirs.
  let boughtId = 6000;
  const customers = DEMO_CUSTOMERS.filter((c) => c.psaName !== null);
  customers.forEach((cust, i) => {
    const co = company(250 + i, cust.psaName!);
    companies.push(co);
    const mainId = 1000 + i * 10;
    // The third company's agreement has "Prorate Agreement" off: mid-month increases are refused until it is on.
    agreements.push(agreement({ id: mainId, name: `${co.name} - Managed Cloud Services`, company: co, contactId: 400 + i, start: `${lastYear}-01-01`, prorate: i !== 2 }));
    const first = catalog[i % DEMO_PRODUCTS.length]!;
    const second = catalog[(i + 3) % DEMO_PRODUCTS.length]!;
    additions.push(addition(additionId++, mainId, first, ((i * 3) % 11) + 2, `${lastYear}-01-01`, undefined, 1));
    if (i % 2 === 0) additions.push(addition(additionId++, mainId, second, ((i * 5) % 7) + 1, `${lastYear}-02-01`, undefined, 2));
    if (i === 0) {
      // An addition that ended: it no longer counts towards the units.
      additions.push(addition(additionId++, mainId, second, 4, `${lastYear}-01-01`, `${lastYear}-06-30`, 3));
      agreements.push(agreement({ id: mainId + 1, name: `${co.name} - Hosted Email (cancelled)`, company: co, contactId: 400 + i, start: `${lastYear}-03-01`, cancelled: `${lastYear}-09-30` }));
      additions.push(addition(additionId++, mainId + 1, catalog[3]!, 6, `${lastYear}-03-01`, undefined, 1));
    }
    if (i === 1) {
      // Expired, and renewed the ConnectWise way (Copy, then new dates): the main agreement starts the day
      // after its end with the same first product.
      agreements.push(agreement({ id: mainId + 2, name: `${co.name} - ${year - 2} Cloud Agreement`, company: co, contactId: 400 + i, start: `${year - 2}-01-01`, end: `${year - 2}-12-31` }));
      additions.push(addition(boughtId++, mainId + 2, first, ((i * 3) % 11) + 2, `${year - 2}-01-01`, undefined, 1));
    }
    if (i === 3) {
      agreements.push(agreement({ id: mainId + 3, name: `${co.name} - Backup Services`, company: co, contactId: 400 + i, start: `${lastYear}-07-01` }));
      additions.push(addition(additionId++, mainId + 3, catalog[7]!, 12, `${lastYear}-07-01`, undefined, 1));
    }
  });
  // Every product a customer buys in the demo Marketplace is billed on its main agreement, at the quantity
  // last billed (mostly the Marketplace's, some a few behind or ahead). Quantities only: dates stay per year.
  const purchases = demoPurchases(today);
  customers.forEach((cust, i) => {
    const mainId = 1000 + i * 10;
    const billed = new Set(additions.filter((a) => a.agreementId === mainId && !a.cancelledDate).map((a) => a.product.id));
    (purchases.get(cust.odinAccountId) ?? []).forEach((p, n) => {
      const item = catalog[p.product]!;
      if (billed.has(item.id)) return;
      billed.add(item.id);
      const drift = (i + n) % 3 === 0 ? -2 : (i + n) % 5 === 1 ? 1 : 0;
      additions.push(addition(boughtId++, mainId, item, Math.max(1, p.quantity + drift), `${lastYear}-01-01`, undefined, 10 + n));
    });
  });
  companies.push(company(290, 'Old Mill Pharmacy', 'Inactive'));
  return { companies, agreements, additions, catalog };
}
