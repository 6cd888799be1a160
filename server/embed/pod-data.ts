/**
 * What a pod shows for one PSA contract / agreement (issue 11 §6): the Marketplace resources linked to
 * it with both sides' counts and prices, this period's adjustments with amounts, open failures, drift.
 * One read per table, scoped by tenant and contract; the same rows the reports use.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Store } from '../db/store.js';
import { localDate } from '../domain/report-query.js';

export interface PodResource {
  odinSubscriptionId: string;
  subscriptionName: string;
  odinResourceId: string;
  name: string;
  marketplaceCount: number | null;
  marketplacePrice: number | null;
  psaServiceName: string;
  /** Units the PSA holds by our ledger (null until reconciled). */
  psaUnits: number | null;
  /** The price we post at: the custom price, else the last adjustment's unit price. */
  psaPrice: number | null;
}

const OPEN_FAILURES = ['failed', 'unknown'];

export async function readContractPod(store: Store, tenantId: string, psaContractId: string, now: Date, timeZone: string) {
  const { db, t } = store;
  const subs = await db
    .select()
    .from(t.subscriptionLinks)
    .where(and(eq(t.subscriptionLinks.tenantId, tenantId), eq(t.subscriptionLinks.psaContractId, psaContractId)));
  if (!subs.length) return null;
  const subIds = subs.map((s) => s.odinSubscriptionId);
  const [links, mpSubs, mpRes, adjustments, drift] = await Promise.all([
    db.select().from(t.resourceLinks).where(and(eq(t.resourceLinks.tenantId, tenantId), inArray(t.resourceLinks.odinSubscriptionId, subIds))),
    db.select().from(t.mpSubscriptions).where(and(eq(t.mpSubscriptions.tenantId, tenantId), inArray(t.mpSubscriptions.odinSubscriptionId, subIds))),
    db.select().from(t.mpResources).where(and(eq(t.mpResources.tenantId, tenantId), inArray(t.mpResources.odinSubscriptionId, subIds))),
    db.select().from(t.adjustments).where(and(eq(t.adjustments.tenantId, tenantId), eq(t.adjustments.psaContractId, psaContractId))),
    db.select().from(t.driftFindings).where(and(eq(t.driftFindings.tenantId, tenantId), inArray(t.driftFindings.odinSubscriptionId, subIds), isNull(t.driftFindings.resolvedAt))),
  ]);
  const key = (s: string, r: string) => `${s}|${r}`;
  const mp = new Map(mpRes.map((r) => [key(r.odinSubscriptionId, r.odinResourceId), r]));
  const subName = new Map(mpSubs.map((s) => [s.odinSubscriptionId, s.name]));
  const lastPrice = new Map<string, number>();
  for (const a of [...adjustments].sort((x, y) => x.createdAt.localeCompare(y.createdAt))) {
    if (a.unitPrice !== null) lastPrice.set(key(a.odinSubscriptionId, a.odinResourceId), a.unitPrice);
  }
  const resources: PodResource[] = links.map((l) => {
    const k = key(l.odinSubscriptionId, l.odinResourceId);
    const m = mp.get(k);
    return {
      odinSubscriptionId: l.odinSubscriptionId,
      subscriptionName: subName.get(l.odinSubscriptionId) ?? l.odinSubscriptionId,
      odinResourceId: l.odinResourceId,
      name: m?.name ?? l.psaServiceName,
      marketplaceCount: m?.count ?? null,
      marketplacePrice: m?.unitPrice ?? null,
      psaServiceName: l.psaServiceName,
      psaUnits: l.ledgerUnits,
      psaPrice: l.priceSource === 'custom' && l.customPrice !== null ? l.customPrice : (lastPrice.get(k) ?? null),
    };
  });
  const nameOf = (s: string, r: string) => mp.get(key(s, r))?.name ?? r;
  const periodStart = `${localDate(now, timeZone).slice(0, 8)}01`;
  const row = (a: (typeof adjustments)[number]) => ({
    id: a.id,
    resourceName: nameOf(a.odinSubscriptionId, a.odinResourceId),
    odinSubscriptionId: a.odinSubscriptionId,
    odinResourceId: a.odinResourceId,
    unitChange: a.unitChange,
    effectiveDate: a.effectiveDate,
    estimatedAmount: a.estimatedAmount,
    status: a.status,
  });
  return {
    contract: { psaContractId, name: subs[0]!.psaContractName, subscriptions: subs.map((s) => ({ odinSubscriptionId: s.odinSubscriptionId, name: subName.get(s.odinSubscriptionId) ?? s.odinSubscriptionId })) },
    resources,
    adjustments: adjustments.filter((a) => a.effectiveDate >= periodStart && !['superseded', 'cancelled'].includes(a.status)).sort((a, b) => b.effectiveDate.localeCompare(a.effectiveDate)).map(row),
    failures: adjustments
      .filter((a) => OPEN_FAILURES.includes(a.status))
      .map((a) => ({ ...row(a), lastError: a.lastError, attempts: a.attempts, nextAttemptAt: a.nextAttemptAt })),
    drift: drift.map((d) => ({ id: d.id, resourceName: nameOf(d.odinSubscriptionId, d.odinResourceId), ledgerUnits: d.ledgerUnits, psaUnits: d.psaUnits, marketplaceCount: d.marketplaceCount, foundAt: d.foundAt })),
  };
}

/** Make a failed adjustment of this tenant due now; false when it is not a failed row of the tenant. */
export async function retryNow(store: Store, tenantId: string, adjustmentId: string, now: Date): Promise<boolean> {
  const { db, t } = store;
  const res = await db
    .update(t.adjustments)
    .set({ nextAttemptAt: now.toISOString(), updatedAt: now.toISOString() })
    .where(and(eq(t.adjustments.tenantId, tenantId), eq(t.adjustments.id, adjustmentId), eq(t.adjustments.status, 'failed')));
  return store.affected(res) === 1;
}
