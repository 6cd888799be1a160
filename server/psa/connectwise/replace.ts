/**
 * NOT YET THE DEFAULT, and not offered by the connection screen: the long soak (`npm run soak -- --long`, 1,007
 * kills) found replaces that bill wrong when changes post out of date order (a decrease dated the next period
 * posted before an increase dated today: the later replace ends only the additions live on its own date, so a
 * future-dated addition keeps billing beside it). Posting uses the `+n/-n` delta addition until replace also
 * carries its change into later-dated additions. What follows is the design as built.
 *
 * A way to post a count change to ConnectWise: end the product's current addition the day before
 * the change (`cancelledDate`, the last day it bills) and add one at the new total, effective the change date.
 * That is the pattern Sync 365 License's cut-over guide and Cloud.im describe (research connectwise.md "How
 * ConnectWise prorates"), and it does not depend on ConnectWise accepting a negative addition quantity
 * (unverified). The `+n/-n` delta addition stays available per tenant (additionStyle = 'delta').
 *
 * Exactly-once: the new addition is written first and carries our adjustment id in its `description`, and the
 * cancels come after it. So "our addition exists" is the commit point: `finishReplace` (run before an unknown
 * outcome is settled) completes the cancels of a replace whose addition landed, and does nothing otherwise,
 * after which the units on the date tell whether the change landed. A second change on the same day edits the
 * addition that started that day (one write, settled by the units like a delta).
 */
import type { IsoDate } from '../types.js';
import { toCwDate, fromCwDate } from './facts.js';
import type { CwAddition, CwPatchOperation } from './wire.js';
import { isLive } from './units.js';
import { markedDescription, type LineOwner } from '../../domain/ownership.js';

export const markerOf = (adjustmentId: string) => `[IDSync ${adjustmentId}]`;
const dayBefore = (d: IsoDate) => new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

export type ReplaceStep =
  | { kind: 'edit'; additionId: number; ops: CwPatchOperation[] }
  | { kind: 'add'; quantity: number; description: string }
  | { kind: 'cancel'; additionId: number; ops: CwPatchOperation[] };
export type PatchStep = Exclude<ReplaceStep, { kind: 'add' }>;

const startedBefore = (a: CwAddition, d: IsoDate) => (fromCwDate(a.effectiveDate) ?? '') < d;
const cancelOps = (effectiveDate: IsoDate): CwPatchOperation[] => [{ op: 'replace', path: 'cancelledDate', value: toCwDate(dayBefore(effectiveDate)) }];

/**
 * What a replace ends, besides our own addition: additions billing on the change date that began earlier are
 * cancelled the day before; any that began that very day bill nothing of the old count, so their quantity goes to 0.
 */
function endOld(additions: readonly CwAddition[], effectiveDate: IsoDate, mine: CwAddition | undefined): PatchStep[] {
  return additions
    .filter((a) => a !== mine && a.id != null && isLive(a, effectiveDate))
    .filter((a) => startedBefore(a, effectiveDate) || (a.quantity ?? 0) !== 0)
    .map((a): PatchStep => (startedBefore(a, effectiveDate)
      ? { kind: 'cancel', additionId: a.id!, ops: cancelOps(effectiveDate) }
      : { kind: 'edit', additionId: a.id!, ops: [{ op: 'replace', path: 'quantity', value: 0 }] }));
}

/**
 * The writes that take one product on an agreement from its units on `effectiveDate` to units + change, given
 * its additions (all of them, any date). Null when the change would take the units below zero.
 */
export function planReplace(additions: readonly CwAddition[], effectiveDate: IsoDate, unitChange: number, adjustmentId: string, text: string, owner?: LineOwner): ReplaceStep[] | null {
  const live = additions.filter((a) => isLive(a, effectiveDate));
  const total = Math.round((live.reduce((s, a) => s + (a.quantity ?? 0), 0) + unitChange) * 1e6) / 1e6;
  if (total < 0) return null;
  const sameDay = live.filter((a) => fromCwDate(a.effectiveDate) === effectiveDate && a.id != null).sort((a, b) => (b.id ?? 0) - (a.id ?? 0))[0];
  if (sameDay && (sameDay.quantity ?? 0) + unitChange >= 0) {
    // It began today: its whole life has the new count, so editing it loses no history.
    return [{ kind: 'edit', additionId: sameDay.id!, ops: [{ op: 'replace', path: 'quantity', value: (sameDay.quantity ?? 0) + unitChange }] }];
  }
  const description = markedDescription(text, owner ?? null, markerOf(adjustmentId));
  return [{ kind: 'add', quantity: total, description }, ...endOld(additions, effectiveDate, undefined)];
}

/** The cancels a replace still owes: none unless our addition for `adjustmentId` landed. */
export function pendingCancels(additions: readonly CwAddition[], effectiveDate: IsoDate, adjustmentId: string): PatchStep[] {
  const mine = additions.find((a) => typeof a.description === 'string' && a.description.includes(markerOf(adjustmentId)));
  if (!mine) return [];
  return endOld(additions, effectiveDate, mine);
}
