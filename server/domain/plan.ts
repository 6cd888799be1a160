/**
 * Planning: from a linked resource's state and today's date, the adjustment(s) that bring the PSA to the
 * Marketplace count. Pure.
 *
 * The PSA's units are a step function of the date. Two points of it matter, each "once every adjustment
 * already written (posted or not) lands":
 *  - `unitsNow`:   units in effect today;
 *  - `unitsLater`: units in effect from the next period start on (after future-dated decreases).
 * The target is the Marketplace count (0 for a terminated subscription, never below 0). Rules:
 *  - an increase is effective today; a decrease at the next period start (no prorated credit), unless the
 *    mapping says decreases are immediate;
 * so the wanted schedule is: today = max(unitsNow, target) (or target when immediate), later = target.
 * That gives at most two adjustments: one dated today, one dated at the next period start. A rise after a
 * planned decrease thus shrinks or cancels that decrease instead of billing extra seats until it lands
 * (10 seats, -3 planned for the 1st, count now 9 -> +2 on the 1st, which the merge folds into -1).
 */
import { nextPeriodStart, type BillingPeriod } from './billing-period.js';
import type { IsoDate } from './dates.js';
import { estimateProratedAmount, type ProrationConvention } from './proration.js';
import { statusAction, type StatusAction, type StatusPolicy } from './status-policy.js';

export type DecreasePolicy = 'next_period' | 'immediate';

export interface PlanInputs {
  marketplaceCount: number;
  subscriptionStatus: string;
  unitsNow: number;
  unitsLater: number;
  decreasePolicy: DecreasePolicy;
  /** The mapping's status-policy override, null for the tenant default. */
  statusPolicy?: StatusPolicy | null;
  billingPeriod: BillingPeriod;
  unitPrice?: number | null;
}

export interface PlanContext {
  today: IsoDate;
  prorationConvention: ProrationConvention;
  /** The tenant's status policy; DEFAULT_STATUS_POLICY when absent. */
  statusPolicy?: StatusPolicy;
}

export type AdjustmentReason = 'increase' | 'decrease' | 'terminated' | 'reconcile';

export interface PlannedAdjustment {
  unitChange: number;
  effectiveDate: IsoDate;
  /** Units in effect on the effective date before / after this adjustment. */
  fromCount: number;
  toCount: number;
  reason: AdjustmentReason;
  estimatedAmount: number | null;
}

export interface Plan {
  action: StatusAction;
  /** The count the PSA is brought to (null when frozen). */
  target: number | null;
  adjustments: PlannedAdjustment[];
}

export function planAdjustments(inputs: PlanInputs, ctx: PlanContext): Plan {
  const action = statusAction(inputs.subscriptionStatus, inputs.statusPolicy, ctx.statusPolicy);
  if (action === 'freeze') return { action, target: null, adjustments: [] };
  const target = action === 'zero' ? 0 : Math.max(0, Math.trunc(inputs.marketplaceCount));
  const now = Math.max(0, inputs.unitsNow);
  const later = Math.max(0, inputs.unitsLater);
  const wantNow = inputs.decreasePolicy === 'immediate' || target > now ? target : now;
  const nowChange = wantNow - now;
  // The future step the written rows already hold is (later - now); we want (target - wantNow).
  const laterChange = target - wantNow - (later - now);
  if (nowChange === 0 && laterChange === 0) return { action, target, adjustments: [] };
  const out: PlannedAdjustment[] = [];
  const reasonFor = (change: number): AdjustmentReason => (change > 0 ? 'increase' : action === 'zero' ? 'terminated' : 'decrease');
  const make = (unitChange: number, effectiveDate: IsoDate, fromCount: number): PlannedAdjustment => ({
    unitChange,
    effectiveDate,
    fromCount,
    toCount: fromCount + unitChange,
    reason: reasonFor(unitChange),
    estimatedAmount: estimateProratedAmount({
      unitChange,
      unitPrice: inputs.unitPrice ?? null,
      effectiveDate,
      period: inputs.billingPeriod,
      convention: ctx.prorationConvention,
    }),
  });
  if (nowChange !== 0) out.push(make(nowChange, ctx.today, now));
  if (laterChange !== 0) out.push(make(laterChange, nextPeriodStart(ctx.today, inputs.billingPeriod), later + nowChange));
  return { action, target, adjustments: out };
}

/**
 * Reconciliation on link (the guide: Marketplace 8, PSA 1 -> +7): the PSA's units were just read, nothing
 * is written yet, so now and later are the PSA's units; dated by the same rules.
 */
export function planReconciliation(
  inputs: Omit<PlanInputs, 'unitsNow' | 'unitsLater'> & { psaUnits: number },
  ctx: PlanContext,
): Plan {
  const plan = planAdjustments({ ...inputs, unitsNow: inputs.psaUnits, unitsLater: inputs.psaUnits }, ctx);
  return { ...plan, adjustments: plan.adjustments.map((a) => ({ ...a, reason: 'reconcile' as const })) };
}
