/**
 * Same-day merge. Autotask refuses two adjustments for one contract service on one date ("Attempt to
 * insert duplicate data into contract_service_period"), so a new delta is folded into the resource's
 * not-yet-posted row of that date, and a merged delta of zero cancels the row. Only rows that certainly
 * did not take effect may change (landing.ts): `planned`, and `failed` when the PSA refused it as not saved
 * or nothing was sent. A row that may have landed (`posting`/`unknown`, `failed` after an outage answer to
 * the write) or is `posted` is history until settled; when one of those, or another resource's row,
 * already holds the service's date, the new delta moves to the next free day (the PSA rule allows one
 * adjustment per service per date; one day later costs a day of proration, a rejection costs the change).
 */
import { addDays, type IsoDate } from './dates.js';
import { certainlyUnsent } from './landing.js';

export type RowStatus = 'planned' | 'held' | 'posting' | 'posted' | 'failed' | 'unknown' | 'superseded' | 'cancelled';

export interface PendingRow {
  id: string;
  /** tenant's subscription|resource: whose row it is. */
  resourceKey: string;
  /** contract|service in the PSA: what the PSA's same-day rule is about. */
  serviceKey: string;
  effectiveDate: IsoDate;
  unitChange: number;
  status: RowStatus;
  /** Last error kind and units before the last send: whether a failed row may have landed (landing.ts). */
  lastErrorKind: string | null;
  unitsBefore: number | null;
}

export interface NewDelta {
  resourceKey: string;
  serviceKey: string;
  effectiveDate: IsoDate;
  unitChange: number;
}

export type MergeOp =
  | { kind: 'insert'; effectiveDate: IsoDate; unitChange: number }
  | { kind: 'update'; id: string; unitChange: number }
  | { kind: 'cancel'; id: string };

export interface MergeOptions {
  /** The PSA accepts one adjustment per service per date (Autotask). */
  onePerServicePerDay: boolean;
}

/** Only a cancelled row certainly never reached the PSA; a superseded one may have been sent before. */
const GONE: ReadonlySet<RowStatus> = new Set(['cancelled']);

/** The single write that records `delta` against the existing rows; null for a zero delta. */
export function mergeDelta(delta: NewDelta, rows: readonly PendingRow[], opts: MergeOptions): MergeOp | null {
  if (delta.unitChange === 0) return null;
  const own = rows.find(
    (r) => r.resourceKey === delta.resourceKey && r.effectiveDate === delta.effectiveDate && certainlyUnsent(r),
  );
  if (own) {
    const total = own.unitChange + delta.unitChange;
    return total === 0 ? { kind: 'cancel', id: own.id } : { kind: 'update', id: own.id, unitChange: total };
  }
  let date = delta.effectiveDate;
  if (opts.onePerServicePerDay) {
    const taken = new Set(rows.filter((r) => r.serviceKey === delta.serviceKey && !GONE.has(r.status)).map((r) => r.effectiveDate));
    while (taken.has(date)) date = addDays(date, 1);
  }
  return { kind: 'insert', effectiveDate: date, unitChange: delta.unitChange };
}

/**
 * Several deltas in order, each seeing the rows the earlier ones produced. Inserted rows get ids
 * `new:<n>` so a later delta can merge into them.
 */
export function mergeDeltas(deltas: readonly NewDelta[], rows: readonly PendingRow[], opts: MergeOptions): { ops: MergeOp[]; rows: PendingRow[] } {
  let state = rows.map((r) => ({ ...r }));
  const ops: MergeOp[] = [];
  let n = 0;
  for (const d of deltas) {
    const op = mergeDelta(d, state, opts);
    if (!op) continue;
    if (op.kind === 'insert') {
      const id = `new:${n++}`;
      state.push({ id, resourceKey: d.resourceKey, serviceKey: d.serviceKey, effectiveDate: op.effectiveDate, unitChange: op.unitChange, status: 'planned', lastErrorKind: null, unitsBefore: null });
      ops.push(op);
    } else if (op.kind === 'update') {
      state = state.map((r) => (r.id === op.id ? { ...r, unitChange: op.unitChange } : r));
      ops.push(op);
    } else {
      state = state.map((r) => (r.id === op.id ? { ...r, status: 'cancelled' as const } : r));
      ops.push(op);
    }
  }
  return { ops: collapse(ops), rows: state };
}

/** Later ops on one row replace earlier ones; a row inserted and cancelled in one batch disappears. */
function collapse(ops: MergeOp[]): MergeOp[] {
  const out: MergeOp[] = [];
  let n = 0;
  const newIds = new Map<string, MergeOp & { kind: 'insert' }>();
  for (const op of ops) {
    if (op.kind === 'insert') {
      const copy = { ...op };
      newIds.set(`new:${n++}`, copy);
      out.push(copy);
      continue;
    }
    const fresh = newIds.get(op.id);
    if (fresh) {
      if (op.kind === 'update') fresh.unitChange = op.unitChange;
      else out.splice(out.indexOf(fresh), 1);
      continue;
    }
    const prev = out.findIndex((o) => o.kind !== 'insert' && o.id === op.id);
    if (prev >= 0) out.splice(prev, 1);
    out.push(op);
  }
  return out;
}
