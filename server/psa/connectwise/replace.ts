/**
 * The default way to post a count change to ConnectWise (additionStyle 'replace'): end the product's current
 * addition the day before the change (`cancelledDate`, the last day it bills) and add one at the new total,
 * effective the change date. That is the pattern Sync 365 License's cut-over guide and Cloud.im describe
 * (research connectwise.md "How ConnectWise prorates"), and it does not depend on ConnectWise accepting a
 * negative addition quantity (unverified). The `+n/-n` delta addition stays available (additionStyle 'delta').
 *
 * Invariant, whatever order changes are posted in: a replace at d raises the units of every day from d on by
 * exactly the change, and leaves the days before d alone. Changes do post out of date order (a decrease dated
 * the next period is posted before an increase dated today), so the replace also carries its change into the
 * additions that start after d: the new addition ends the day before the first of them, and each of them has
 * its quantity edited by the change. (The long soak found replaces that ended only the additions live on d:
 * a later-dated addition then billed beside the new one.)
 *
 * The product's additions form a chain: one addition bills at a time, each ending the day before the next
 * starts. Plans keep that chain. A product whose additions are not a chain (lines entered by hand that overlap,
 * or `+n/-n` lines from the delta style) gets a `+n` addition instead, which keeps the invariant as plainly;
 * a decrease there is refused rather than posted as a negative quantity.
 * Days after the chain's last end (an agreement cancelled or ended) bill nothing and are left so.
 *
 * Exactly-once: every write carries the adjustment's marker in the addition's `description`: the new addition
 * `[IDSync id]`, an edited one `[IDSync id edit]` (quantity and marker in one PATCH), the `+n` addition
 * `[IDSync id delta]`. The first write is the commit point; `pendingSteps` (run before an unknown outcome is
 * settled) finds what a landed replace still owes: later additions without the edit marker, and, for a new
 * addition, older ones still live on d. It plans nothing when no marker landed; the units on d then tell.
 */
import type { IsoDate } from '../types.js';
import { toCwDate, fromCwDate } from './facts.js';
import type { CwAddition, CwPatchOperation } from './wire.js';
import { isLive } from './units.js';
import { markedDescription, type LineOwner } from '../../domain/ownership.js';

export const markerOf = (adjustmentId: string) => `[IDSync ${adjustmentId}]`;
const editMarkerOf = (adjustmentId: string) => `[IDSync ${adjustmentId} edit]`;
const deltaMarkerOf = (adjustmentId: string) => `[IDSync ${adjustmentId} delta]`;
const shiftDay = (d: IsoDate, days: number) => new Date(Date.parse(`${d}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const dayBefore = (d: IsoDate) => shiftDay(d, -1);
const round = (n: number) => Math.round(n * 1e6) / 1e6;

export type ReplaceStep =
  | { kind: 'edit'; additionId: number; ops: CwPatchOperation[] }
  /** A new addition effective the change date, billing through `until` when given. */
  | { kind: 'add'; quantity: number; description: string; until?: IsoDate }
  | { kind: 'cancel'; additionId: number; ops: CwPatchOperation[] };
export type PatchStep = Exclude<ReplaceStep, { kind: 'add' }>;

interface Span { a: CwAddition & { id: number }; from: IsoDate | null; to: IsoDate | null }

const spanOf = (a: CwAddition): Span | null => {
  const from = fromCwDate(a.effectiveDate);
  const to = fromCwDate(a.cancelledDate);
  if (a.id == null || (from && to && to < from)) return null; // never bills
  return { a: a as Span['a'], from, to };
};
const spans = (additions: readonly CwAddition[]) => additions.map(spanOf).filter((s): s is Span => s !== null);
const qty = (s: Span) => s.a.quantity ?? 0;
const has = (s: Span, marker: string) => typeof s.a.description === 'string' && s.a.description.includes(marker);
const oursFor = (s: Span, adjustmentId: string) => has(s, markerOf(adjustmentId)) || has(s, editMarkerOf(adjustmentId)) || has(s, deltaMarkerOf(adjustmentId));

/** Quantity + change, marked, in one PATCH; old edit markers beyond a few are dropped so the text stays short. */
function editStep(s: Span, change: number, adjustmentId: string): PatchStep {
  let description = `${s.a.description ?? ''} ${editMarkerOf(adjustmentId)}`.trim();
  while (description.length > 400 && /\[IDSync [^\]]+ edit\]/.test(description)) description = description.replace(/ ?\[IDSync [^\]]+ edit\]/, '');
  return { kind: 'edit', additionId: s.a.id, ops: [{ op: 'replace', path: 'quantity', value: round(qty(s) + change) }, { op: 'replace', path: 'description', value: description }] };
}

/** What bills from d on: the additions live on d (one end for all) and, contiguous after them, those that start later. */
function chainFrom(all: readonly Span[], d: IsoDate): { live: Span[]; later: Span[]; end: IsoDate | null } | null {
  const live = all.filter((s) => isLive(s.a, d));
  const later = all.filter((s) => s.from !== null && s.from > d).sort((x, y) => (x.from! < y.from! ? -1 : 1));
  const ends = new Set(live.map((s) => s.to));
  if (ends.size > 1) return null;
  let end: IsoDate | null = live.length ? live[0]!.to : later.length ? dayBefore(later[0]!.from!) : null;
  for (const s of later) {
    if (end === null || shiftDay(end, 1) !== s.from) return null; // overlap or gap
    end = s.to;
  }
  return { live, later, end };
}

/**
 * The writes that raise one product's units on an agreement by `unitChange` on every day from `effectiveDate` on,
 * given its additions (all of them, any date). Null when some day from then on would go below zero.
 */
export function planReplace(additions: readonly CwAddition[], effectiveDate: IsoDate, unitChange: number, adjustmentId: string, text: string, owner?: LineOwner): ReplaceStep[] | null {
  const all = spans(additions);
  const chain = chainFrom(all, effectiveDate);
  const now = round(all.filter((s) => isLive(s.a, effectiveDate)).reduce((n, s) => n + qty(s), 0));
  if (!chain) {
    if (unitChange < 0 || now + unitChange < 0) return null;
    return [{ kind: 'add', quantity: unitChange, description: markedDescription(text, owner ?? null, deltaMarkerOf(adjustmentId)) }];
  }
  if (now + unitChange < 0 || chain.later.some((s) => qty(s) + unitChange < 0)) return null;
  const carry = chain.later.map((s) => editStep(s, unitChange, adjustmentId));
  const sameDay = chain.live.filter((s) => s.from === effectiveDate && qty(s) + unitChange >= 0).sort((x, y) => y.a.id - x.a.id)[0];
  // It began on d: its whole life is from d on, so editing it loses no history.
  if (sameDay) return [editStep(sameDay, unitChange, adjustmentId), ...carry];
  const until = chain.later.length ? dayBefore(chain.later[0]!.from!) : (chain.end ?? undefined);
  const add: ReplaceStep = { kind: 'add', quantity: round(now + unitChange), description: markedDescription(text, owner ?? null, markerOf(adjustmentId)), ...(until ? { until } : {}) };
  return [add, ...carry, ...endOld(chain.live, effectiveDate, adjustmentId)];
}

/**
 * What a replace ends besides its own addition: additions live on d that began earlier are cancelled the day
 * before; any that began on d bill nothing of the old count, so their quantity goes to 0.
 */
function endOld(live: readonly Span[], d: IsoDate, adjustmentId: string): PatchStep[] {
  return live
    .filter((s) => !oursFor(s, adjustmentId) && (s.from === null || s.from < d || qty(s) !== 0))
    .map((s): PatchStep => (s.from === null || s.from < d
      ? { kind: 'cancel', additionId: s.a.id, ops: [{ op: 'replace', path: 'cancelledDate', value: toCwDate(dayBefore(d)) }] }
      : { kind: 'edit', additionId: s.a.id, ops: [{ op: 'replace', path: 'quantity', value: 0 }] }));
}

/** The writes a replace still owes once its first write landed; none when no write of `adjustmentId` landed. */
export function pendingSteps(additions: readonly CwAddition[], effectiveDate: IsoDate, unitChange: number, adjustmentId: string): PatchStep[] {
  const all = spans(additions);
  const added = all.some((s) => has(s, markerOf(adjustmentId)));
  if (!added && !all.some((s) => has(s, editMarkerOf(adjustmentId)))) return []; // not landed, or a +n addition (one write)
  const carry = all.filter((s) => s.from !== null && s.from > effectiveDate && !oursFor(s, adjustmentId)).map((s) => editStep(s, unitChange, adjustmentId));
  return added ? [...carry, ...endOld(all.filter((s) => isLive(s.a, effectiveDate)), effectiveDate, adjustmentId)] : carry;
}
