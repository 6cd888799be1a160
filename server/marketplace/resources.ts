/**
 * Pure: a subscription detail (`SubscriptionDetailed.products[]`) checked and turned into resource rows,
 * then compared with what is stored. A product we cannot trust (duplicate id, a count that is missing,
 * negative or fractional) is reported and its stored row is kept as it was: bad input never zeroes a count.
 */
import type { ApiSubscriptionProduct, Money } from './api-types.js';
import type { CountChange, SnapshotResource } from './types.js';

export interface ScanIssue {
  objectKind: 'customer' | 'subscription' | 'resource' | 'order' | 'page' | 'token';
  objectId: string | null;
  message: string;
}

export interface StoredResource extends SnapshotResource {
  countChangedAt: string;
}

export interface ReadDetail {
  /** Products that passed the checks. */
  resources: SnapshotResource[];
  /** Resource ids present in the detail but not trustworthy: their stored rows stay untouched. */
  keep: Set<string>;
  issues: ScanIssue[];
}

/**
 * A resource is the subscription's product with that `mpn`, the stable SKU; `products[].id` is used when the
 * Marketplace sends it, and it may not (what it is, BSS resource id or rate id, is unverified: research
 * marketplace.md "Open questions"). So a product keeps the key it was first stored under, found by its mpn;
 * a new one is keyed by its id when present, else by its mpn.
 */
export function resourceKey(p: { id?: unknown; mpn?: unknown }, storedByMpn: ReadonlyMap<string, string>): string {
  const mpn = typeof p.mpn === 'string' && p.mpn ? p.mpn : '';
  const id = typeof p.id === 'string' || typeof p.id === 'number' ? String(p.id) : '';
  return (mpn && storedByMpn.get(mpn)) || id || mpn;
}

export function readProducts(subscriptionId: string, products: unknown, stored: readonly SnapshotResource[] = []): ReadDetail | { problem: string } {
  if (!Array.isArray(products)) return { problem: `subscription ${subscriptionId}: detail has no products[] list` };
  const storedByMpn = new Map(stored.filter((r) => r.mpn).map((r) => [r.mpn!, r.odinResourceId]));
  const issues: ScanIssue[] = [];
  const byId = new Map<string, SnapshotResource>();
  const keep = new Set<string>();
  const seen = new Set<string>();
  products.forEach((raw, i) => {
    const p = (raw ?? {}) as ApiSubscriptionProduct & Record<string, unknown>;
    const id = resourceKey(p, storedByMpn);
    const where = `subscription ${subscriptionId} products[${i}]`;
    if (!id) {
      issues.push({ objectKind: 'resource', objectId: null, message: `${where} has neither an mpn nor an id; skipped` });
      return;
    }
    if (seen.has(id)) {
      byId.delete(id);
      keep.add(id);
      issues.push({ objectKind: 'resource', objectId: id, message: `${where}: resource id ${id} appears more than once; its stored count is kept` });
      return;
    }
    seen.add(id);
    const q = p.quantity as unknown;
    if (typeof q !== 'number' || !Number.isFinite(q) || !Number.isInteger(q) || q < 0) {
      keep.add(id);
      const why = q === undefined || q === null ? 'no quantity' : `quantity ${JSON.stringify(q)} is not a whole number of 0 or more`;
      issues.push({ objectKind: 'resource', objectId: id, message: `${where} (resource ${id}): ${why}; its stored count is kept` });
      return;
    }
    if (keep.has(id)) return;
    byId.set(id, {
      odinSubscriptionId: subscriptionId,
      odinResourceId: id,
      mpn: typeof p.mpn === 'string' ? p.mpn : null,
      name: typeof p.name === 'string' && p.name ? p.name : (p.mpn ?? `Resource ${id}`),
      // v1.6 SubscriptionProduct has no unit of measure; later versions may send one.
      unit: typeof p.unit === 'string' ? p.unit : null,
      count: q,
      unitPrice: amount(p.unitPrice),
      unitCost: amount(p.unitCost),
    });
  });
  return { resources: [...byId.values()], keep, issues };
}

export function amount(m: Money | undefined): number | null {
  if (!m || (typeof m.amount !== 'string' && typeof m.amount !== 'number')) return null;
  const n = Number(m.amount);
  return Number.isFinite(n) ? n : null;
}

export interface Merge {
  rows: StoredResource[];
  changes: CountChange[];
  /** Rows differ from the stored ones in anything (count, price, name...). */
  dirty: boolean;
  issues: ScanIssue[];
}

/**
 * New rows for a subscription: read resources (count change time kept when the count did not move),
 * untrusted ones as stored. A resource no longer listed is kept as stored too, with an issue: a detail that
 * lists fewer products cannot be told from a partial answer, and zeroing would post a credit to the PSA.
 */
export function mergeResources(
  read: ReadDetail,
  stored: StoredResource[],
  ctx: { odinAccountId: string; status: string; now: string; changeAt: string },
): Merge {
  const old = new Map(stored.map((r) => [r.odinResourceId, r]));
  const rows: StoredResource[] = [];
  const changes: CountChange[] = [];
  const change = (r: SnapshotResource, oldCount: number | null) =>
    changes.push({
      odinAccountId: ctx.odinAccountId,
      odinSubscriptionId: r.odinSubscriptionId,
      odinResourceId: r.odinResourceId,
      oldCount,
      newCount: r.count,
      at: ctx.changeAt,
      subscriptionStatus: ctx.status,
    });
  let dirty = false;
  for (const r of read.resources) {
    const before = old.get(r.odinResourceId);
    const moved = !before || before.count !== r.count;
    if (moved) change(r, before ? before.count : null);
    const row = { ...r, countChangedAt: moved ? ctx.now : before!.countChangedAt };
    if (!before || !sameRow(before, row)) dirty = true;
    rows.push(row);
    old.delete(r.odinResourceId);
  }
  const issues: ScanIssue[] = [];
  for (const [id, before] of old) {
    rows.push(before);
    if (read.keep.has(id)) continue;
    issues.push({
      objectKind: 'resource',
      objectId: id,
      message: `subscription ${before.odinSubscriptionId} no longer lists resource ${id} (${before.name}); its stored count ${before.count} is kept until the Marketplace lists it again`,
    });
  }
  return { rows, changes, dirty, issues };
}

function sameRow(a: StoredResource, b: StoredResource): boolean {
  return a.count === b.count && a.name === b.name && a.mpn === b.mpn && a.unit === b.unit && a.unitPrice === b.unitPrice && a.unitCost === b.unitCost;
}
