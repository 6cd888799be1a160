/**
 * Finding what to alert about, each once (alert_events is keyed by dedupKey): adjustments that failed,
 * open drift findings, renewals within N days of linked subscriptions, and Marketplace resources with
 * seats that no relation bills (revenue that would go un-invoiced).
 */
import { and, eq, gt, inArray, isNull, lte, gte } from 'drizzle-orm';
import type { Store } from '../db/store.js';
import { addDays } from '../domain/dates.js';
import type { AlertKind } from '../domain/alerts.js';

/**
 * `baseline`: the first run after alerts are set up records the resources already unlinked as known
 * (delivered), so only purchases made from then on are announced.
 */
export async function detectAlertEvents(store: Store, tenantId: string, today: string, renewalDays: number, nowIso: string, baseline = false): Promise<number> {
  const { db, t } = store;
  const found: { key: string; kind: AlertKind; text: string }[] = [];
  const failed = await db.select().from(t.adjustments).where(and(eq(t.adjustments.tenantId, tenantId), eq(t.adjustments.status, 'failed')));
  for (const r of failed) found.push({ key: `failure:${r.id}`, kind: 'failure', text: `Subscription ${r.odinSubscriptionId}, resource ${r.odinResourceId}: ${r.unitChange > 0 ? '+' : ''}${r.unitChange} dated ${r.effectiveDate} failed: ${r.lastError ?? 'no message'}` });
  const drift = await db.select().from(t.driftFindings).where(and(eq(t.driftFindings.tenantId, tenantId), isNull(t.driftFindings.resolvedAt)));
  for (const d of drift) found.push({ key: `drift:${d.id}`, kind: 'drift', text: `Subscription ${d.odinSubscriptionId}, resource ${d.odinResourceId}: the PSA shows ${d.psaUnits} units, we posted ${d.ledgerUnits}, the Marketplace counts ${d.marketplaceCount}` });
  const s = t.mpSubscriptions;
  const renewing = await db.select({ id: s.odinSubscriptionId, name: s.name, renewalDate: s.renewalDate }).from(s)
    .innerJoin(t.subscriptionLinks, and(eq(t.subscriptionLinks.tenantId, s.tenantId), eq(t.subscriptionLinks.odinSubscriptionId, s.odinSubscriptionId)))
    .where(and(eq(s.tenantId, tenantId), eq(s.status, 'active'), gte(s.renewalDate, today), lte(s.renewalDate, addDays(today, renewalDays))));
  for (const r of renewing) found.push({ key: `renewal:${r.id}:${r.renewalDate}`, kind: 'renewal', text: `${r.name} (${r.id}) renews on ${r.renewalDate}` });
  const r = t.mpResources;
  const withSeats = await db.select({ sub: r.odinSubscriptionId, res: r.odinResourceId, name: r.name, count: r.count }).from(r).where(and(eq(r.tenantId, tenantId), gt(r.count, 0)));
  const linked = new Set((await db.select({ s: t.resourceLinks.odinSubscriptionId, r: t.resourceLinks.odinResourceId }).from(t.resourceLinks).where(eq(t.resourceLinks.tenantId, tenantId))).map((l) => `${l.s}|${l.r}`));
  const active = new Set((await db.select({ id: s.odinSubscriptionId }).from(s).where(and(eq(s.tenantId, tenantId), inArray(s.status, ['active'])))).map((x) => x.id));
  for (const x of withSeats) {
    if (linked.has(`${x.sub}|${x.res}`) || !active.has(x.sub)) continue;
    found.push({ key: `unlinked:${x.sub}:${x.res}`, kind: 'unlinked', text: `${x.name} (subscription ${x.sub}, resource ${x.res}): ${x.count} seats bought, no PSA relation bills them` });
  }
  let added = 0;
  for (const f of found) {
    const known = baseline && f.kind === 'unlinked' ? nowIso : null;
    if (await store.insertIfAbsent(t.alertEvents, { id: crypto.randomUUID(), tenantId, dedupKey: f.key, kind: f.kind, text: f.text, createdAt: nowIso, deliveredAt: known }, [t.alertEvents.tenantId, t.alertEvents.dedupKey])) added++;
  }
  return added;
}
