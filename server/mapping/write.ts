/**
 * Setting and clearing the three levels of relations (company -> account, subscription -> contract,
 * resource -> service). Rules (docs/api.md, design/domain.md "Mapping"):
 *  - an object must be in the tenant's Marketplace snapshot (else 404, which also hides other tenants');
 *  - a lower level needs its parent linked first (409);
 *  - re-pointing a parent to another account/contract clears the relations below it (their contracts
 *    and services belong to the old one); clearing removes everything below; neither posts anything;
 *  - whenever a resource stops syncing to a service, its adjustments that certainly are not in the PSA
 *    (domain/landing.ts: planned, or failed and refused as not saved) are cancelled, so nothing is posted
 *    for a relation the user removed. A row that may have landed (posting, unknown, failed after an outage
 *    answer to the write) is left to the sync engine, which settles it: history if it landed, cancelled if not.
 */
import { and, eq, inArray, isNull, or, type SQL } from 'drizzle-orm';
import { REFUSED_KINDS } from '../domain/landing.js';
import { isUniqueViolation, type Db, type PendingQuery, type Store, type Tables } from '../db/store.js';
import { HttpError, notFound } from '../http/errors.js';
import type { PsaKind } from '../psa/types.js';

export interface MappingActor {
  tenantId: string;
  /** Who set the relation (the user's e-mail). */
  by: string;
  psaKind: PsaKind;
  now: string;
}

export const conflict = (message: string) => new HttpError(409, 'conflict', message);

export interface CompanyLinkInput {
  psaAccountId: string;
  psaAccountName?: string;
}

export interface CompanyLinkResult {
  link: { psaAccountId: string; psaAccountName: string };
  changed: boolean;
}

export async function setCompanyLink(store: Store, a: MappingActor, odinAccountId: string, input: CompanyLinkInput): Promise<CompanyLinkResult> {
  const { db, t } = store;
  const company = await db.select({ id: t.mpCompanies.odinAccountId }).from(t.mpCompanies)
    .where(and(eq(t.mpCompanies.tenantId, a.tenantId), eq(t.mpCompanies.odinAccountId, odinAccountId)));
  if (!company[0]) throw notFound(`Company ${odinAccountId}`);
  const [old] = await db.select().from(t.companyLinks)
    .where(and(eq(t.companyLinks.tenantId, a.tenantId), eq(t.companyLinks.odinAccountId, odinAccountId)));
  const link = { psaAccountId: input.psaAccountId, psaAccountName: input.psaAccountName ?? old?.psaAccountName ?? input.psaAccountId };
  if (old && old.psaAccountId === link.psaAccountId && old.psaKind === a.psaKind) {
    if (old.psaAccountName === link.psaAccountName) return { link, changed: false };
    await db.update(t.companyLinks).set({ psaAccountName: link.psaAccountName })
      .where(and(eq(t.companyLinks.tenantId, a.tenantId), eq(t.companyLinks.odinAccountId, odinAccountId)));
    return { link, changed: true };
  }
  const row = { tenantId: a.tenantId, odinAccountId, psaKind: a.psaKind, ...link, createdAt: a.now, createdBy: a.by };
  await writeAtomically(store, (d) => [
    // Another account: the contracts and services below belonged to the old one.
    ...(old ? clearBelowCompany(d, t, a, odinAccountId) : []),
    d.delete(t.companyLinks).where(and(eq(t.companyLinks.tenantId, a.tenantId), eq(t.companyLinks.odinAccountId, odinAccountId))),
    d.insert(t.companyLinks).values(row),
  ]);
  return { link, changed: true };
}

export interface SubscriptionLinkInput {
  psaContractId: string;
  psaContractName?: string;
}

export async function setSubscriptionLink(store: Store, a: MappingActor, odinSubscriptionId: string, input: SubscriptionLinkInput) {
  const { db, t } = store;
  const [sub] = await db.select({ odinAccountId: t.mpSubscriptions.odinAccountId }).from(t.mpSubscriptions)
    .where(and(eq(t.mpSubscriptions.tenantId, a.tenantId), eq(t.mpSubscriptions.odinSubscriptionId, odinSubscriptionId)));
  if (!sub) throw notFound(`Subscription ${odinSubscriptionId}`);
  const [parent] = await db.select({ id: t.companyLinks.psaAccountId }).from(t.companyLinks).where(and(
    eq(t.companyLinks.tenantId, a.tenantId), eq(t.companyLinks.odinAccountId, sub.odinAccountId), eq(t.companyLinks.psaKind, a.psaKind)));
  if (!parent) throw conflict(`Link company ${sub.odinAccountId} to a PSA account first: subscription ${odinSubscriptionId} belongs to it and it is not linked`);
  const [old] = await db.select().from(t.subscriptionLinks)
    .where(and(eq(t.subscriptionLinks.tenantId, a.tenantId), eq(t.subscriptionLinks.odinSubscriptionId, odinSubscriptionId)));
  const link = { psaContractId: input.psaContractId, psaContractName: input.psaContractName ?? old?.psaContractName ?? input.psaContractId };
  if (old && old.psaContractId === link.psaContractId && old.odinAccountId === sub.odinAccountId) {
    if (old.psaContractName === link.psaContractName) return { link, changed: false };
    await db.update(t.subscriptionLinks).set({ psaContractName: link.psaContractName })
      .where(and(eq(t.subscriptionLinks.tenantId, a.tenantId), eq(t.subscriptionLinks.odinSubscriptionId, odinSubscriptionId)));
    return { link, changed: true };
  }
  const row = { tenantId: a.tenantId, odinSubscriptionId, odinAccountId: sub.odinAccountId, ...link, createdAt: a.now, createdBy: a.by };
  await writeAtomically(store, (d) => [
    ...(old ? clearBelowSubscription(d, t, a, [odinSubscriptionId]) : []),
    d.delete(t.subscriptionLinks).where(and(eq(t.subscriptionLinks.tenantId, a.tenantId), eq(t.subscriptionLinks.odinSubscriptionId, odinSubscriptionId))),
    d.insert(t.subscriptionLinks).values(row),
  ]);
  return { link, changed: true };
}

/** Clear a company's relation and everything below it. False when there was nothing to clear. */
export async function clearCompanyLink(store: Store, a: MappingActor, odinAccountId: string): Promise<boolean> {
  const { db, t } = store;
  const [company] = await db.select({ id: t.mpCompanies.odinAccountId }).from(t.mpCompanies)
    .where(and(eq(t.mpCompanies.tenantId, a.tenantId), eq(t.mpCompanies.odinAccountId, odinAccountId)));
  const [link] = await db.select({ id: t.companyLinks.psaAccountId }).from(t.companyLinks)
    .where(and(eq(t.companyLinks.tenantId, a.tenantId), eq(t.companyLinks.odinAccountId, odinAccountId)));
  const [sub] = await db.select({ id: t.subscriptionLinks.odinSubscriptionId }).from(t.subscriptionLinks)
    .where(and(eq(t.subscriptionLinks.tenantId, a.tenantId), eq(t.subscriptionLinks.odinAccountId, odinAccountId)));
  // A company gone from the snapshot can still be cleared while a relation of it remains.
  if (!company && !link && !sub) throw notFound(`Company ${odinAccountId}`);
  if (!link && !sub) return false;
  await writeAtomically(store, (d) => [
    ...clearBelowCompany(d, t, a, odinAccountId),
    d.delete(t.companyLinks).where(and(eq(t.companyLinks.tenantId, a.tenantId), eq(t.companyLinks.odinAccountId, odinAccountId))),
  ]);
  return true;
}

export async function clearSubscriptionLink(store: Store, a: MappingActor, odinSubscriptionId: string): Promise<boolean> {
  const { db, t } = store;
  const [sub] = await db.select({ id: t.mpSubscriptions.odinSubscriptionId }).from(t.mpSubscriptions)
    .where(and(eq(t.mpSubscriptions.tenantId, a.tenantId), eq(t.mpSubscriptions.odinSubscriptionId, odinSubscriptionId)));
  const [link] = await db.select({ id: t.subscriptionLinks.psaContractId }).from(t.subscriptionLinks)
    .where(and(eq(t.subscriptionLinks.tenantId, a.tenantId), eq(t.subscriptionLinks.odinSubscriptionId, odinSubscriptionId)));
  const [res] = await db.select({ id: t.resourceLinks.odinResourceId }).from(t.resourceLinks)
    .where(and(eq(t.resourceLinks.tenantId, a.tenantId), eq(t.resourceLinks.odinSubscriptionId, odinSubscriptionId)));
  if (!sub && !link && !res) throw notFound(`Subscription ${odinSubscriptionId}`);
  if (!link && !res) return false;
  await writeAtomically(store, (d) => [
    ...clearBelowSubscription(d, t, a, [odinSubscriptionId]),
    d.delete(t.subscriptionLinks).where(and(eq(t.subscriptionLinks.tenantId, a.tenantId), eq(t.subscriptionLinks.odinSubscriptionId, odinSubscriptionId))),
  ]);
  return true;
}

/** Adjustments that certainly are not in the PSA (landing.ts certainlyUnsent, as SQL): safe to cancel when their relation goes. */
export function certainlyUnsentSql(t: Tables): SQL {
  const a = t.adjustments;
  return or(
    inArray(a.status, ['planned', 'held']),
    and(eq(a.status, 'failed'), or(isNull(a.unitsBefore), inArray(a.lastErrorKind, [...REFUSED_KINDS]))),
  )!;
}

/** Cancel the certainly unsent adjustments matching `scope` (tenant-filtered here). */
export function cancelUnsent(d: Db, t: Tables, a: MappingActor, scope: SQL): PendingQuery {
  return d.update(t.adjustments).set({ status: 'cancelled', updatedAt: a.now })
    .where(and(eq(t.adjustments.tenantId, a.tenantId), certainlyUnsentSql(t), scope));
}

function clearBelowCompany(d: Db, t: Tables, a: MappingActor, odinAccountId: string): PendingQuery[] {
  const subsOfCompany = or(
    inArray(t.resourceLinks.odinSubscriptionId, d.select({ id: t.subscriptionLinks.odinSubscriptionId }).from(t.subscriptionLinks)
      .where(and(eq(t.subscriptionLinks.tenantId, a.tenantId), eq(t.subscriptionLinks.odinAccountId, odinAccountId)))),
    inArray(t.resourceLinks.odinSubscriptionId, d.select({ id: t.mpSubscriptions.odinSubscriptionId }).from(t.mpSubscriptions)
      .where(and(eq(t.mpSubscriptions.tenantId, a.tenantId), eq(t.mpSubscriptions.odinAccountId, odinAccountId)))),
  )!;
  return [
    cancelUnsent(d, t, a, eq(t.adjustments.odinAccountId, odinAccountId)),
    d.delete(t.resourceLinks).where(and(eq(t.resourceLinks.tenantId, a.tenantId), subsOfCompany)),
    d.delete(t.subscriptionLinks).where(and(eq(t.subscriptionLinks.tenantId, a.tenantId), eq(t.subscriptionLinks.odinAccountId, odinAccountId))),
  ];
}

function clearBelowSubscription(d: Db, t: Tables, a: MappingActor, subIds: string[]): PendingQuery[] {
  return [
    cancelUnsent(d, t, a, inArray(t.adjustments.odinSubscriptionId, subIds)),
    d.delete(t.resourceLinks).where(and(eq(t.resourceLinks.tenantId, a.tenantId), inArray(t.resourceLinks.odinSubscriptionId, subIds))),
  ];
}

/** store.atomic, once more when a concurrent writer inserted the same key between our read and write. */
export async function writeAtomically(store: Store, build: (d: Db) => PendingQuery[]): Promise<void> {
  try {
    await store.atomic(build);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    await store.atomic(build);
  }
}
