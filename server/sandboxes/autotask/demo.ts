/**
 * Deterministic sandbox worlds: the demo tenant (companies from the shared roster, services from the demo
 * products) and a large generated one for benchmarks. Dates are relative to the clock so that the demo
 * always has one expired contract and one ending this month.
 */
import { DEMO_CUSTOMERS, DEMO_PRODUCTS } from '../demo-world.js';
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
  let csId = 5001;
  const thisMonth = monthStart(now);
  DEMO_CUSTOMERS.filter((c) => c.psaName !== null).forEach((customer, i) => {
    const companyId = 29683501 + i;
    data.companies.push(company(companyId, customer.psaName!, i + 1));
    const contractId = 29747601 + i * 10;
    // Venture Logistics' contract ends this month; the others run six months more.
    const end = i === 1 ? lastDayOfMonth(thisMonth) : plusDays(monthStart(now, 6), -1);
    data.contracts.push(contract(contractId, companyId, `${customer.psaName} - Cloud Services`, monthStart(now, -6), end));
    const picks = [i % services.length, (i + 3) % services.length, ...(i % 2 === 0 ? [(i + 5) % services.length] : [])];
    picks.forEach((k, j) => {
      const s = services[k]!;
      data.contractServices.push({ id: csId++, contractID: contractId, serviceID: s.id, unitPrice: s.unitPrice, unitCost: s.unitCost,
        internalCurrencyAdjustedPrice: null, invoiceDescription: s.name, internalDescription: null, units: 5 + ((i * 7 + j * 3) % 20) });
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
    if (i === 2) data.contracts.push(contract(contractId + 2, companyId, `${customer.psaName} - Support (T&M)`, monthStart(now, -6), plusDays(monthStart(now, 6), -1), 1));
  });
  return data;
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
