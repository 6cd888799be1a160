/**
 * The sandbox's world: Autotask objects as the REST API returns them (camelCase, ids as numbers, dates as
 * `yyyy-mm-ddT00:00:00`), plus per-period ContractServiceUnits rows that adjustments split.
 */
import { billedShare, billingMonths, type PeriodRow } from './unit-periods.js';
import { AUTOTASK_FACTS, atDate } from './vendor.js';

export interface Company { id: number; companyName: string; companyNumber: string; companyType: number; isActive: boolean }
export interface Contract {
  id: number; companyID: number; contractName: string; contractNumber: string; contractType: number;
  contractPeriodType: number; status: number; startDate: string; endDate: string; renewedContractID: number | null;
}
export interface Service {
  id: number; name: string; description: string | null; invoiceDescription: string | null; isActive: boolean;
  periodType: number; unitPrice: number; unitCost: number;
}
export interface ContractService {
  id: number; contractID: number; serviceID: number; unitPrice: number; unitCost: number;
  internalCurrencyAdjustedPrice: number | null; invoiceDescription: string | null; internalDescription: string | null;
}
/** A ContractServiceUnits row; `startDate`/`endDate` kept as YYYY-MM-DD inside, serialised by `unitsRowJson`. */
export interface ServiceUnitsRow extends PeriodRow { id: number; contractID: number; contractServiceID: number; serviceID: number }

export interface AcceptedAdjustment {
  id: number; contractID: number; contractServiceID: number; serviceID: number; effectiveDate: string; unitChange: number;
  via: 'rest' | 'soap'; acceptedAt: string;
}

/** What a sandbox starts from: units per contract service, rows are generated per monthly period. */
export interface SandboxData {
  companies: Company[];
  contracts: Contract[];
  services: Service[];
  contractServices: (ContractService & { units: number })[];
}

export interface SandboxState {
  companies: Company[];
  contracts: Contract[];
  services: Service[];
  contractServices: ContractService[];
  units: ServiceUnitsRow[];
  adjustments: AcceptedAdjustment[];
  nextId: number;
}

export function createState(data: SandboxData): SandboxState {
  const state: SandboxState = {
    companies: data.companies.map((c) => ({ ...c })),
    contracts: data.contracts.map((c) => ({ ...c })),
    services: data.services.map((s) => ({ ...s })),
    contractServices: [],
    units: [],
    adjustments: [],
    nextId: 1,
  };
  const ids = [...data.companies, ...data.contracts, ...data.services, ...data.contractServices].map((x) => x.id);
  state.nextId = ids.reduce((max, id) => Math.max(max, id), 0) + 1000; // no spread: 100k+ ids overflow the call stack
  // By id, not a search per service: a provider's 60,000 services on 10,000 contracts.
  const contractById = new Map<number, Contract>();
  for (const c of state.contracts) if (!contractById.has(c.id)) contractById.set(c.id, c);
  for (const { units, ...cs } of data.contractServices) {
    state.contractServices.push(cs);
    const contract = contractById.get(cs.contractID);
    if (contract) addPeriodRows(state, contract, cs, units);
  }
  return state;
}

export const newId = (state: SandboxState) => state.nextId++;

/** Rows for every monthly period of the contract not yet covered (new service, or an extended end date). */
export function addPeriodRows(state: SandboxState, contract: Contract, cs: ContractService, units: number, from?: string): void {
  for (const p of billingMonths(from ?? contract.startDate.slice(0, 10), contract.endDate.slice(0, 10))) {
    state.units.push({
      id: newId(state), contractID: contract.id, contractServiceID: cs.id, serviceID: cs.serviceID,
      startDate: p.start, endDate: p.end, periodStart: p.start, periodEnd: p.end, units, fromAdjustment: false,
    });
  }
}

/** The REST shape of a units row: prices are extended and prorated (WYRE-AI/autotask-mcp PR #284). */
export function unitsRowJson(state: SandboxState, r: ServiceUnitsRow, byId?: Map<number, ContractService>): Record<string, unknown> {
  const cs = byId ? byId.get(r.contractServiceID) : state.contractServices.find((x) => x.id === r.contractServiceID);
  const share = billedShare(r);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    id: r.id, contractID: r.contractID, contractServiceID: r.contractServiceID, serviceID: r.serviceID,
    startDate: atDate(r.startDate), endDate: atDate(r.endDate), units: r.units,
    price: round(r.units * (cs?.internalCurrencyAdjustedPrice ?? cs?.unitPrice ?? 0) * share), cost: round(r.units * (cs?.unitCost ?? 0) * share),
    internalCurrencyPrice: round(r.units * (cs?.unitPrice ?? 0) * share), approveAndPostDate: r.approveAndPostDate ?? null,
    organizationalLevelAssociationID: null, vendorCompanyID: null,
  };
}

export const isRecurring = (c: Contract) => c.contractType === AUTOTASK_FACTS.recurringServiceContractType;
