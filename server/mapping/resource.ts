/**
 * Resource -> service relations. One resource maps to exactly one service; one service on one contract
 * takes one resource (two resources writing the same PSA units would undo each other's counts).
 * Setting a relation to a new service asks the sync engine for the one-time reconciliation of the
 * guide ("Marketplace 8, Autotask 1 -> post +7"); the route does that after this write.
 */
import { and, eq, ne, or } from 'drizzle-orm';
import type { Store } from '../db/store.js';
import { HttpError, notFound } from '../http/errors.js';
import type { PriceSource } from '../psa/types.js';
import { cancelUnsent, conflict, writeAtomically, type MappingActor } from './write.js';

export type DecreasePolicy = 'next_period' | 'immediate';

export interface ResourceLinkInput {
  psaServiceId: string;
  psaContractServiceId?: string | null;
  psaServiceName?: string;
  decreasePolicy?: DecreasePolicy;
  priceSource?: PriceSource;
  customPrice?: number | null;
}

export interface ResourceLink {
  psaServiceId: string;
  psaContractServiceId: string | null;
  psaServiceName: string;
  decreasePolicy: string;
  priceSource: string;
  customPrice: number | null;
}

export interface ResourceLinkResult {
  link: ResourceLink;
  /** Any field changed. */
  changed: boolean;
  /** The relation points at another place in the PSA than before (or is new): reconcile it. */
  retargeted: boolean;
}

export async function setResourceLink(
  store: Store, a: MappingActor, odinSubscriptionId: string, odinResourceId: string, input: ResourceLinkInput,
): Promise<ResourceLinkResult> {
  const { db, t } = store;
  const [res] = await db.select({ id: t.mpResources.odinResourceId }).from(t.mpResources).where(and(
    eq(t.mpResources.tenantId, a.tenantId), eq(t.mpResources.odinSubscriptionId, odinSubscriptionId), eq(t.mpResources.odinResourceId, odinResourceId)));
  if (!res) throw notFound(`Resource ${odinResourceId} of subscription ${odinSubscriptionId}`);
  const sl = t.subscriptionLinks;
  const cl = t.companyLinks;
  const [parent] = await db.select({ psaContractId: sl.psaContractId, psaContractName: sl.psaContractName }).from(sl)
    .innerJoin(cl, and(eq(cl.tenantId, sl.tenantId), eq(cl.odinAccountId, sl.odinAccountId), eq(cl.psaKind, a.psaKind)))
    .where(and(eq(sl.tenantId, a.tenantId), eq(sl.odinSubscriptionId, odinSubscriptionId)));
  if (!parent) throw conflict(`Link subscription ${odinSubscriptionId} to a PSA contract first: resource ${odinResourceId} belongs to it and it is not linked`);

  const rl = t.resourceLinks;
  const taken = await db.select({ odinSubscriptionId: rl.odinSubscriptionId, odinResourceId: rl.odinResourceId }).from(rl)
    .innerJoin(sl, and(eq(sl.tenantId, rl.tenantId), eq(sl.odinSubscriptionId, rl.odinSubscriptionId)))
    .where(and(
      eq(rl.tenantId, a.tenantId), eq(rl.psaServiceId, input.psaServiceId), eq(sl.psaContractId, parent.psaContractId),
      or(ne(rl.odinSubscriptionId, odinSubscriptionId), ne(rl.odinResourceId, odinResourceId)),
    ));
  if (taken[0]) {
    throw conflict(`Service ${input.psaServiceId} on contract ${parent.psaContractName} is already linked to resource ${taken[0].odinResourceId} of subscription ${taken[0].odinSubscriptionId}; clear that relation first`);
  }

  const key = and(eq(rl.tenantId, a.tenantId), eq(rl.odinSubscriptionId, odinSubscriptionId), eq(rl.odinResourceId, odinResourceId));
  const [old] = await db.select().from(rl).where(key);
  const link: ResourceLink = {
    psaServiceId: input.psaServiceId,
    psaContractServiceId: input.psaContractServiceId !== undefined ? input.psaContractServiceId : old?.psaServiceId === input.psaServiceId ? old.psaContractServiceId : null,
    psaServiceName: input.psaServiceName ?? (old?.psaServiceId === input.psaServiceId ? old.psaServiceName : input.psaServiceId),
    decreasePolicy: input.decreasePolicy ?? old?.decreasePolicy ?? 'next_period',
    priceSource: input.priceSource ?? old?.priceSource ?? 'catalog',
    customPrice: input.customPrice !== undefined ? input.customPrice : old?.customPrice ?? null,
  };
  if (link.priceSource === 'custom' && link.customPrice == null) {
    throw new HttpError(422 as 400, 'validation_failed', 'customPrice: a custom price source needs a price');
  }
  const retargeted = !old || old.psaServiceId !== link.psaServiceId || (old.psaContractServiceId ?? null) !== link.psaContractServiceId;
  if (old && !retargeted) {
    const same = old.psaServiceName === link.psaServiceName && old.decreasePolicy === link.decreasePolicy
      && old.priceSource === link.priceSource && (old.customPrice ?? null) === link.customPrice;
    if (same) return { link, changed: false, retargeted: false };
    // Same place in the PSA: policies change, the ledger of units stays.
    await db.update(rl).set({
      psaServiceName: link.psaServiceName, decreasePolicy: link.decreasePolicy, priceSource: link.priceSource, customPrice: link.customPrice,
    }).where(key);
    return { link, changed: true, retargeted: false };
  }
  const row = {
    tenantId: a.tenantId, odinSubscriptionId, odinResourceId, ...link,
    statusPolicyJson: old?.statusPolicyJson ?? null, ledgerUnits: null, plannedCount: null, createdAt: a.now, createdBy: a.by,
  };
  await writeAtomically(store, (d) => [
    // Deltas planned for the old service must not reach it; the reconciliation starts afresh.
    cancelUnsent(d, t, a, and(eq(t.adjustments.odinSubscriptionId, odinSubscriptionId), eq(t.adjustments.odinResourceId, odinResourceId))!),
    d.delete(rl).where(key),
    d.insert(rl).values(row),
  ]);
  return { link, changed: true, retargeted: true };
}

export async function clearResourceLink(store: Store, a: MappingActor, odinSubscriptionId: string, odinResourceId: string): Promise<boolean> {
  const { db, t } = store;
  const rl = t.resourceLinks;
  const key = and(eq(rl.tenantId, a.tenantId), eq(rl.odinSubscriptionId, odinSubscriptionId), eq(rl.odinResourceId, odinResourceId));
  const [link] = await db.select({ id: rl.psaServiceId }).from(rl).where(key);
  if (!link) {
    const [res] = await db.select({ id: t.mpResources.odinResourceId }).from(t.mpResources).where(and(
      eq(t.mpResources.tenantId, a.tenantId), eq(t.mpResources.odinSubscriptionId, odinSubscriptionId), eq(t.mpResources.odinResourceId, odinResourceId)));
    if (!res) throw notFound(`Resource ${odinResourceId} of subscription ${odinSubscriptionId}`);
    return false;
  }
  await store.atomic((d) => [
    cancelUnsent(d, t, a, and(eq(t.adjustments.odinSubscriptionId, odinSubscriptionId), eq(t.adjustments.odinResourceId, odinResourceId))!),
    d.delete(rl).where(key),
  ]);
  return true;
}
