/**
 * Deterministic sandbox worlds: the demo tenant (companies from the shared roster, services from the demo
 * products) and a large generated one for benchmarks. Dates are relative to the clock: each customer's
 * contract carries the services of what it buys in the demo Marketplace and runs to its last Marketplace
 * renewal; one contract expired and was renewed, one ends this month and is already renewed, one lapsed.
 */
import { DEMO_CUSTOMERS, DEMO_PRODUCTS } from '../demo-world.js';
import { demoPurchases, lastRenewal } from '../demo-purchases.js';
import { AUTOTASK_FACTS, atDate, lastDayOfMonth, plusDays } from './vendor.js';
import type { Company, Contract, SandboxData, Service } from './state.js';

export const DEMO_CREDENTIALS = { userName: 'api@demo.example', secret: 'demo', integrationCode: 'DEMO' } as const;

/** First day of the month `delta` months from the month of `date`. */
export function monthStart(date: Date, delta = 0): string {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + delta, 1)).toISOString().slice(0, 10);
}

const company = (id: number, name: string, n: number): Company => ({ id, companyName: name, companyNumber: `C${String(n).padStart(5, '0')}`, companyType: 1, isActive: true });

function contract(id: number, companyID: number, name: string, start: string, end: string, type: number = AUTOTASK_FACTS.recurringServiceContractType): Contract {
  return { id, companyID, contractName: name, contractNumber: `RS-${id}`, contractType: type, contractPeriodType: 2, status: 1,
    startDate: atDate(start), endDate: atDate(end), renewedContractID: null };
}

const demoServices = (): Service[] =>
  DEMO_PRODUCTS.map((p, k) => ({ id: 2001 + k, name: p.psaName, description: p.name, invoiceDescription: p.psaName, isActive: true,
    periodType: 2, unitPrice: p.unitPrice, unitCost: p.unitCost }));

export function demoAutotaskData(now: Date): SandboxData {
  const services = demoServices();
  const data: SandboxData = { companies: [], contracts: [], services, contractServices: [] };
  const purchases = demoPurchases(now);
  let csId = 5001;
  // Services added for what the customer buys take ids of their own, so the first ones keep theirs.
  let boughtId = 6001;
  const thisMonth = monthStart(now);
  const sixMonthsOn = plusDays(monthStart(now, 6), -1);
  DEMO_CUSTOMERS.filter((c) => c.psaName !== null).forEach((customer, i) => {
    const companyId = 29683501 + i;
    data.companies.push(company(companyId, customer.psaName!, i + 1));
    const contractId = 29747601 + i * 10;
    const bought = purchases.get(customer.odinAccountId) ?? [];
    // The term reaches the customer's last Marketplace renewal, so a decrease held for an annual term's
    // renewal lands inside it. Venture Logistics' contract ends this month and is already renewed (below).
    const renewalMonthEnd = lastRenewal(bought) && lastDayOfMonth(lastRenewal(bought)!);
    const end = i === 1 ? lastDayOfMonth(thisMonth) : later(sixMonthsOn, renewalMonthEnd);
    data.contracts.push(contract(contractId, companyId, `${customer.psaName} - Cloud Services`, monthStart(now, -6), end));
    const picks = [i % services.length, (i + 3) % services.length, ...(i % 2 === 0 ? [(i + 5) % services.length] : [])];
    picks.forEach((k, j) => {
      const s = services[k]!;
      data.contractServices.push({ id: csId++, contractID: contractId, serviceID: s.id, unitPrice: s.unitPrice, unitCost: s.unitCost,
        internalCurrencyAdjustedPrice: null, invoiceDescription: s.name, internalDescription: null, units: 5 + ((i * 7 + j * 3) % 20) });
    });
    // Every product the customer buys is billed on the contract, at the units last billed: mostly the
    // Marketplace's count, some a few seats behind or ahead (what the sync is for).
    const onContract = new Set(picks);
    bought.forEach((p, n) => {
      if (onContract.has(p.product)) return;
      onContract.add(p.product);
      const s = services[p.product]!;
      const drift = (i + n) % 3 === 0 ? -2 : (i + n) % 5 === 1 ? 1 : 0;
      data.contractServices.push({ id: boughtId++, contractID: contractId, serviceID: s.id, unitPrice: s.unitPrice, unitCost: s.unitCost,
        internalCurrencyAdjustedPrice: null, invoiceDescription: s.name, internalDescription: null, units: Math.max(1, p.quantity + drift) });
    });
    if (i === 0) {
      // Last year's contract of the first customer: expired, renewed into the current one.
      const old = contract(contractId + 1, companyId, `${customer.psaName} - Cloud Services (previous term)`, monthStart(now, -18), plusDays(monthStart(now, -6), -1));
      // The renewal names the contract it renews (as the sandbox's Renew Contract does).
      data.contracts.find((c) => c.id === contractId)!.renewedContractID = old.id;
      data.contracts.push(old);
      data.contractServices.push({ id: csId++, contractID: old.id, serviceID: services[0]!.id, unitPrice: 6, unitCost: 5.4,
        internalCurrencyAdjustedPrice: null, invoiceDescription: services[0]!.name, internalDescription: null, units: 9 });
    }
    if (i === 1) renew(data, contractId, monthStart(now, 1), later(plusDays(monthStart(now, 13), -1), renewalMonthEnd), () => boughtId++);
    if (i === 2) data.contracts.push(contract(contractId + 2, companyId, `${customer.psaName} - Support (T&M)`, monthStart(now, -6), plusDays(monthStart(now, 6), -1), 1));
    if (i === 5) {
      // A contract the MSP let lapse two years ago and replaced by hand (no renewal link): expired.
      data.contracts.push(contract(contractId + 4, companyId, `${customer.psaName} - Hosted Exchange`, monthStart(now, -36), plusDays(monthStart(now, -24), -1)));
    }
  });
  return data;
}

const later = (a: string, b: string | null | undefined): string => (b && b > a ? b : a);

/**
 * The MSP renewed the contract ahead of its end with Autotask's Renew Contract: "Renewal of <name>", from
 * the day after the old end, the old one's services at their units (docs/vendor-notes.md "Contract renewal").
 */
function renew(data: SandboxData, oldId: number, start: string, end: string, nextId: () => number): void {
  const old = data.contracts.find((c) => c.id === oldId)!;
  data.contracts.push({ ...old, id: oldId + 3, contractName: `Renewal of ${old.contractName}`, contractNumber: `${old.contractNumber}-R`,
    startDate: atDate(start), endDate: atDate(end), renewedContractID: old.id });
  for (const cs of data.contractServices.filter((x) => x.contractID === oldId)) data.contractServices.push({ ...cs, id: nextId(), contractID: oldId + 3 });
}

/** `contracts` Recurring Service contracts, one company each, `servicesPerContract` contract services each. */
export function largeAutotaskData(now: Date, contracts = 1000, servicesPerContract = 3): SandboxData {
  const services = demoServices();
  const data: SandboxData = { companies: [], contracts: [], services, contractServices: [] };
  let csId = 900_001;
  for (let i = 0; i < contracts; i++) {
    const companyId = 100_001 + i;
    data.companies.push(company(companyId, `Customer ${String(i + 1).padStart(5, '0')}`, i + 1));
    const contractId = 500_001 + i;
    data.contracts.push(contract(contractId, companyId, `Customer ${i + 1} - Cloud Services`, monthStart(now, -6), plusDays(monthStart(now, 6), -1)));
    for (let j = 0; j < servicesPerContract; j++) {
      const s = services[(i + j) % services.length]!;
      data.contractServices.push({ id: csId++, contractID: contractId, serviceID: s.id, unitPrice: s.unitPrice, unitCost: s.unitCost,
        internalCurrencyAdjustedPrice: null, invoiceDescription: s.name, internalDescription: null, units: 1 + ((i + j * 5) % 40) });
    }
  }
  return data;
}

/** The demo tenant's connection when the sandbox is mounted at `<origin>/sandbox/autotask` (demo mode). */
export function demoAutotaskConnection(origin: string, mount = '/sandbox/autotask') {
  return {
    apiUser: DEMO_CREDENTIALS.userName,
    secret: DEMO_CREDENTIALS.secret,
    integrationCode: DEMO_CREDENTIALS.integrationCode,
    discoveryUrl: `${origin.replace(/\/$/, '')}${mount}/atservicesrest/`,
  };
}
