/**
 * Review before money moves (issue 14 item 1). Per tenant, overridden per resource relation:
 *  - automatic (the default): every adjustment posts as planned;
 *  - review_all: every adjustment waits for a person;
 *  - threshold: an adjustment posts by itself when its size is at or below the threshold (units, and/or
 *    the monthly run-rate change in money) and waits above it.
 * A new relation's first reconciliation can be told to wait, whatever the mode. A resource's later
 * adjustments wait behind an earlier held one, so its changes still reach the PSA in order. Pure.
 *
 * The money threshold compares the monthly run-rate change (units x unit price per month), not the
 * prorated amount: the prorated amount of a 50-seat rise on the last day of the month is small, but the
 * next invoices carry all 50 seats.
 */
export type ReviewMode = 'automatic' | 'review_all' | 'threshold';

export interface ReviewPolicy {
  mode: ReviewMode;
  thresholdUnits: number | null;
  thresholdAmount: number | null;
  reviewFirstReconcile: boolean;
  quantityFloor: number | null;
  /** Hold an annual-term decrease until the term's renewal (off by default: decreases date to the next period). */
  holdAnnualDecreases: boolean;
}

export const AUTOMATIC: ReviewPolicy = { mode: 'automatic', thresholdUnits: null, thresholdAmount: null, reviewFirstReconcile: false, quantityFloor: null, holdAnnualDecreases: false };

export interface HoldInput {
  unitChange: number;
  /** Unit price per month, null when unknown. */
  unitPrice: number | null;
  /** The plan's reason; 'reconcile' is a relation's first reconciliation. */
  reason: string;
  /** The resource already has an adjustment waiting for review. */
  behindHeld: boolean;
}

export type HoldKind = 'review' | 'first_reconcile' | 'behind_held';
export interface Hold {
  kind: HoldKind;
  /** Shown in the review queue as "why". */
  why: string;
}

/** Units x price per month, rounded to cents; null without a price. */
export function monthlyRunRateChange(unitChange: number, unitPrice: number | null): number | null {
  if (unitPrice === null || !Number.isFinite(unitPrice)) return null;
  return Math.round(unitChange * unitPrice * 100) / 100;
}

const money = (n: number) => n.toFixed(2);

/** Whether a planned adjustment waits for review, and why; null when it posts by itself. */
export function decideHold(policy: ReviewPolicy, x: HoldInput): Hold | null {
  if (x.behindHeld) return { kind: 'behind_held', why: 'Waits behind an earlier change of this resource that is held for review' };
  if (x.reason === 'reconcile' && policy.reviewFirstReconcile) return { kind: 'first_reconcile', why: 'First reconciliation of a new relation waits for review' };
  if (policy.mode === 'automatic') return null;
  if (policy.mode === 'review_all') return { kind: 'review', why: 'Every change of this relation is reviewed' };
  const units = Math.abs(x.unitChange);
  if (policy.thresholdUnits !== null && units > policy.thresholdUnits) {
    return { kind: 'review', why: `Change of ${units} units is above the review threshold of ${policy.thresholdUnits}` };
  }
  if (policy.thresholdAmount !== null) {
    const rate = monthlyRunRateChange(x.unitChange, x.unitPrice);
    // Without a price the change cannot be shown to be below a money threshold.
    if (rate === null) return { kind: 'review', why: `No unit price known: cannot tell whether the change is below the review threshold of ${money(policy.thresholdAmount)} a month` };
    if (Math.abs(rate) > policy.thresholdAmount) {
      return { kind: 'review', why: `Monthly change of ${money(Math.abs(rate))} is above the review threshold of ${money(policy.thresholdAmount)}` };
    }
  }
  return null;
}

/** The relation's own policy when it has one, else the tenant's, else automatic. */
export function effectivePolicy(tenant: ReviewPolicy | null, relation: ReviewPolicy | null): ReviewPolicy {
  return relation ?? tenant ?? AUTOMATIC;
}
