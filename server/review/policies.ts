/**
 * Reading and writing trust policies: the tenant's (scope '') and each resource relation's
 * (scope 'subscription|resource'). A relation without its own row follows the tenant's.
 */
import { and, eq } from 'drizzle-orm';
import type { Store } from '../db/store.js';
import type { TrustPolicyRow } from '../db/sqlite/trust.js';
import type { ReviewMode, ReviewPolicy } from '../domain/review.js';

export const TENANT_SCOPE = '';
export const relationScope = (odinSubscriptionId: string, odinResourceId: string) => `${odinSubscriptionId}|${odinResourceId}`;

export function policyOf(row: TrustPolicyRow): ReviewPolicy {
  return {
    mode: (['review_all', 'threshold'].includes(row.reviewMode) ? row.reviewMode : 'automatic') as ReviewMode,
    thresholdUnits: row.thresholdUnits,
    thresholdAmount: row.thresholdAmount,
    reviewFirstReconcile: row.reviewFirstReconcile === 1,
    quantityFloor: row.quantityFloor,
    holdAnnualDecreases: row.holdAnnualDecreases === 1,
  };
}

/** Every policy of the tenant by scope. */
export async function loadPolicies(store: Store, tenantId: string): Promise<Map<string, ReviewPolicy>> {
  const rows = await store.db.select().from(store.t.trustPolicies).where(eq(store.t.trustPolicies.tenantId, tenantId));
  return new Map(rows.map((r) => [r.scope, policyOf(r)]));
}

export async function loadPolicy(store: Store, tenantId: string, scope: string): Promise<ReviewPolicy | null> {
  const tp = store.t.trustPolicies;
  const [row] = await store.db.select().from(tp).where(and(eq(tp.tenantId, tenantId), eq(tp.scope, scope)));
  return row ? policyOf(row) : null;
}

export async function savePolicy(store: Store, tenantId: string, scope: string, p: ReviewPolicy, by: string, at: string): Promise<void> {
  const tp = store.t.trustPolicies;
  const values = {
    reviewMode: p.mode, thresholdUnits: p.thresholdUnits, thresholdAmount: p.thresholdAmount,
    reviewFirstReconcile: p.reviewFirstReconcile ? 1 : 0, quantityFloor: p.quantityFloor, holdAnnualDecreases: p.holdAnnualDecreases ? 1 : 0, updatedAt: at, updatedBy: by,
  };
  await store.upsert(tp, { tenantId, scope, ...values }, [tp.tenantId, tp.scope], values);
}

/** Remove a relation's own policy (it follows the tenant's again). */
export async function deletePolicy(store: Store, tenantId: string, scope: string): Promise<void> {
  const tp = store.t.trustPolicies;
  await store.db.delete(tp).where(and(eq(tp.tenantId, tenantId), eq(tp.scope, scope)));
}
