/** drift_findings writes shared by the poster (ambiguous outcomes) and the drift check. */
import { and, eq, isNull } from 'drizzle-orm';
import type { Store } from '../db/store.js';
import type { DriftNote } from '../domain/ownership.js';
import type { LinkedResource } from './repo.js';

/** Open a finding for the resource, or refresh the open one's numbers. */
export async function raiseDriftFinding(store: Store, tenantId: string, link: LinkedResource, psaUnits: number, now: Date, note?: DriftNote | null): Promise<void> {
  const { db, t } = store;
  const d = t.driftFindings;
  const open = await db
    .select()
    .from(d)
    .where(and(eq(d.tenantId, tenantId), eq(d.odinSubscriptionId, link.odinSubscriptionId), eq(d.odinResourceId, link.odinResourceId), isNull(d.resolvedAt)));
  const values = { ledgerUnits: link.ledgerUnits ?? 0, psaUnits, marketplaceCount: link.count ?? 0, ...(note ? { changedBy: note.changedBy, changedAt: note.changedAt, change: note.change } : {}) };
  if (open[0]) {
    await db.update(d).set(values).where(eq(d.id, open[0].id));
    return;
  }
  await db.insert(d).values({ id: crypto.randomUUID(), tenantId, odinSubscriptionId: link.odinSubscriptionId, odinResourceId: link.odinResourceId, ...values, foundAt: now.toISOString() });
}

export async function resolveDriftFindings(store: Store, tenantId: string, r: { odinSubscriptionId: string; odinResourceId: string }, resolution: string, now: Date): Promise<void> {
  const { db, t } = store;
  const d = t.driftFindings;
  await db
    .update(d)
    .set({ resolvedAt: now.toISOString(), resolution })
    .where(and(eq(d.tenantId, tenantId), eq(d.odinSubscriptionId, r.odinSubscriptionId), eq(d.odinResourceId, r.odinResourceId), isNull(d.resolvedAt)));
}

/** Whether a finding for this very edit (same who and when) was already raised: a dismissed one stays dismissed. */
export async function editAlreadyRaised(store: Store, tenantId: string, r: { odinSubscriptionId: string; odinResourceId: string }, note: DriftNote): Promise<boolean> {
  const { db, t } = store;
  const d = t.driftFindings;
  const rows = await db
    .select({ changedBy: d.changedBy, changedAt: d.changedAt })
    .from(d)
    .where(and(eq(d.tenantId, tenantId), eq(d.odinSubscriptionId, r.odinSubscriptionId), eq(d.odinResourceId, r.odinResourceId)));
  return rows.some((x) => x.changedBy === note.changedBy && x.changedAt === note.changedAt);
}
