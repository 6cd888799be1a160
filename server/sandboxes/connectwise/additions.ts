/**
 * Agreement additions in the sandbox: create (POST) and JSON-Patch-like update (PATCH), with the checks
 * ConnectWise makes and its error shape. Required: `product` (by id or identifier) and `billCustomer`
 * (Billable|DoNotBill|NoCharge) — spec schema Addition. Rules beyond the spec (inactive/bundle product,
 * cancelled agreement, cancelledDate before effectiveDate) are documented ConnectWise behaviour
 * (research 2 "Catalog product", "How ConnectWise prorates") with our own message texts.
 */
import { daysIncl, periodOf } from './cycles.js';
import { cwDay } from './vendor.js';
import type { CwAddition, CwAgreement, CwValidationError, CwPatchOperation } from './wire.js';
import { fieldError } from './respond.js';
import type { SandboxState } from './state.js';

const R = 'addition';
const BILL = ['Billable', 'DoNotBill', 'NoCharge'];
const DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?)?$/;
const PATCHABLE = new Set(['product', 'quantity', 'lessIncluded', 'unitPrice', 'unitCost', 'billCustomer', 'effectiveDate', 'cancelledDate', 'taxableFlag', 'serialNumber', 'invoiceDescription', 'description', 'purchaseItemFlag', 'specialOrderFlag', 'prorateCurrentPeriodFlag']);

const isNum = (v: unknown) => v === null || v === undefined || (typeof v === 'number' && Number.isFinite(v));
const round2 = (n: number) => Math.round(n * 100) / 100;

/** ConnectWise writes datetimes without milliseconds, in UTC. */
const cwDateTime = (v: string) => {
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
};

/** Field problems of an addition as it would be saved; empty when it may be saved. */
export function checkAddition(state: SandboxState, agreement: CwAgreement, a: Record<string, unknown>): CwValidationError[] {
  const errors: CwValidationError[] = [];
  const product = a.product as { id?: unknown; identifier?: unknown } | null | undefined;
  if (!product || typeof product !== 'object' || (product.id == null && !product.identifier)) {
    errors.push(fieldError(R, 'product', 'NullValue', 'The product field is required.'));
  } else {
    const item = findProduct(state, product);
    if (!item) errors.push(fieldError(R, 'product', 'InvalidField', 'Product was not found in the product catalog.'));
    else if (item.inactiveFlag) errors.push(fieldError(R, 'product', 'InvalidField', `Product ${item.identifier} is inactive.`));
    else if (item.productClass === 'Bundle') errors.push(fieldError(R, 'product', 'InvalidField', 'Bundle products cannot be added to an agreement.'));
  }
  if (a.billCustomer == null) errors.push(fieldError(R, 'billCustomer', 'NullValue', 'The billCustomer field is required.'));
  else if (!BILL.includes(String(a.billCustomer))) errors.push(fieldError(R, 'billCustomer', 'InvalidField', `billCustomer must be one of ${BILL.join(', ')}.`));
  for (const f of ['quantity', 'lessIncluded', 'unitPrice', 'unitCost']) {
    if (!isNum(a[f])) errors.push(fieldError(R, f, 'InvalidField', `The ${f} field must be a number.`));
  }
  if (state.refuseNegativeQuantity && typeof a.quantity === 'number' && a.quantity < 0) {
    errors.push(fieldError(R, 'quantity', 'InvalidField', 'The quantity field must be zero or more.')); // our text: the real one is not public
  }
  for (const f of ['effectiveDate', 'cancelledDate']) {
    const v = a[f];
    if (v != null && (typeof v !== 'string' || !DATE.test(v) || Number.isNaN(Date.parse(v)))) {
      errors.push(fieldError(R, f, 'InvalidField', `The ${f} field is not a valid date.`));
    }
  }
  const eff = cwDay(a.effectiveDate);
  const can = cwDay(a.cancelledDate);
  if (eff && can && can < eff) errors.push(fieldError(R, 'cancelledDate', 'InvalidField', 'The cancelled date cannot be before the effective date.'));
  if (typeof a.serialNumber === 'string' && a.serialNumber.length > 50) errors.push(fieldError(R, 'serialNumber', 'TooLong', 'serialNumber may be at most 50 characters.'));
  if (typeof a.invoiceDescription === 'string' && a.invoiceDescription.length > 6000) {
    errors.push(fieldError(R, 'invoiceDescription', 'TooLong', 'invoiceDescription may be at most 6000 characters.'));
  }
  if (agreement.cancelledFlag) errors.push(fieldError(R, 'agreementId', 'InvalidField', 'Additions cannot be added to or changed on a cancelled agreement.'));
  return errors;
}

export function findProduct(state: SandboxState, ref: { id?: unknown; identifier?: unknown }) {
  if (typeof ref.id === 'number') return state.catalog.get(ref.id) ?? null;
  if (typeof ref.identifier === 'string') {
    const want = ref.identifier.toLowerCase();
    for (const p of state.catalog.values()) if (p.identifier.toLowerCase() === want) return p;
  }
  return null;
}

/** Derived fields ConnectWise fills in: product reference, defaults from the catalog, extended and prorated amounts. */
export function complete(state: SandboxState, agreement: CwAgreement, a: Record<string, unknown>, today: string, who: string, at?: Date): CwAddition {
  const item = findProduct(state, a.product as { id?: unknown; identifier?: unknown })!;
  const quantity = typeof a.quantity === 'number' ? a.quantity : 0;
  const unitPrice = typeof a.unitPrice === 'number' ? a.unitPrice : (item.price ?? 0);
  const unitCost = typeof a.unitCost === 'number' ? a.unitCost : (item.cost ?? 0);
  const effectiveDate = typeof a.effectiveDate === 'string' ? cwDateTime(a.effectiveDate) : `${today}T00:00:00Z`;
  const out: CwAddition = {
    ...(a as Partial<CwAddition>),
    id: a.id as number,
    product: { id: item.id, identifier: item.identifier },
    quantity,
    lessIncluded: typeof a.lessIncluded === 'number' ? a.lessIncluded : 0,
    unitPrice,
    unitCost,
    billCustomer: a.billCustomer as CwAddition['billCustomer'],
    effectiveDate,
    taxableFlag: typeof a.taxableFlag === 'boolean' ? a.taxableFlag : ((item.taxableFlag as boolean | undefined) ?? false),
    agreementId: agreement.id,
    description: typeof a.description === 'string' ? a.description : item.description,
    uom: 'Each',
    extPrice: round2(unitPrice * quantity),
    extCost: round2(unitCost * quantity),
    margin: round2((unitPrice - unitCost) * quantity),
    prorateCurrentPeriodFlag: a.prorateCurrentPeriodFlag === true,
  };
  if (typeof a.cancelledDate === 'string') out.cancelledDate = cwDateTime(a.cancelledDate);
  else delete out.cancelledDate;
  // Proration happens only on agreements with "Prorate Agreement" on (prorateFlag).
  const eff = effectiveDate.slice(0, 10);
  const period = periodOf(agreement, eff);
  const share = agreement.prorateFlag && period.start !== eff ? daysIncl(eff, period.end) / daysIncl(period.start, period.end) : 1;
  out.proratePrice = round2(unitPrice * share);
  out.prorateCost = round2(unitCost * share);
  out.extendedProratePrice = round2(unitPrice * share * quantity);
  out.extendedProrateCost = round2(unitCost * share * quantity);
  const stamp = (at ?? new Date(Date.parse(`${today}T12:00:00Z`))).toISOString().replace(/\.\d{3}Z$/, 'Z');
  out._info = { ...(out._info ?? {}), lastUpdated: stamp, updatedBy: who, ...(a._info ? {} : { dateEntered: stamp, enteredBy: who }) };
  return out;
}

/** Apply PATCH operations to a copy; errors name the operation's path. */
export function applyPatch(current: CwAddition, ops: unknown): { next: Record<string, unknown> } | { errors: CwValidationError[] } {
  if (!Array.isArray(ops) || ops.length === 0) return { errors: [fieldError(R, 'body', 'InvalidField', 'The body must be a non-empty array of patch operations.')] };
  const next: Record<string, unknown> = structuredClone(current) as Record<string, unknown>;
  const errors: CwValidationError[] = [];
  for (const raw of ops as CwPatchOperation[]) {
    const field = typeof raw?.path === 'string' ? raw.path.replace(/^\//, '') : '';
    if (!raw || !['add', 'replace', 'remove'].includes(raw.op)) {
      errors.push(fieldError(R, field || 'op', 'InvalidField', `Unsupported patch operation '${String(raw?.op)}'.`));
    } else if (!PATCHABLE.has(field)) {
      errors.push(fieldError(R, field || 'path', 'InvalidField', `The field '${field}' cannot be patched.`));
    } else if (raw.op === 'remove') {
      delete next[field];
    } else {
      next[field] = raw.value;
    }
  }
  return errors.length ? { errors } : { next };
}
