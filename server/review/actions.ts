/**
 * What a person does with held adjustments: Approve (optionally with one date for all), Dismiss (with a
 * reason, kept on the row and in the audit trail), Edit (date, new units) which approves the edited row.
 * An approved row becomes 'planned' again and posts through the poster's exactly-once path like any
 * other; a dismissed row never posts. Every change is a conditional update from 'held', so two people
 * acting at once cannot both win, and each is recorded in the audit trail.
 */
import { and, eq, inArray, ne } from 'drizzle-orm';
import type { Store } from '../db/store.js';
import type { AdjustmentRow } from '../db/sqlite/adjustments.js';
import { billingPeriodOf } from '../domain/billing-period.js';
import { amountColumns } from '../domain/proration-360.js';
import { HttpError } from '../http/errors.js';
import { recordAudit } from '../audit/record.js';

export interface Reviewer {
  tenantId: string;
  by: string;
  at: string;
  prorationConvention: 'inclusive' | 'exclusive';
  /** The PSA takes one adjustment per service per date (Autotask). */
  onePerServicePerDay: boolean;
}

export interface ReviewResult {
  id: string;
  ok: boolean;
  status?: string;
  error?: { code: string; message: string };
}

const snapshot = (r: AdjustmentRow) => ({ status: r.status, effectiveDate: r.effectiveDate, fromCount: r.fromCount, toCount: r.toCount, unitChange: r.unitChange, estimatedAmount: r.estimatedAmount, holdReason: r.holdReason });

async function loadRows(store: Store, tenantId: string, ids: string[]): Promise<Map<string, AdjustmentRow>> {
  const a = store.t.adjustments;
  const rows = ids.length ? await store.db.select().from(a).where(and(eq(a.tenantId, tenantId), inArray(a.id, ids))) : [];
  return new Map(rows.map((r) => [r.id, r]));
}

/** Why this row cannot be approved now, or null. */
async function blocker(store: Store, who: Reviewer, row: AdjustmentRow | undefined, alsoApproved: Set<string>, date: string): Promise<{ code: string; message: string; status: number } | null> {
  if (!row) return { status: 404, code: 'not_found', message: 'No such adjustment' };
  if (row.status !== 'held') return { status: 409, code: 'conflict', message: `The adjustment is ${row.status}, not held for review` };
  const a = store.t.adjustments;
  const others = await store.db.select().from(a).where(and(eq(a.tenantId, who.tenantId), eq(a.odinSubscriptionId, row.odinSubscriptionId), eq(a.odinResourceId, row.odinResourceId), eq(a.status, 'held'), ne(a.id, row.id)));
  const earlier = others.find((o) => o.createdAt < row.createdAt && !alsoApproved.has(o.id));
  if (earlier) return { status: 409, code: 'conflict', message: `An earlier held change of this resource (${earlier.id}) must be approved or dismissed first` };
  if (who.onePerServicePerDay && date !== row.effectiveDate) {
    const clash = await store.db.select({ id: a.id }).from(a).where(and(eq(a.tenantId, who.tenantId), eq(a.psaContractId, row.psaContractId), eq(a.psaServiceId, row.psaServiceId), eq(a.effectiveDate, date), inArray(a.status, ['planned', 'posting', 'posted', 'failed', 'unknown', 'held'])));
    if (clash.length) return { status: 409, code: 'conflict', message: `The PSA already has an adjustment of this service dated ${date}; Autotask accepts one per day` };
  }
  return null;
}

async function amountFor(store: Store, tenantId: string, row: AdjustmentRow, unitChange: number, date: string, convention: Reviewer['prorationConvention']): Promise<{ estimatedAmount: number | null; estimatedAmount360: number | null }> {
  const s = store.t.mpSubscriptions;
  const [sub] = await store.db.select().from(s).where(and(eq(s.tenantId, tenantId), eq(s.odinSubscriptionId, row.odinSubscriptionId)));
  return amountColumns({ unitChange, unitPrice: row.unitPrice, effectiveDate: date, period: billingPeriodOf(sub?.billingPeriod, sub?.renewalDate), convention });
}

/** Approve held rows, in the order given; `date` moves every one of them to that effective date. */
export async function approveHeld(store: Store, who: Reviewer, ids: string[], date?: string): Promise<ReviewResult[]> {
  const rows = await loadRows(store, who.tenantId, ids);
  const approved = new Set<string>();
  const out: ReviewResult[] = [];
  for (const id of ids) {
    const row = rows.get(id);
    const effectiveDate = date ?? row?.effectiveDate ?? '';
    const why = await blocker(store, who, row, approved, effectiveDate);
    if (why) {
      out.push({ id, ok: false, error: { code: why.code, message: why.message } });
      continue;
    }
    const set = {
      status: 'planned', effectiveDate, heldUntil: null, reviewedBy: who.by, reviewedAt: who.at, updatedAt: who.at,
      ...(effectiveDate !== row!.effectiveDate ? await amountFor(store, who.tenantId, row!, row!.unitChange, effectiveDate, who.prorationConvention) : {}),
    };
    if (!(await fromHeld(store, id, set))) {
      out.push({ id, ok: false, error: { code: 'conflict', message: 'Someone else acted on this adjustment first' } });
      continue;
    }
    approved.add(id);
    await recordAudit(store, who.at, { tenantId: who.tenantId, actor: who.by, action: 'approve', subjectType: 'adjustment', subject: id, before: snapshot(row!), after: snapshot({ ...row!, ...set } as AdjustmentRow) });
    out.push({ id, ok: true, status: 'planned' });
  }
  return out;
}

/** Dismiss held rows: never posted; the reason is kept on the row and in the trail. */
export async function dismissHeld(store: Store, who: Reviewer, ids: string[], reason: string): Promise<ReviewResult[]> {
  const rows = await loadRows(store, who.tenantId, ids);
  const out: ReviewResult[] = [];
  for (const id of ids) {
    const row = rows.get(id);
    if (!row || row.status !== 'held') {
      out.push({ id, ok: false, error: row ? { code: 'conflict', message: `The adjustment is ${row.status}, not held for review` } : { code: 'not_found', message: 'No such adjustment' } });
      continue;
    }
    const set = { status: 'dismissed', reviewNote: reason, reviewedBy: who.by, reviewedAt: who.at, updatedAt: who.at };
    if (!(await fromHeld(store, id, set))) {
      out.push({ id, ok: false, error: { code: 'conflict', message: 'Someone else acted on this adjustment first' } });
      continue;
    }
    await recordAudit(store, who.at, { tenantId: who.tenantId, actor: who.by, action: 'dismiss', subjectType: 'adjustment', subject: id, before: snapshot(row), after: { status: 'dismissed' }, note: reason });
    out.push({ id, ok: true, status: 'dismissed' });
  }
  return out;
}

/** Edit one held row's date and/or new units, which approves it with those numbers. */
export async function editHeld(store: Store, who: Reviewer, id: string, edit: { effectiveDate?: string; toCount?: number }): Promise<ReviewResult> {
  const row = (await loadRows(store, who.tenantId, [id])).get(id);
  const effectiveDate = edit.effectiveDate ?? row?.effectiveDate ?? '';
  const why = await blocker(store, who, row, new Set(), effectiveDate);
  if (why) throw new HttpError(why.status as 404, why.code as 'conflict', why.message);
  const toCount = edit.toCount ?? row!.toCount;
  const unitChange = toCount - row!.fromCount;
  if (unitChange === 0) throw new HttpError(422 as 400, 'validation_failed', `New units ${toCount} equal the PSA units: nothing to post; dismiss it instead`);
  const set = {
    status: 'planned', effectiveDate, toCount, unitChange, heldUntil: null, reviewedBy: who.by, reviewedAt: who.at, updatedAt: who.at,
    ...(await amountFor(store, who.tenantId, row!, unitChange, effectiveDate, who.prorationConvention)),
  };
  if (!(await fromHeld(store, id, set))) throw new HttpError(409, 'conflict', 'Someone else acted on this adjustment first');
  await recordAudit(store, who.at, { tenantId: who.tenantId, actor: who.by, action: 'edit', subjectType: 'adjustment', subject: id, before: snapshot(row!), after: snapshot({ ...row!, ...set } as AdjustmentRow) });
  return { id, ok: true, status: 'planned' };
}

async function fromHeld(store: Store, id: string, set: Record<string, unknown>): Promise<boolean> {
  const a = store.t.adjustments;
  return store.affected(await store.db.update(a).set(set).where(and(eq(a.id, id), eq(a.status, 'held')))) === 1;
}
