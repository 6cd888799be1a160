/**
 * The review gate the planner consults as it writes an adjustment row (PlanEnv.review): loaded once per
 * cycle or reconciliation with the tenant's policies and the resources that already have a held row,
 * it turns a row that must wait into status 'held' with the reason, in the same atomic batch as the
 * plan, so no path can send it before a person approved it.
 */
import { and, eq } from 'drizzle-orm';
import type { Store } from '../db/store.js';
import { decideHold, effectivePolicy } from '../domain/review.js';
import { loadPolicies, relationScope, TENANT_SCOPE } from './policies.js';

export interface GateRow {
  odinSubscriptionId: string;
  odinResourceId: string;
  unitChange: number;
  unitPrice: number | null;
  reason: string;
}

export interface ReviewGate {
  /** The columns to lay over a new row: status held and why, or null when it posts by itself. */
  hold(row: GateRow): { status: 'held'; holdReason: string } | null;
}

export async function loadReviewGate(store: Store, tenantId: string): Promise<ReviewGate> {
  const policies = await loadPolicies(store, tenantId);
  const a = store.t.adjustments;
  const held = await store.db.select({ s: a.odinSubscriptionId, r: a.odinResourceId }).from(a).where(and(eq(a.tenantId, tenantId), eq(a.status, 'held')));
  const heldKeys = new Set(held.map((h) => relationScope(h.s, h.r)));
  const tenantPolicy = policies.get(TENANT_SCOPE) ?? null;
  return {
    hold(row) {
      const key = relationScope(row.odinSubscriptionId, row.odinResourceId);
      const policy = effectivePolicy(tenantPolicy, policies.get(key) ?? null);
      const hold = decideHold(policy, { unitChange: row.unitChange, unitPrice: row.unitPrice, reason: row.reason, behindHeld: heldKeys.has(key) });
      if (!hold) return null;
      heldKeys.add(key);
      return { status: 'held', holdReason: hold.why };
    },
  };
}
