/**
 * The state of one relation as the audit trail records it before and after a change: the PSA side it
 * points at and, for a resource, its policies. null when not linked.
 */
import { and, eq } from 'drizzle-orm';
import type { Store } from '../db/store.js';
import { recordAudit, type AuditEntry } from './record.js';

export type LinkLevel = 'company' | 'subscription' | 'resource';
export interface LinkIds {
  odinAccountId?: string;
  odinSubscriptionId?: string;
  odinResourceId?: string;
}

export function subjectOf(level: LinkLevel, ids: LinkIds): string {
  if (level === 'company') return String(ids.odinAccountId);
  if (level === 'subscription') return String(ids.odinSubscriptionId);
  return `${ids.odinSubscriptionId}/${ids.odinResourceId}`;
}

export async function readLinkState(store: Store, tenantId: string, level: LinkLevel, ids: LinkIds): Promise<Record<string, unknown> | null> {
  const { db, t } = store;
  if (level === 'company') {
    const [r] = await db.select().from(t.companyLinks).where(and(eq(t.companyLinks.tenantId, tenantId), eq(t.companyLinks.odinAccountId, String(ids.odinAccountId))));
    return r ? { psaKind: r.psaKind, psaAccountId: r.psaAccountId, psaAccountName: r.psaAccountName } : null;
  }
  if (level === 'subscription') {
    const [r] = await db.select().from(t.subscriptionLinks).where(and(eq(t.subscriptionLinks.tenantId, tenantId), eq(t.subscriptionLinks.odinSubscriptionId, String(ids.odinSubscriptionId))));
    return r ? { psaContractId: r.psaContractId, psaContractName: r.psaContractName } : null;
  }
  const rl = t.resourceLinks;
  const [r] = await db.select().from(rl).where(and(eq(rl.tenantId, tenantId), eq(rl.odinSubscriptionId, String(ids.odinSubscriptionId)), eq(rl.odinResourceId, String(ids.odinResourceId))));
  return r
    ? { psaServiceId: r.psaServiceId, psaContractServiceId: r.psaContractServiceId, psaServiceName: r.psaServiceName, decreasePolicy: r.decreasePolicy, priceSource: r.priceSource, customPrice: r.customPrice, statusPolicy: r.statusPolicyJson ? JSON.parse(r.statusPolicyJson) : null }
    : null;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Run `change` and record it as link/clear with the relation's state before and after; nothing is
 * recorded when the state did not move (a repeated PUT).
 */
export async function auditedLinkChange<T>(
  store: Store,
  who: { tenantId: string; actor: string; at: () => string },
  level: LinkLevel,
  ids: LinkIds,
  change: () => Promise<T>,
): Promise<T> {
  const before = await readLinkState(store, who.tenantId, level, ids);
  const out = await change();
  const after = await readLinkState(store, who.tenantId, level, ids);
  if (!same(before, after)) {
    await recordAudit(store, who.at(), { tenantId: who.tenantId, actor: who.actor, action: after ? 'link' : 'clear', subjectType: level, subject: subjectOf(level, ids), before, after });
  }
  return out;
}

/** The same for Manage Relations: every item named in a bulk request, recorded when it moved. */
export async function auditedBulkChange<T>(
  store: Store,
  who: { tenantId: string; actor: string; at: () => string },
  items: Array<{ level: LinkLevel } & LinkIds>,
  change: () => Promise<T>,
): Promise<T> {
  const seen = new Map<string, { level: LinkLevel; ids: LinkIds; before: Record<string, unknown> | null }>();
  for (const it of items) {
    const key = `${it.level}:${subjectOf(it.level, it)}`;
    if (!seen.has(key)) seen.set(key, { level: it.level, ids: it, before: await readLinkState(store, who.tenantId, it.level, it) });
  }
  const out = await change();
  const entries: AuditEntry[] = [];
  for (const { level, ids, before } of seen.values()) {
    const after = await readLinkState(store, who.tenantId, level, ids);
    if (!same(before, after)) entries.push({ tenantId: who.tenantId, actor: who.actor, action: after ? 'link' : 'clear', subjectType: level, subject: subjectOf(level, ids), before, after, note: 'Manage Relations' });
  }
  const at = who.at();
  for (const e of entries) await recordAudit(store, at, e);
  return out;
}

/** A bulk item that names a relation well enough to read it (the bulk applier judges the rest). */
export function namedLinks(items: unknown[]): Array<{ level: LinkLevel } & LinkIds> {
  const str = (v: unknown) => typeof v === 'string' && v.length > 0 && v.length <= 64;
  return items.filter((i): i is { level: LinkLevel } & LinkIds => {
    const x = (i ?? {}) as Record<string, unknown>;
    if (x.level === 'company') return str(x.odinAccountId);
    if (x.level === 'subscription') return str(x.odinSubscriptionId);
    return x.level === 'resource' && str(x.odinSubscriptionId) && str(x.odinResourceId);
  });
}
