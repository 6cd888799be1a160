/**
 * Releasing annual-term decreases on their renewal date (issue 14 item 3): run by the cycle, under its
 * lease, before planning. The resource's rows waiting for a renewal on or before today are folded into
 * one (foldAtRenewal: one adjustment per service per day) which becomes 'planned', dated the renewal, and
 * goes out through the poster like any other; the rest are cancelled. Each resource lands atomically.
 */
import { and, eq, lte, isNotNull } from 'drizzle-orm';
import type { Store } from '../db/store.js';
import { foldAtRenewal } from '../domain/term.js';
import { relationScope } from './policies.js';
import type { AdjustmentRow } from '../db/sqlite/adjustments.js';

export async function releaseDueTermHolds(store: Store, tenantId: string, today: string, nowIso: string): Promise<number> {
  const a = store.t.adjustments;
  const due = await store.db.select().from(a).where(and(eq(a.tenantId, tenantId), eq(a.status, 'held'), isNotNull(a.heldUntil), lte(a.heldUntil, today)));
  const byResource = new Map<string, AdjustmentRow[]>();
  for (const r of due) {
    const k = `${relationScope(r.odinSubscriptionId, r.odinResourceId)}|${r.heldUntil}`;
    byResource.set(k, [...(byResource.get(k) ?? []), r]);
  }
  let released = 0;
  for (const rows of byResource.values()) {
    rows.sort((x, y) => (x.createdAt < y.createdAt ? -1 : x.createdAt > y.createdAt ? 1 : x.id < y.id ? -1 : 1));
    const { keep, cancel } = foldAtRenewal(rows);
    const held = and(eq(a.status, 'held'));
    await store.atomic((db) => [
      ...(keep ? [db.update(a).set({ status: 'planned', unitChange: keep.unitChange, toCount: keep.toCount, updatedAt: nowIso }).where(and(eq(a.id, keep.id), held))] : []),
      ...cancel.map((id) => db.update(a).set({ status: 'cancelled', lastError: 'Folded into the adjustment posted at the renewal', updatedAt: nowIso }).where(and(eq(a.id, id), held))),
    ]);
    if (keep) released += 1;
  }
  return released;
}
