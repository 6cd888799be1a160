/**
 * "What will the next cycle post" for a tenant, without posting or writing anything (issue 14 item 2).
 * Built from the same rules the cycle runs: the rows already waiting (planned, failed and due, to be
 * settled, held), then what planning would add from the last Marketplace snapshot (planOf, the planner's
 * own pure step) passed through the review gate. Links never reconciled are listed as reconciliations:
 * their amount is only known once the cycle reads the PSA's units. The cycle refreshes the Marketplace
 * first, so a count changed since the last read shows up in the cycle, not here.
 */
import { col } from '../domain/columns.js';
import { localDateTime } from '../domain/report-query.js';
import { eq } from 'drizzle-orm';
import type { Store } from '../db/store.js';
import type { AdjustmentRow } from '../db/sqlite/adjustments.js';
import { todayInOrUtc } from '../domain/dates.js';
import { monthlyRunRateChange } from '../domain/review.js';
import type { ReportColumn } from '../domain/report-query.js';
import { planOf, priceOf, targetOf } from '../sync/planner.js';
import { loadLinkedResources, loadOpenRows, loadTenant, queueOrder, resourceKey, type LinkedResource } from '../sync/repo.js';
import { loadReviewGate } from './gate.js';
import { applyQuantityFloors } from './floor.js';

export type PreviewOutcome = 'post' | 'retry' | 'settle' | 'held' | 'waits' | 'reconcile';

export interface PreviewRow {
  adjustmentId: string | null;
  outcome: PreviewOutcome;
  why: string;
  companyName: string;
  subscriptionName: string;
  resourceName: string;
  odinAccountId: string;
  odinSubscriptionId: string;
  odinResourceId: string;
  psaContractId: string;
  psaServiceId: string;
  fromCount: number | null;
  toCount: number | null;
  unitChange: number | null;
  effectiveDate: string | null;
  heldUntil: string | null;
  estimatedAmount: number | null;
  monthlyChange: number | null;
}

export const PREVIEW_COLUMNS: ReportColumn[] = [
  { key: 'outcome', label: 'Next cycle', type: 'text' },
  { key: 'why', label: 'Why', type: 'text' },
  // The column vocabulary's names (domain/columns.ts); the PSA ids are details, as in the logs.
  ...(['companyName', 'subscriptionName', 'resourceName'] as const).map((k) => col(k, 'text')),
  col('fromCount', 'number'), col('toCount', 'number'), col('unitChange', 'number'), col('effectiveDate', 'date'), col('heldUntil', 'date'),
  col('estimatedAmount', 'money'), col('monthlyChange', 'money'),
  { key: 'psaContractId', label: 'PSA contract ID', type: 'text', detail: true },
  { key: 'psaServiceId', label: 'PSA service ID', type: 'text', detail: true },
];

/** What the cycle does with a row already waiting; a retry time reads as the screens' dates do (tenant zone, YYYY-MM-DD HH:MM). */
export function existingRow(r: AdjustmentRow, nowIso: string, blocked: boolean, timeZone = 'UTC'): Pick<PreviewRow, 'outcome' | 'why'> {
  if (blocked) return { outcome: 'waits', why: 'Waits behind an earlier change of this resource' };
  if (r.status === 'held') return { outcome: 'held', why: r.heldUntil ? `Held until the term renews on ${r.heldUntil}` : (r.holdReason ?? 'Held for review') };
  if (r.status === 'posting' || r.status === 'unknown') return { outcome: 'settle', why: 'Sent before without a clear answer: the cycle reads the PSA to tell whether it landed before sending again' };
  if (r.nextAttemptAt && r.nextAttemptAt > nowIso) return { outcome: 'waits', why: `Retries after ${localDateTime(new Date(r.nextAttemptAt), timeZone)}${r.lastError ? `: ${r.lastError}` : ''}` };
  return r.status === 'failed' ? { outcome: 'retry', why: `Retried: ${r.lastError ?? 'failed before'}` } : { outcome: 'post', why: 'Planned' };
}

export async function previewNextCycle(store: Store, tenantId: string, now: Date): Promise<{ today: string; rows: PreviewRow[] }> {
  const tenant = await loadTenant(store, tenantId);
  if (!tenant) return { today: now.toISOString().slice(0, 10), rows: [] };
  const { today } = todayInOrUtc(tenant.timeZone, now);
  const nowIso = now.toISOString();
  const [links, open, gate, companies, subscriptions] = await Promise.all([
    loadLinkedResources(store, tenantId, tenant.psaKind).then((l) => applyQuantityFloors(store, tenantId, l)),
    loadOpenRows(store, tenantId, today),
    loadReviewGate(store, tenantId, { today, prorationConvention: tenant.prorationConvention }),
    store.db.select({ id: store.t.mpCompanies.odinAccountId, name: store.t.mpCompanies.name }).from(store.t.mpCompanies).where(eq(store.t.mpCompanies.tenantId, tenantId)),
    store.db.select({ id: store.t.mpSubscriptions.odinSubscriptionId, name: store.t.mpSubscriptions.name }).from(store.t.mpSubscriptions).where(eq(store.t.mpSubscriptions.tenantId, tenantId)),
  ]);
  const companyName = new Map(companies.map((c) => [c.id, c.name]));
  const subscriptionName = new Map(subscriptions.map((s) => [s.id, s.name]));
  const openBy = new Map<string, AdjustmentRow[]>();
  for (const r of open) openBy.set(resourceKey(r), [...(openBy.get(resourceKey(r)) ?? []), r]);
  const rows: PreviewRow[] = [];
  const base = (l: LinkedResource) => ({
    companyName: companyName.get(l.odinAccountId) ?? l.odinAccountId, subscriptionName: subscriptionName.get(l.odinSubscriptionId) ?? l.odinSubscriptionId,
    resourceName: l.resourceName ?? l.odinResourceId, odinAccountId: l.odinAccountId, odinSubscriptionId: l.odinSubscriptionId, odinResourceId: l.odinResourceId,
    psaContractId: l.psaContractId, psaServiceId: l.psaServiceId,
  });
  for (const link of links) {
    const mine = openBy.get(resourceKey(link)) ?? [];
    if (link.ledgerUnits === null) {
      rows.push({ ...base(link), adjustmentId: null, outcome: 'reconcile', why: 'New relation: the cycle reads the PSA’s units and posts the difference to the Marketplace count', fromCount: null, toCount: targetOf(link), unitChange: null, effectiveDate: null, heldUntil: null, estimatedAmount: null, monthlyChange: null });
      continue;
    }
    let blocked = false;
    for (const r of mine.filter((x) => x.status !== 'posted').sort(queueOrder)) {
      const o = existingRow(r, nowIso, blocked, tenant.timeZone || 'UTC');
      // A row waiting for its term's renewal does not hold up the resource's other changes.
      blocked = blocked || (o.outcome !== 'post' && o.outcome !== 'retry' && !(r.status === 'held' && r.heldUntil));
      rows.push({ ...base(link), adjustmentId: r.id, ...o, fromCount: r.fromCount, toCount: r.toCount, unitChange: r.unitChange, effectiveDate: r.effectiveDate, heldUntil: r.heldUntil, estimatedAmount: r.estimatedAmount, monthlyChange: monthlyRunRateChange(r.unitChange, r.unitPrice) });
    }
    const planned = planOf(link, mine, today, tenant.prorationConvention);
    for (const a of planned?.plan.adjustments ?? []) {
      const price = priceOf(link);
      const hold = gate.hold({ odinSubscriptionId: link.odinSubscriptionId, odinResourceId: link.odinResourceId, unitChange: a.unitChange, unitPrice: price, reason: a.reason, effectiveDate: a.effectiveDate }, link);
      const o = blocked ? { outcome: 'waits' as const, why: 'Waits behind an earlier change of this resource' } : hold ? { outcome: 'held' as const, why: hold.holdReason, heldUntil: hold.heldUntil ?? null, effectiveDate: hold.effectiveDate ?? a.effectiveDate } : { outcome: 'post' as const, why: `Marketplace count ${link.count ?? 0}: ${a.reason}` };
      rows.push({ ...base(link), adjustmentId: null, fromCount: a.fromCount, toCount: a.toCount, unitChange: a.unitChange, effectiveDate: a.effectiveDate, heldUntil: null, estimatedAmount: hold?.estimatedAmount !== undefined ? hold.estimatedAmount : a.estimatedAmount, monthlyChange: monthlyRunRateChange(a.unitChange, price), ...o });
    }
  }
  return { today, rows };
}
