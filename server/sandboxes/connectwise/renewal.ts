/**
 * How an MSP renews a ConnectWise agreement (issue 12, item 4, sandbox side). ConnectWise has no renew action:
 *  - extend: the same agreement gets a later `endDate` (additions stay where they are);
 *  - copy: the agreement screen's Copy "copies the agreement, including Additions, Work Roles, Work Types, and
 *    Attachments. Start Date, End Date, and Billing Start Date reset to today" (betterinvoice.io ConnectWise
 *    reference, "The Agreement Tab", toolbar Copy); the MSP then sets the new term's dates.
 * Which additions a copy carries (all, or only those not cancelled) and their effective dates are
 * [unverified]: here the additions live on the day the copy starts are copied, effective that day.
 */
import type { SandboxState } from './state.js';
import type { CwAgreement } from './wire.js';

const at = (day: string) => `${day}T00:00:00Z`;
const dayOf = (v: unknown) => (typeof v === 'string' ? v.slice(0, 10) : null);

export function extendAgreement(state: SandboxState, id: number, endDate: string): { id: number } | { error: string } {
  const a = state.agreements.get(id);
  if (!a) return { error: `Agreement ${id} does not exist.` };
  if ((dayOf(a.startDate) ?? '') > endDate) return { error: 'The end date must not be before the start date.' };
  a.endDate = at(endDate);
  a.noEndingDateFlag = false;
  return { id };
}

/** Copy `id` as a new agreement running `startDate` (default today) to `endDate` (default none). */
export function copyAgreement(state: SandboxState, id: number, today: string, opts: { startDate?: string; endDate?: string } = {}): { id: number } | { error: string } {
  const a = state.agreements.get(id);
  if (!a) return { error: `Agreement ${id} does not exist.` };
  const start = opts.startDate ?? today;
  if (opts.endDate && opts.endDate < start) return { error: 'The end date must not be before the start date.' };
  const newId = Math.max(...state.agreements.keys()) + 1;
  const copy: CwAgreement = {
    ...a, id: newId, name: a.name, startDate: at(start), billStartDate: at(start),
    ...(opts.endDate ? { endDate: at(opts.endDate), noEndingDateFlag: false } : { endDate: undefined, noEndingDateFlag: true }),
    cancelledFlag: false, dateCancelled: undefined, internalNotes: undefined,
  };
  state.agreements.set(newId, copy);
  for (const x of state.additionsOf(id)) {
    const effective = dayOf(x.effectiveDate) ?? '0000-01-01';
    const cancelled = dayOf(x.cancelledDate);
    if (effective > start || (cancelled !== null && cancelled < start)) continue;
    const additionId = state.takeAdditionId();
    state.additions.set(additionId, { ...x, id: additionId, agreementId: newId, effectiveDate: at(start), cancelledDate: undefined });
  }
  return { id: newId };
}
