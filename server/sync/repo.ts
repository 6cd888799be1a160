/**
 * The engine's reads and writes of the tables it owns (adjustments, resource_links' ledger columns,
 * drift_findings). Queries follow store.ts's rules so they run on SQLite, D1 and SQL Server alike.
 */
import { and, eq, gt, gte, inArray, isNotNull, isNull, not, or, sql, type SQL } from 'drizzle-orm';
import type { Store } from '../db/store.js';
import type { AdjustmentRow } from '../db/sqlite/adjustments.js';
import type { PsaKind } from '../psa/types.js';

/** A resource link with everything planning and posting need, joined from the links and the snapshot. */
export interface LinkedResource {
  odinAccountId: string;
  odinSubscriptionId: string;
  odinResourceId: string;
  psaAccountId: string;
  psaContractId: string;
  psaServiceId: string;
  psaContractServiceId: string | null;
  decreasePolicy: string;
  statusPolicyJson: string | null;
  priceSource: string;
  customPrice: number | null;
  ledgerUnits: number | null;
  plannedCount: number | null;
  linkCreatedAt: string;
  /** Marketplace count; null when the resource is not in the snapshot. */
  count: number | null;
  unitPrice: number | null;
  unitCost: number | null;
  resourceName: string | null;
  /** null when the subscription is not in the snapshot. */
  subscriptionStatus: string | null;
  billingPeriod: string | null;
  renewalDate: string | null;
  /** The commitment term ("1 year", "1 month"), null when the Marketplace did not say. */
  subscriptionPeriod: string | null;
}

export interface TenantSettings {
  id: string;
  psaKind: PsaKind;
  timeZone: string;
  prorationConvention: 'inclusive' | 'exclusive';
  syncIntervalSeconds: number;
  status: string;
}

/** 'held' waits for review: it shapes planning like any unsent row, and the poster stops at it. */
export const UNFINISHED = ['planned', 'posting', 'failed', 'unknown', 'held'] as const;
export const LIVE = ['planned', 'posting', 'failed', 'unknown', 'posted'] as const;

export const resourceKey = (r: { odinSubscriptionId: string; odinResourceId: string }) => `${r.odinSubscriptionId}|${r.odinResourceId}`;
export const serviceKey = (r: { psaContractId: string; psaServiceId: string }) => `${r.psaContractId}|${r.psaServiceId}`;

export async function loadTenant(store: Store, tenantId: string): Promise<TenantSettings | null> {
  const { db, t } = store;
  const rows = await db.select().from(t.tenants).where(eq(t.tenants.id, tenantId));
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id,
    psaKind: r.psaKind === 'connectwise' ? 'connectwise' : 'autotask',
    timeZone: r.timeZone,
    prorationConvention: r.prorationConvention === 'exclusive' ? 'exclusive' : 'inclusive',
    syncIntervalSeconds: r.syncIntervalSeconds,
    status: r.status,
  };
}

/**
 * Linked resources of a tenant (all three levels set, the company linked in the tenant's current PSA),
 * optionally one resource.
 */
export async function loadLinkedResources(store: Store, tenantId: string, psaKind: PsaKind, only?: { odinSubscriptionId: string; odinResourceId: string }): Promise<LinkedResource[]> {
  const rl = store.t.resourceLinks;
  const where = only
    ? and(eq(rl.tenantId, tenantId), eq(rl.odinSubscriptionId, only.odinSubscriptionId), eq(rl.odinResourceId, only.odinResourceId))
    : eq(rl.tenantId, tenantId);
  return selectLinked(store, psaKind, where);
}

/**
 * The links a cycle must plan: every link except those whose plan is certainly settled, i.e. reconciled,
 * planned to exactly the Marketplace's count, in status 'active' under the default status policy. For
 * those planOf returns null (target = count = plannedCount), so skipping them changes no decision, and a
 * cycle with nothing changed reads a handful of rows instead of every link. Quantity floors move the
 * target away from the count, so a tenant with floors plans from all links (the caller decides).
 */
export async function loadLinksToPlan(store: Store, tenantId: string, psaKind: PsaKind): Promise<LinkedResource[]> {
  const { t } = store;
  const rl = t.resourceLinks;
  const settled = and(
    isNotNull(rl.ledgerUnits),
    isNotNull(rl.plannedCount),
    isNull(rl.statusPolicyJson),
    // Each nullable column is tested for null first: FALSE AND NULL is FALSE, so `not` never sees a NULL.
    isNotNull(t.mpSubscriptions.status),
    eq(t.mpSubscriptions.status, 'active'),
    isNotNull(t.mpResources.count),
    gte(t.mpResources.count, 0),
    eq(t.mpResources.count, rl.plannedCount),
  );
  return selectLinked(store, psaKind, and(eq(rl.tenantId, tenantId), not(settled!)));
}

/** The links of these Marketplace subscriptions (e.g. those with rows to post), read in chunks. */
export async function loadLinksOfSubscriptions(store: Store, tenantId: string, psaKind: PsaKind, subscriptionIds: Iterable<string>): Promise<LinkedResource[]> {
  const rl = store.t.resourceLinks;
  return inChunks([...new Set(subscriptionIds)], (ids) => selectLinked(store, psaKind, and(eq(rl.tenantId, tenantId), inArray(rl.odinSubscriptionId, ids))));
}

/**
 * Every link on these PSA contracts (the renewal step moves a contract's links together), read in chunks:
 * the contracts' subscriptions first (by the contract index), then their links, never a pass over every link.
 */
export async function loadLinksOfContracts(store: Store, tenantId: string, psaKind: PsaKind, contractIds: Iterable<string>): Promise<LinkedResource[]> {
  const sl = store.t.subscriptionLinks;
  const subs = await inChunks([...new Set(contractIds)], (ids) =>
    store.db.select({ id: sl.odinSubscriptionId }).from(sl).where(and(eq(sl.tenantId, tenantId), inArray(sl.psaContractId, ids))),
  );
  return loadLinksOfSubscriptions(store, tenantId, psaKind, subs.map((s) => s.id));
}

/** SQL Server takes at most 2,100 parameters a statement: lists are read 1,000 at a time. */
async function inChunks<T>(ids: string[], read: (ids: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += 1000) out.push(...(await read(ids.slice(i, i + 1000))));
  return out;
}

async function selectLinked(store: Store, psaKind: PsaKind, where: SQL | undefined): Promise<LinkedResource[]> {
  const { db, t } = store;
  const rl = t.resourceLinks;
  const rows = await db
    .select({
      odinAccountId: t.subscriptionLinks.odinAccountId,
      odinSubscriptionId: rl.odinSubscriptionId,
      odinResourceId: rl.odinResourceId,
      psaAccountId: t.companyLinks.psaAccountId,
      psaContractId: t.subscriptionLinks.psaContractId,
      psaServiceId: rl.psaServiceId,
      psaContractServiceId: rl.psaContractServiceId,
      decreasePolicy: rl.decreasePolicy,
      statusPolicyJson: rl.statusPolicyJson,
      priceSource: rl.priceSource,
      customPrice: rl.customPrice,
      ledgerUnits: rl.ledgerUnits,
      plannedCount: rl.plannedCount,
      linkCreatedAt: rl.createdAt,
      count: t.mpResources.count,
      unitPrice: t.mpResources.unitPrice,
      unitCost: t.mpResources.unitCost,
      resourceName: t.mpResources.name,
      subscriptionStatus: t.mpSubscriptions.status,
      billingPeriod: t.mpSubscriptions.billingPeriod,
      renewalDate: t.mpSubscriptions.renewalDate,
      subscriptionPeriod: t.mpSubscriptions.subscriptionPeriod,
    })
    .from(rl)
    .innerJoin(t.subscriptionLinks, and(eq(t.subscriptionLinks.tenantId, rl.tenantId), eq(t.subscriptionLinks.odinSubscriptionId, rl.odinSubscriptionId)))
    .innerJoin(
      t.companyLinks,
      and(eq(t.companyLinks.tenantId, rl.tenantId), eq(t.companyLinks.odinAccountId, t.subscriptionLinks.odinAccountId), eq(t.companyLinks.psaKind, psaKind)),
    )
    .leftJoin(t.mpSubscriptions, and(eq(t.mpSubscriptions.tenantId, rl.tenantId), eq(t.mpSubscriptions.odinSubscriptionId, rl.odinSubscriptionId)))
    .leftJoin(
      t.mpResources,
      and(eq(t.mpResources.tenantId, rl.tenantId), eq(t.mpResources.odinSubscriptionId, rl.odinSubscriptionId), eq(t.mpResources.odinResourceId, rl.odinResourceId)),
    )
    .where(where);
  return rows as LinkedResource[];
}

/**
 * Rows still to post or settle, plus posted rows dated after `today` (they shape the units of later dates).
 * Two queries, not one with OR: each then reads its own index (status; status and date) instead of every
 * row of the tenant, which a provider's 100,000-row log makes slow.
 */
export async function loadOpenRows(store: Store, tenantId: string, today: string, only?: { odinSubscriptionId: string; odinResourceId: string }): Promise<AdjustmentRow[]> {
  const { db, t } = store;
  const a = t.adjustments;
  const scope = only ? and(eq(a.odinSubscriptionId, only.odinSubscriptionId), eq(a.odinResourceId, only.odinResourceId)) : undefined;
  const unfinished = await db.select().from(a).where(and(eq(a.tenantId, tenantId), scope, inArray(a.status, [...UNFINISHED])));
  const later = await db.select().from(a).where(and(eq(a.tenantId, tenantId), scope, eq(a.status, 'posted'), gt(a.effectiveDate, today)));
  return [...unfinished, ...later];
}

/**
 * Rows dated `from` or later of this resource or of its PSA service (any status): for merge and dedup keys.
 * Read per index (the resource's, the service's) and joined, in queue order.
 */
export async function loadRowsFrom(store: Store, tenantId: string, link: LinkedResource, from: string): Promise<AdjustmentRow[]> {
  const { db, t } = store;
  const a = t.adjustments;
  const ofResource = await db.select().from(a).where(and(eq(a.tenantId, tenantId), eq(a.odinSubscriptionId, link.odinSubscriptionId), eq(a.odinResourceId, link.odinResourceId), gte(a.effectiveDate, from)));
  const ofService = await db.select().from(a).where(and(eq(a.tenantId, tenantId), eq(a.psaContractId, link.psaContractId), eq(a.psaServiceId, link.psaServiceId), gte(a.effectiveDate, from)));
  const byId = new Map([...ofResource, ...ofService].map((r) => [r.id, r]));
  return [...byId.values()].sort(queueOrder);
}

/**
 * Sum of landed changes on the row's PSA service dated after `date`. The ledger counts every landed
 * adjustment; minus these it gives the service's units on `date`.
 */
export async function postedAfter(store: Store, tenantId: string, target: { psaContractId: string; psaServiceId: string }, date: string): Promise<number> {
  const { db, t } = store;
  const a = t.adjustments;
  const rows = await db
    .select({ total: sql<number>`coalesce(sum(${a.unitChange}), 0)` })
    .from(a)
    .where(
      and(
        eq(a.tenantId, tenantId),
        eq(a.psaContractId, target.psaContractId),
        eq(a.psaServiceId, target.psaServiceId),
        eq(a.status, 'posted'),
        gt(a.effectiveDate, date),
      ),
    );
  return Number(rows[0]?.total ?? 0);
}

export function linkWhere(store: Store, tenantId: string, r: { odinSubscriptionId: string; odinResourceId: string }) {
  const rl = store.t.resourceLinks;
  return and(eq(rl.tenantId, tenantId), eq(rl.odinSubscriptionId, r.odinSubscriptionId), eq(rl.odinResourceId, r.odinResourceId));
}

/** The row's order in its resource's queue: creation time, then date, then key. */
export function queueOrder(a: AdjustmentRow, b: AdjustmentRow): number {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.effectiveDate < b.effectiveDate ? -1 : a.effectiveDate > b.effectiveDate ? 1 : a.dedupKey < b.dedupKey ? -1 : a.dedupKey > b.dedupKey ? 1 : 0;
}
