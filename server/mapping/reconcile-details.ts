/**
 * What setting a relation did, in the billing manager's terms: the PSA's units before, the Marketplace
 * count, the change posted (or queued), its effective date and why, and its estimated amount. Read from
 * the adjustment row the reconciliation wrote and the snapshot, so the screen shows what was recorded.
 */
import { and, eq } from 'drizzle-orm';
import type { Store } from '../db/store.js';

export interface ReconciliationDetails {
  marketplaceCount: number | null;
  /** The PSA's units before the change (the row's from-count); equal to the Marketplace count when nothing moved. */
  psaUnitsBefore: number | null;
  effectiveDate: string | null;
  /** today | next_period | moved (domain/dating.ts). */
  dateRule: string | null;
  estimatedAmount: number | null;
}

/** Null when nothing was written (units already matched): "nothing to post" says it all. */
export async function reconciliationDetails(store: Store, tenantId: string, odinSubscriptionId: string, odinResourceId: string, adjustmentId: string | null): Promise<ReconciliationDetails | null> {
  if (!adjustmentId) return null;
  const { db, t } = store;
  const [res] = await db.select({ count: t.mpResources.count }).from(t.mpResources)
    .where(and(eq(t.mpResources.tenantId, tenantId), eq(t.mpResources.odinSubscriptionId, odinSubscriptionId), eq(t.mpResources.odinResourceId, odinResourceId)));
  const marketplaceCount = res ? Number(res.count) : null;
  const [row] = await db.select({ fromCount: t.adjustments.fromCount, effectiveDate: t.adjustments.effectiveDate, dateRule: t.adjustments.dateRule, estimatedAmount: t.adjustments.estimatedAmount })
    .from(t.adjustments).where(and(eq(t.adjustments.tenantId, tenantId), eq(t.adjustments.id, adjustmentId)));
  if (!row) return null;
  return { marketplaceCount, psaUnitsBefore: row.fromCount, effectiveDate: row.effectiveDate, dateRule: row.dateRule, estimatedAmount: row.estimatedAmount };
}
