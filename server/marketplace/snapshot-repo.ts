/**
 * Reads and writes of the Marketplace snapshot tables (mp_*). One subscription and all its resources
 * are written together with `store.atomic`, so a reader never sees half a subscription.
 */
import { and, eq } from 'drizzle-orm';
import type { PendingQuery, Store } from '../db/store.js';
import type { ScanState, StoredSubscription, ListedSubscription } from './detect.js';
import type { ScanIssue, StoredResource } from './resources.js';

export interface SyncStateRow extends ScanState {
  lastScanStatus: string | null;
  lastScanJson: string | null;
}

export async function loadSyncState(store: Store, tenantId: string): Promise<SyncStateRow | null> {
  const { db, t } = store;
  const rows = await db.select().from(t.mpSyncState).where(eq(t.mpSyncState.tenantId, tenantId));
  const r = rows[0];
  return r ? { checkpoint: r.checkpoint, lastFullScanAt: r.lastFullScanAt, lastScanStatus: r.lastScanStatus, lastScanJson: r.lastScanJson } : null;
}

export async function saveSyncState(store: Store, tenantId: string, s: SyncStateRow, now: string): Promise<void> {
  const set = { checkpoint: s.checkpoint, lastFullScanAt: s.lastFullScanAt, lastScanStatus: s.lastScanStatus, lastScanJson: s.lastScanJson, updatedAt: now };
  await store.upsert(store.t.mpSyncState, { tenantId, ...set }, [store.t.mpSyncState.tenantId], set);
}

export async function loadSubscriptions(store: Store, tenantId: string): Promise<Map<string, StoredSubscription>> {
  const { db, t } = store;
  const rows = await db.select().from(t.mpSubscriptions).where(eq(t.mpSubscriptions.tenantId, tenantId));
  return new Map(
    rows.map((r) => [
      r.odinSubscriptionId,
      {
        id: r.odinSubscriptionId,
        customerId: r.odinAccountId,
        name: r.name,
        status: r.status,
        lastModified: r.lastModified,
        renewalDate: r.renewalDate,
        billingPeriod: r.billingPeriod,
        subscriptionPeriod: r.subscriptionPeriod,
        detailReadAt: r.detailReadAt,
      },
    ]),
  );
}

export async function loadCompanies(store: Store, tenantId: string): Promise<Map<string, { name: string; status: string }>> {
  const { db, t } = store;
  const rows = await db.select().from(t.mpCompanies).where(eq(t.mpCompanies.tenantId, tenantId));
  return new Map(rows.map((r) => [r.odinAccountId, { name: r.name, status: r.status }]));
}

export async function saveCompany(store: Store, tenantId: string, c: { odinAccountId: string; name: string; status: string }, now: string): Promise<void> {
  const t = store.t.mpCompanies;
  await store.upsert(t, { tenantId, ...c, updatedAt: now }, [t.tenantId, t.odinAccountId], { name: c.name, status: c.status, updatedAt: now });
}

/** Resources of one subscription, or of the whole tenant (a full scan reads them in one query). */
export async function loadResources(store: Store, tenantId: string, subscriptionId?: string): Promise<StoredResource[]> {
  const { db, t } = store;
  const where = subscriptionId
    ? and(eq(t.mpResources.tenantId, tenantId), eq(t.mpResources.odinSubscriptionId, subscriptionId))
    : eq(t.mpResources.tenantId, tenantId);
  const rows = await db.select().from(t.mpResources).where(where);
  return rows.map((r) => ({
    odinSubscriptionId: r.odinSubscriptionId,
    odinResourceId: r.odinResourceId,
    mpn: r.mpn,
    name: r.name,
    unit: r.unit,
    count: r.count,
    unitPrice: r.unitPrice,
    unitCost: r.unitCost,
    countChangedAt: r.countChangedAt,
  }));
}

/** The products (by mpn) each stored subscription of one customer holds: one indexed query. */
export async function holdingsOfCustomer(store: Store, tenantId: string, customerId: string): Promise<Map<string, Set<string>>> {
  const { db, t } = store;
  const rows = await db
    .select({ sub: t.mpSubscriptions.odinSubscriptionId, mpn: t.mpResources.mpn })
    .from(t.mpSubscriptions)
    .leftJoin(t.mpResources, and(eq(t.mpResources.tenantId, t.mpSubscriptions.tenantId), eq(t.mpResources.odinSubscriptionId, t.mpSubscriptions.odinSubscriptionId)))
    .where(and(eq(t.mpSubscriptions.tenantId, tenantId), eq(t.mpSubscriptions.odinAccountId, customerId)));
  const out = new Map<string, Set<string>>();
  for (const r of rows) {
    const set = out.get(r.sub) ?? new Set<string>();
    if (r.mpn) set.add(r.mpn);
    out.set(r.sub, set);
  }
  return out;
}

function subscriptionRow(tenantId: string, s: ListedSubscription, detailReadAt: string | null, now: string) {
  return {
    tenantId,
    odinSubscriptionId: s.id,
    odinAccountId: s.customerId,
    name: s.name,
    status: s.status,
    billingPeriod: s.billingPeriod,
    subscriptionPeriod: s.subscriptionPeriod ?? null,
    renewalDate: s.renewalDate,
    lastModified: s.lastModified,
    detailReadAt,
    updatedAt: now,
  };
}

/** The subscription row and, when given, all its resource rows: all land or none. */
export async function writeSubscription(store: Store, tenantId: string, s: ListedSubscription, resources: StoredResource[] | null, now: string): Promise<void> {
  const { t } = store;
  const subKey = and(eq(t.mpSubscriptions.tenantId, tenantId), eq(t.mpSubscriptions.odinSubscriptionId, s.id));
  if (!resources) {
    // Resources unchanged: one statement moves the list fields and the read time.
    const { tenantId: _t, odinSubscriptionId: _s, ...set } = subscriptionRow(tenantId, s, now, now);
    await store.db.update(t.mpSubscriptions).set(set).where(subKey);
    return;
  }
  const resKey = and(eq(t.mpResources.tenantId, tenantId), eq(t.mpResources.odinSubscriptionId, s.id));
  await store.atomic((db) => {
    const q: PendingQuery[] = [db.delete(t.mpSubscriptions).where(subKey), db.insert(t.mpSubscriptions).values(subscriptionRow(tenantId, s, now, now))];
    q.push(db.delete(t.mpResources).where(resKey));
    // Chunks of 150 rows stay under SQL Server's 2,100 parameters per statement (11 columns a row).
    for (let i = 0; i < resources.length; i += 150) {
      q.push(db.insert(t.mpResources).values(resources.slice(i, i + 150).map((r) => ({ tenantId, ...r, updatedAt: now }))));
    }
    return q;
  });
}

/** List fields of a subscription whose detail was not read (name, dates): resources untouched. */
export async function updateListedFields(store: Store, tenantId: string, s: ListedSubscription, now: string): Promise<void> {
  const { db, t } = store;
  const { odinAccountId, name, billingPeriod, subscriptionPeriod, renewalDate } = subscriptionRow(tenantId, s, null, now);
  await db
    .update(t.mpSubscriptions)
    .set({ odinAccountId, name, billingPeriod, subscriptionPeriod, renewalDate, updatedAt: now })
    .where(and(eq(t.mpSubscriptions.tenantId, tenantId), eq(t.mpSubscriptions.odinSubscriptionId, s.id)));
}

/** After a failed detail read: the next cycle reads it again. Nothing else changes. */
export async function markDetailStale(store: Store, tenantId: string, subscriptionId: string): Promise<void> {
  const { db, t } = store;
  await db
    .update(t.mpSubscriptions)
    .set({ detailReadAt: null })
    .where(and(eq(t.mpSubscriptions.tenantId, tenantId), eq(t.mpSubscriptions.odinSubscriptionId, subscriptionId)));
}

export async function addIssues(store: Store, tenantId: string, issues: ScanIssue[], now: string): Promise<void> {
  const { db, t } = store;
  for (let i = 0; i < issues.length; i += 100) {
    const chunk = issues.slice(i, i + 100).map((x) => ({ id: crypto.randomUUID(), tenantId, seenAt: now, objectKind: x.objectKind, objectId: x.objectId, message: x.message }));
    await db.insert(t.mpScanIssues).values(chunk);
  }
}
