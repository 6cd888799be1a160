/**
 * Turning a linked resource's state into adjustment rows. The domain decides (planAdjustments, mergeDelta);
 * this writes its decision as one atomic batch: new rows, merged/cancelled rows and the link's
 * plannedCount land together or not at all. A crash before the batch leaves the link's plannedCount
 * behind the snapshot, so the next cycle plans the same change again; after it, the rows exist.
 */
import { eq } from 'drizzle-orm';
import type { Store } from '../db/store.js';
import type { AdjustmentRow } from '../db/sqlite/adjustments.js';
import { billingPeriodOf, nextPeriodStart } from '../domain/billing-period.js';
import { dateRuleOf } from '../domain/dating.js';
import { mergeDelta, type PendingRow, type RowStatus } from '../domain/merge.js';
import { planAdjustments, type DecreasePolicy, type Plan } from '../domain/plan.js';
import { amountColumns } from '../domain/proration-360.js';
import { parseStatusPolicy, statusAction } from '../domain/status-policy.js';
import type { ReviewGate } from '../review/gate.js';
import { linkWhere, loadRowsFrom, resourceKey, serviceKey, type LinkedResource, type TenantSettings } from './repo.js';

export interface PlanEnv {
  store: Store;
  tenant: TenantSettings;
  today: string;
  now: Date;
  newId: () => string;
  /** Review before posting (issue 14): a row that must wait is written as held. Absent: all post. */
  review?: ReviewGate;
}

/** The count the link should bring the PSA to, or null when its status freezes it (or it is unknown). */
export function targetOf(link: LinkedResource): number | null {
  if (link.subscriptionStatus === null) return null;
  const action = statusAction(link.subscriptionStatus, parseStatusPolicy(link.statusPolicyJson));
  if (action === 'freeze') return null;
  return action === 'zero' ? 0 : Math.max(0, link.count ?? 0);
}

export function priceOf(link: LinkedResource): number | null {
  return link.priceSource === 'custom' && link.customPrice !== null ? link.customPrice : link.unitPrice;
}

export function inputsOf(link: LinkedResource) {
  return {
    marketplaceCount: link.count ?? 0,
    subscriptionStatus: link.subscriptionStatus ?? 'unknown',
    decreasePolicy: (link.decreasePolicy === 'immediate' ? 'immediate' : 'next_period') as DecreasePolicy,
    statusPolicy: parseStatusPolicy(link.statusPolicyJson),
    billingPeriod: billingPeriodOf(link.billingPeriod, link.renewalDate),
    unitPrice: priceOf(link),
  };
}

/**
 * Plan and write the rows of a reconciled link whose planned count differs from its target. `open` are
 * the resource's open rows (unfinished, or posted and dated after today). Returns the rows written.
 */
export async function planLink(env: PlanEnv, link: LinkedResource, open: AdjustmentRow[]): Promise<number> {
  const planned = planOf(link, open, env.today, env.tenant.prorationConvention);
  return planned ? writePlan(env, link, planned.plan, planned.unitsLater) : 0;
}

/** What planLink would write for a reconciled link, without writing (also the preview's source); null: nothing. */
export function planOf(link: LinkedResource, open: AdjustmentRow[], today: string, prorationConvention: TenantSettings['prorationConvention']): { plan: Plan; unitsLater: number } | null {
  if (link.ledgerUnits === null) return null;
  const target = targetOf(link);
  const pending = open.filter((r) => r.status !== 'posted').reduce((s, r) => s + r.unitChange, 0);
  const unitsLater = link.plannedCount ?? link.ledgerUnits + pending;
  if (target === null || target === unitsLater) return null;
  // "Later" is from the next period start on; rows dated between today and then (an increase moved a few
  // days by Autotask's one-per-day rule) are part of "now".
  const inputs = inputsOf(link);
  const periodStart = nextPeriodStart(today, inputs.billingPeriod);
  const future = open.filter((r) => r.effectiveDate >= periodStart).reduce((s, r) => s + r.unitChange, 0);
  const plan = planAdjustments({ ...inputs, unitsNow: unitsLater - future, unitsLater }, { today, prorationConvention });
  return { plan, unitsLater };
}

/**
 * Reconciliation on link: the PSA's units were just read. `now` is what the PSA holds today (plus landed
 * changes dated before the next period start), `later` what it holds once every landed change counts;
 * the ledger starts from `later`.
 */
export async function planLinkReconciliation(env: PlanEnv, link: LinkedResource, units: { now: number; later: number }): Promise<{ written: number; plan: Plan }> {
  const planned = planAdjustments({ ...inputsOf(link), unitsNow: units.now, unitsLater: units.later }, { today: env.today, prorationConvention: env.tenant.prorationConvention });
  const plan: Plan = { ...planned, adjustments: planned.adjustments.map((a) => ({ ...a, reason: 'reconcile' as const })) };
  const written = await writePlan(env, link, plan, units.later, units.later);
  return { written, plan };
}

async function writePlan(env: PlanEnv, link: LinkedResource, plan: Plan, unitsLater: number, ledgerFrom?: number): Promise<number> {
  const { store } = env;
  const t = store.t;
  const planned = plan.target ?? unitsLater;
  const dates = plan.adjustments.map((a) => a.effectiveDate).sort();
  // A date moves forward on a same-day clash, so the merge must see every row from the earliest date on.
  const existing = dates.length ? await loadRowsFrom(store, env.tenant.id, link, dates[0]!) : [];
  const rk = resourceKey(link);
  const sk = serviceKey(link);
  let state: PendingRow[] = existing.map((r) => ({
    id: r.id,
    resourceKey: resourceKey(r),
    serviceKey: serviceKey(r),
    effectiveDate: r.effectiveDate,
    unitChange: r.unitChange,
    status: r.status as RowStatus,
    lastErrorKind: r.lastErrorKind,
    unitsBefore: r.unitsBefore,
  }));
  const inserts = new Map<string, Record<string, unknown> & { unitChange: number; fromCount: number; effectiveDate: string }>();
  const updates = new Map<string, { unitChange: number } | 'cancel'>();
  const nowIso = env.now.toISOString();
  const period = billingPeriodOf(link.billingPeriod, link.renewalDate);
  // Both day counts (actual days, 30/360): every row carries its estimate under each.
  const amounts = (unitChange: number, effectiveDate: string) =>
    amountColumns({ unitChange, unitPrice: priceOf(link), effectiveDate, period, convention: env.tenant.prorationConvention });
  for (const adj of plan.adjustments) {
    const op = mergeDelta({ resourceKey: rk, serviceKey: sk, effectiveDate: adj.effectiveDate, unitChange: adj.unitChange }, state, { onePerServicePerDay: env.tenant.psaKind === 'autotask' });
    if (!op) continue;
    if (op.kind === 'insert') {
      const id = env.newId();
      const seq = existing.filter((r) => resourceKey(r) === rk && r.effectiveDate === op.effectiveDate).length + [...inserts.values()].filter((r) => r.effectiveDate === op.effectiveDate).length;
      inserts.set(id, {
        id,
        tenantId: env.tenant.id,
        dedupKey: `${rk}|${op.effectiveDate}|${seq}`,
        reason: adj.reason,
        odinAccountId: link.odinAccountId,
        odinSubscriptionId: link.odinSubscriptionId,
        odinResourceId: link.odinResourceId,
        psaKind: env.tenant.psaKind,
        psaAccountId: link.psaAccountId,
        psaContractId: link.psaContractId,
        psaServiceId: link.psaServiceId,
        psaContractServiceId: link.psaContractServiceId,
        fromCount: adj.fromCount,
        toCount: adj.fromCount + op.unitChange,
        unitChange: op.unitChange,
        effectiveDate: op.effectiveDate,
        dateRule: dateRuleOf(adj.effectiveDate, op.effectiveDate, env.today),
        unitPrice: priceOf(link),
        ...amounts(op.unitChange, op.effectiveDate),
        status: 'planned',
        attempts: 0,
        createdAt: nowIso,
        updatedAt: nowIso,
      });
      state.push({ id, resourceKey: rk, serviceKey: sk, effectiveDate: op.effectiveDate, unitChange: op.unitChange, status: 'planned', lastErrorKind: null, unitsBefore: null });
    } else {
      const fresh = inserts.get(op.id);
      if (fresh && op.kind === 'update') Object.assign(fresh, { unitChange: op.unitChange, toCount: fresh.fromCount + op.unitChange, ...amounts(op.unitChange, fresh.effectiveDate) });
      else if (fresh) inserts.delete(op.id);
      else updates.set(op.id, op.kind === 'cancel' ? 'cancel' : { unitChange: op.unitChange });
      state = state.map((r) => (r.id !== op.id ? r : op.kind === 'cancel' ? { ...r, status: 'cancelled' } : { ...r, unitChange: op.unitChange }));
    }
  }
  const byId = new Map(existing.map((r) => [r.id, r]));
  const linkSet: Record<string, unknown> = { plannedCount: planned };
  if (ledgerFrom !== undefined) linkSet.ledgerUnits = ledgerFrom;
  // Decided on the row's final size, after same-day merges within this plan.
  for (const row of inserts.values()) Object.assign(row, env.review?.hold(row as never, link) ?? {});
  await store.atomic((db) => [
    ...[...inserts.values()].map((row) => db.insert(t.adjustments).values(row as never)),
    ...[...updates.entries()].map(([id, u]) => {
      const old = byId.get(id)!;
      const set =
        u === 'cancel'
          ? { status: 'cancelled', updatedAt: nowIso }
          : { unitChange: u.unitChange, toCount: old.fromCount + u.unitChange, ...amounts(u.unitChange, old.effectiveDate), updatedAt: nowIso };
      return db.update(t.adjustments).set(set).where(eq(t.adjustments.id, id));
    }),
    db.update(t.resourceLinks).set(linkSet).where(linkWhere(store, env.tenant.id, link)),
  ]);
  return inserts.size + updates.size;
}
