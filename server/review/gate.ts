/**
 * The gate the planner consults as it writes an adjustment row (PlanEnv.review): loaded once per cycle
 * or reconciliation with the tenant's policies and the resources that already have held rows, it turns
 * a row that must wait into status 'held' in the same atomic batch as the plan, so no path can send it
 * before it may go:
 *  - commitment terms first: an annual-term decrease waits for the renewal date and is re-dated to it
 *    (heldUntil; the cycle releases it that day, review/terms.ts);
 *  - then review: a row the tenant's or relation's policy wants a person to see (no heldUntil).
 */
import { and, eq } from 'drizzle-orm';
import type { Store } from '../db/store.js';
import { billingPeriodOf } from '../domain/billing-period.js';
import type { ProrationConvention } from '../domain/proration.js';
import { amountColumns } from '../domain/proration-360.js';
import { decideHold, effectivePolicy } from '../domain/review.js';
import { isAnnualTerm, termHoldUntil } from '../domain/term.js';
import { loadPolicies, relationScope, TENANT_SCOPE } from './policies.js';

export interface GateRow {
  odinSubscriptionId: string;
  odinResourceId: string;
  unitChange: number;
  unitPrice: number | null;
  reason: string;
  effectiveDate?: string;
  id?: string;
  dedupKey?: string;
}

/** What the gate needs to know of the subscription for term holds. */
export interface GateLink {
  billingPeriod: string | null;
  subscriptionPeriod: string | null;
  renewalDate: string | null;
}

export type HoldColumns = { status: 'held'; holdReason: string; heldUntil?: string; effectiveDate?: string; estimatedAmount?: number | null; estimatedAmount360?: number | null; dedupKey?: string };

export interface ReviewGate {
  /** The columns to lay over a new row when it must wait, or null when it posts by itself. */
  hold(row: GateRow, link?: GateLink): HoldColumns | null;
}

export interface GateOptions {
  today: string;
  prorationConvention: ProrationConvention;
}

export async function loadReviewGate(store: Store, tenantId: string, opts?: GateOptions): Promise<ReviewGate> {
  const policies = await loadPolicies(store, tenantId);
  const a = store.t.adjustments;
  const held = await store.db.select({ s: a.odinSubscriptionId, r: a.odinResourceId, until: a.heldUntil }).from(a).where(and(eq(a.tenantId, tenantId), eq(a.status, 'held')));
  // Only a review hold makes later rows wait; a term hold lets increases pass.
  const reviewHeld = new Set(held.filter((h) => !h.until).map((h) => relationScope(h.s, h.r)));
  const termWaiting = new Map(held.filter((h) => h.until).map((h) => [relationScope(h.s, h.r), h.until!]));
  const tenantPolicy = policies.get(TENANT_SCOPE) ?? null;
  return {
    hold(row, link) {
      const key = relationScope(row.odinSubscriptionId, row.odinResourceId);
      const policy = effectivePolicy(tenantPolicy, policies.get(key) ?? null);
      if (opts && link && row.effectiveDate && (policy.holdAnnualDecreases || termWaiting.has(key))) {
        const until = termHoldUntil({
          annual: isAnnualTerm(link.billingPeriod, link.subscriptionPeriod), renewalDate: link.renewalDate, today: opts.today,
          unitChange: row.unitChange, effectiveDate: row.effectiveDate, waitingUntil: termWaiting.get(key) ?? null,
        });
        if (until) {
          termWaiting.set(key, until);
          const amounts = amountColumns({ unitChange: row.unitChange, unitPrice: row.unitPrice, effectiveDate: until, period: billingPeriodOf(link.billingPeriod, link.renewalDate), convention: opts.prorationConvention });
          // Re-dated, the row no longer owns its planned date's key; a later plan for that date must not collide.
          const dedupKey = row.dedupKey && row.id ? `${row.dedupKey}|term:${row.id}` : undefined;
          return { status: 'held', holdReason: `Annual term: seats can be reduced at the renewal on ${until}`, heldUntil: until, effectiveDate: until, ...amounts, ...(dedupKey ? { dedupKey } : {}) };
        }
      }
      const hold = decideHold(policy, { unitChange: row.unitChange, unitPrice: row.unitPrice, reason: row.reason, behindHeld: reviewHeld.has(key) });
      if (!hold) return null;
      reviewHeld.add(key);
      return { status: 'held', holdReason: hold.why };
    },
  };
}
