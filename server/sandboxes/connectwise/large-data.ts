/**
 * A large ConnectWise company for benchmarks and paging tests: `agreements` agreements (default 1,000)
 * over `companies` companies, `products` catalog products, a few additions per agreement, some agreements
 * cancelled or expired. Deterministic (a fixed linear congruential sequence), so runs compare.
 */
import type { CwAddition, CwAgreement, CwCatalogItem, CwCompany } from './wire.js';
import { addition, agreement, company, product } from './build.js';
import type { ConnectWiseData } from './state.js';

export interface LargeDataOptions {
  agreements?: number;
  companies?: number;
  products?: number;
  additionsPerAgreement?: number;
  year?: number;
}

export function largeConnectWiseData(opts: LargeDataOptions = {}): ConnectWiseData {
  const nAgreements = opts.agreements ?? 1000;
  const nCompanies = opts.companies ?? Math.max(1, Math.ceil(nAgreements / 4));
  const nProducts = opts.products ?? 40;
  const perAgreement = opts.additionsPerAgreement ?? 3;
  const year = opts.year ?? 2026;
  let seed = 42;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    // The low bits of a power-of-two LCG cycle quickly; use the high ones.
    return Math.floor(seed / 65536) % n;
  };
  const catalog: CwCatalogItem[] = Array.from({ length: nProducts }, (_, i) =>
    product(100 + i, `SKU-${String(i).padStart(4, '0')}`, `Cloud Product ${i}`, 5 + (i % 20), 4 + (i % 20) * 0.9),
  );
  const companies: CwCompany[] = Array.from({ length: nCompanies }, (_, i) => company(1000 + i, `Customer ${String(i).padStart(5, '0')}`));
  const agreements: CwAgreement[] = [];
  const additions: CwAddition[] = [];
  let additionId = 100_000;
  for (let i = 0; i < nAgreements; i++) {
    const co = companies[i % nCompanies]!;
    const kind = rnd(20);
    agreements.push(
      agreement({
        id: 10_000 + i,
        name: `${co.name} - Agreement ${i}`,
        company: co,
        contactId: 50_000 + i,
        start: `${year - 1}-01-01`,
        end: kind === 0 ? `${year - 1}-06-30` : undefined,
        cancelled: kind === 1 ? `${year - 1}-09-30` : undefined,
        prorate: kind !== 2,
      }),
    );
    for (let k = 0; k < perAgreement; k++) {
      const p = catalog[rnd(nProducts)]!;
      additions.push(addition(additionId++, 10_000 + i, p, 1 + rnd(25), `${year - 1}-0${1 + rnd(9)}-01`, undefined, k + 1));
    }
  }
  return { companies, agreements, additions, catalog };
}
