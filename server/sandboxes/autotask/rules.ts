/**
 * Autotask's rules for ContractServiceAdjustment creates, applied to the sandbox state. Texts in quotes
 * are Autotask's own where research found them (research 1.7, 2.6, 2.7); the others are ours and say so.
 * Docs: https://www.autotask.net/help/DeveloperHelp/Content/APIs/REST/Entities/ContractServiceAdjustmentsEntity.htm
 */
import { adjustUnits, rowInForce, type PeriodRow } from './unit-periods.js';
import { AUTOTASK_TEXTS, atDate, dateOf, plusDays } from './vendor.js';
import { addPeriodRows, isRecurring, newId, type Contract, type ContractService, type SandboxState, type ServiceUnitsRow } from './state.js';

export interface AdjustmentInput {
  contractID?: unknown;
  contractServiceID?: unknown;
  serviceID?: unknown;
  effectiveDate?: unknown;
  unitChange?: unknown;
}

export type AdjustmentResult = { ok: true; id: number } | { ok: false; message: string };

// The exact negative-units text is not public (research 2.7: "message contains 'negative'"); this is ours.
export const NEGATIVE_UNITS = 'ContractServiceAdjustment unitChange would make the units of the ContractService negative.';

const int = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : null);

export function applyAdjustment(state: SandboxState, input: AdjustmentInput, via: 'rest' | 'soap', now: Date): AdjustmentResult {
  const contractID = int(input.contractID);
  const unitChange = int(input.unitChange);
  const date = dateOf(input.effectiveDate);
  if (contractID === null) return { ok: false, message: 'contractID is required.' };
  if (unitChange === null) return { ok: false, message: 'unitChange is required and must be a whole number.' };
  if (!date) return { ok: false, message: 'effectiveDate is required.' };
  const contract = state.contracts.find((c) => c.id === contractID);
  if (!contract) return { ok: false, message: `Contract with id ${contractID} does not exist.` };
  if (!isRecurring(contract)) return { ok: false, message: 'contractID must reference a Recurring Service type Contract (Contract.ContractType = 7).' };
  if (date < contract.startDate.slice(0, 10) || date > contract.endDate.slice(0, 10)) {
    return { ok: false, message: AUTOTASK_TEXTS.effectiveDateOutsideContract };
  }
  const csId = int(input.contractServiceID);
  const serviceId = int(input.serviceID);
  let cs = csId !== null ? state.contractServices.find((x) => x.id === csId) : undefined;
  if (csId !== null && (!cs || cs.contractID !== contractID)) {
    return { ok: false, message: `ContractService with id ${csId} does not exist on the Contract referenced by contractID.` };
  }
  if (!cs) {
    if (serviceId === null) return { ok: false, message: 'Either contractServiceID or serviceID is required.' };
    const service = state.services.find((s) => s.id === serviceId);
    if (!service) return { ok: false, message: `Service with id ${serviceId} does not exist.` };
    cs = state.contractServices.find((x) => x.contractID === contractID && x.serviceID === serviceId);
    if (!cs) {
      // "If the API cannot find the correct ContractService entity, it will create it." (entity doc)
      cs = { id: newId(state), contractID, serviceID: serviceId, unitPrice: service.unitPrice, unitCost: service.unitCost,
        internalCurrencyAdjustedPrice: null, invoiceDescription: service.invoiceDescription, internalDescription: null };
      state.contractServices.push(cs);
      addPeriodRows(state, contract, cs, 0);
    }
  }
  const target = cs;
  // One pass splits the service's rows from the others (a provider's sandbox holds 100k+ rows).
  const mine: ServiceUnitsRow[] = [];
  const others: ServiceUnitsRow[] = [];
  for (const r of state.units) (r.contractServiceID === target.id ? mine : others).push(r);
  const changed = adjustUnits(mine, date, unitChange, (r, patch) => ({ ...r, ...patch }) as ServiceUnitsRow);
  if (!changed.ok) {
    if (changed.why === 'duplicate') return { ok: false, message: AUTOTASK_TEXTS.duplicatePeriod };
    if (changed.why === 'negative') return { ok: false, message: NEGATIVE_UNITS };
    return { ok: false, message: AUTOTASK_TEXTS.effectiveDateOutsideContract };
  }
  if (changed.opened) changed.opened.id = newId(state);
  for (const r of changed.rows) others.push(r);
  state.units = others;
  const id = newId(state);
  state.adjustments.push({ id, contractID, contractServiceID: target.id, serviceID: target.serviceID, effectiveDate: date,
    unitChange, via, acceptedAt: now.toISOString() });
  return { ok: true, id };
}

/** Hand edit in the Autotask UI (drift): the units from `date` on become `units`, no adjustment logged. */
export function setUnitsByHand(state: SandboxState, contractServiceID: number, date: string, units: number): boolean {
  const rows = state.units.filter((r) => r.contractServiceID === contractServiceID && r.endDate >= date);
  if (!rows.length) return false;
  for (const r of rows) r.units = units;
  return true;
}

/** Extend a contract's end date and bill the new periods with the units on the old end date. */
export function extendContract(state: SandboxState, contractId: number, endDate: string): boolean {
  const contract = state.contracts.find((c) => c.id === contractId);
  if (!contract) return false;
  const oldEnd = contract.endDate.slice(0, 10);
  if (endDate <= oldEnd) return false;
  contract.endDate = `${endDate}T00:00:00`;
  for (const cs of state.contractServices.filter((x) => x.contractID === contractId)) {
    const rows = state.units.filter((r) => r.contractServiceID === cs.id);
    const last = rows.reduce<PeriodRow | undefined>((a, r) => (!a || r.startDate > a.startDate ? r : a), undefined);
    // The old last period may have been cut short by the old end date: grow it to its month's end.
    const lastRow = last as ServiceUnitsRow | undefined;
    let from = oldEnd;
    if (lastRow) {
      const monthEnd = new Date(Date.UTC(+oldEnd.slice(0, 4), +oldEnd.slice(5, 7), 0)).toISOString().slice(0, 10);
      const grown = monthEnd < endDate ? monthEnd : endDate;
      for (const r of rows) if (r.periodEnd === oldEnd) { r.periodEnd = grown; if (r.endDate === oldEnd) r.endDate = grown; }
      from = grown;
    }
    const next = new Date(Date.parse(`${from}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    if (next <= endDate) addPeriodRows(state, contract, cs, lastRow?.units ?? 0, next);
  }
  return true;
}

/**
 * Approve & Post (Admin > Contracts > Approve & Post): the periods of a contract that end on or before
 * `through` are posted (billed revenue) and their ContractServiceUnits rows carry `approveAndPostDate`.
 * A later adjustment dated inside a posted period is still accepted: posted rows keep their approveAndPostDate,
 * and the row the adjustment opens is a new, unposted billing item (a prorated catch-up on the next Approve & Post). Sources:
 * Datto KB "Autotask PSA: Edits to recurring service contracts created unwanted prorations" (edits dated back
 * create prorated billing lines that cannot be deleted, only offset or un-posted); Autotask help "Approving and
 * posting billing items" (posted items are billed, edited only by un-posting); research autotask.md 2.7.
 * How the posted row itself reads afterwards is UNVERIFIED (docs/vendor-notes.md).
 */
export function approveAndPost(state: SandboxState, contractId: number, through: string, now: Date): number {
  let n = 0;
  for (const r of state.units) {
    if (r.contractID !== contractId || r.periodEnd > through || r.approveAndPostDate) continue;
    r.approveAndPostDate = now.toISOString().replace(/\.\d{3}Z$/, '');
    n++;
  }
  return n;
}

/**
 * The Renew Contract wizard (Autotask help "Renewing a recurring service contract",
 * ww16.autotask.net/help/content/3_Features/6_Contracts/CreateManageContract/RenewContract.htm): only recurring
 * service contracts renew, and only once; the new contract is named "Renewal of <name>", keeps organization and
 * period type, starts the day after the original ends (a year long by default here), and takes over the unit counts
 * of its services on the renewal date; an original still active then is ended the day before. Which side carries
 * `renewedContractID` is UNVERIFIED: here the new contract names the one it renews.
 */
export function renewContract(state: SandboxState, contractId: number, opts: { startDate?: string; endDate?: string } = {}): { id: number } | { error: string } {
  const old = state.contracts.find((c) => c.id === contractId);
  if (!old) return { error: `Contract ${contractId} does not exist.` };
  if (!isRecurring(old)) return { error: 'Contract renewal is only available for recurring service contracts.' };
  if (state.contracts.some((c) => c.renewedContractID === contractId)) return { error: 'A contract can only be renewed once.' };
  const oldEnd = dateOf(old.endDate)!;
  const start = opts.startDate ?? plusDays(oldEnd, 1);
  const end = opts.endDate ?? plusDays(`${String(Number(start.slice(0, 4)) + 1)}${start.slice(4)}`, -1);
  if (end < start) return { error: 'The end date of the renewal must not be before its start date.' };
  const id = newId(state);
  const renewal: Contract = { ...old, id, contractName: `Renewal of ${old.contractName}`.slice(0, 100), contractNumber: `${old.contractNumber}-R`, startDate: atDate(start), endDate: atDate(end), renewedContractID: old.id };
  state.contracts.push(renewal);
  const carried = plusDays(start, -1) <= oldEnd ? plusDays(start, -1) : oldEnd;
  for (const cs of state.contractServices.filter((x) => x.contractID === old.id)) {
    const units = rowInForce(state.units.filter((r) => r.contractServiceID === cs.id), carried)?.units ?? 0;
    const copy: ContractService = { ...cs, id: newId(state), contractID: id };
    state.contractServices.push(copy);
    addPeriodRows(state, renewal, copy, units);
  }
  if (oldEnd >= start) old.endDate = atDate(plusDays(start, -1));
  return { id };
}

export interface Snapshot { units: ServiceUnitsRow[]; contractServices: SandboxState['contractServices']; adjustments: SandboxState['adjustments']; nextId: number }
export const snapshot = (s: SandboxState): Snapshot => ({ units: s.units.map((r) => ({ ...r })), contractServices: [...s.contractServices], adjustments: [...s.adjustments], nextId: s.nextId });
export function restore(s: SandboxState, snap: Snapshot): void {
  s.units = snap.units; s.contractServices = snap.contractServices; s.adjustments = snap.adjustments; s.nextId = snap.nextId;
}

export interface ContractServiceInput { contractID?: unknown; serviceID?: unknown; unitPrice?: unknown; unitCost?: unknown; internalDescription?: unknown; invoiceDescription?: unknown }

/**
 * A service added to a Recurring Service contract (`POST /V1.0/Contracts/{parentId}/Services`), with no units:
 * units come from adjustments. "On Create(), contractID must reference a Recurring Service type Contract"
 * (REST ContractServicesEntity). internalDescription is settable here only: on update just adjustedPrice and
 * invoiceDescription are. A second contract service of the same service is refused (ours: Autotask repeats a
 * service only through ContractServiceAdjustment.allowRepeatService).
 */
export function createContractService(state: SandboxState, input: ContractServiceInput): AdjustmentResult {
  const contractID = int(input.contractID);
  const serviceID = int(input.serviceID);
  if (contractID === null) return { ok: false, message: 'contractID is required.' };
  if (serviceID === null) return { ok: false, message: 'serviceID is required.' };
  const contract = state.contracts.find((c) => c.id === contractID);
  if (!contract) return { ok: false, message: `Contract with id ${contractID} does not exist.` };
  if (!isRecurring(contract)) return { ok: false, message: 'contractID must reference a Recurring Service type Contract (Contract.ContractType = 7).' };
  const service = state.services.find((s) => s.id === serviceID);
  if (!service) return { ok: false, message: `Service with id ${serviceID} does not exist.` };
  if (state.contractServices.some((x) => x.contractID === contractID && x.serviceID === serviceID)) {
    return { ok: false, message: `The Service with id ${serviceID} is already on the Contract with id ${contractID}.` };
  }
  const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);
  const text = (v: unknown, d: string | null) => (typeof v === 'string' ? v : d);
  const cs: ContractService = { id: newId(state), contractID, serviceID, unitPrice: num(input.unitPrice, service.unitPrice), unitCost: num(input.unitCost, service.unitCost),
    internalCurrencyAdjustedPrice: null, invoiceDescription: text(input.invoiceDescription, service.invoiceDescription), internalDescription: text(input.internalDescription, null) };
  state.contractServices.push(cs);
  addPeriodRows(state, contract, cs, 0);
  return { ok: true, id: cs.id };
}
