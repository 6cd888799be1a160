/**
 * The engine's reads and writes of the tables it owns (adjustments, resource_links' ledger columns,
 * drift_findings). Queries follow store.ts's rules so they run on SQLite, D1 and SQL Server alike.
 */
import { and, eq, gt, gte, inArray, or, sql } from 'drizzle-orm';
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
  const { db, t } = store;
  const rl = t.resourceLinks;
  const where = only
    ? and(eq(rl.tenantId, tenantId), eq(rl.odinSubscriptionId, only.odinSubscriptionId), eq(rl.odinResourceId, only.odinResourceId))
    : eq(rl.tenantId, tenantId);
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

/** Rows still to post or settle, plus posted rows dated after `today` (they shape the units of later dates). */
export async function loadOpenRows(store: Store, tenantId: string, today: string, only?: { odinSubscriptionId: string; odinResourceId: string }): Promise<AdjustmentRow[]> {
  const { db, t } = store;
  const a = t.adjustments;
  const scope = only ? and(eq(a.odinSubscriptionId, only.odinSubscriptionId), eq(a.odinResourceId, only.odinResourceId)) : undefined;
  return db
    .select()
    .from(a)
    .where(and(eq(a.tenantId, tenantId), scope, or(inArray(a.status, [...UNFINISHED]), and(eq(a.status, 'posted'), gt(a.effectiveDate, today)))));
}

/** Rows dated `from` or later of this resource or of its PSA service (any status): for merge and dedup keys. */
export async function loadRowsFrom(store: Store, tenantId: string, link: LinkedResource, from: string): Promise<AdjustmentRow[]> {
  const { db, t } = store;
  const a = t.adjustments;
  return db
    .select()
    .from(a)
    .where(
      and(
        eq(a.tenantId, tenantId),
        gte(a.effectiveDate, from),
        or(
          and(eq(a.odinSubscriptionId, link.odinSubscriptionId), eq(a.odinResourceId, link.odinResourceId)),
          and(eq(a.psaContractId, link.psaContractId), eq(a.psaServiceId, link.psaServiceId)),
        ),
      ),
    );
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
