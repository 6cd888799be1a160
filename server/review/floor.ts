/**
 * Quantity floors (issue 14 item 3, policy per relation or tenant): the PSA is never brought below the
 * floor, whatever the Marketplace counts (a minimum the MSP bills, e.g. a bundle of 10 seats). Applied
 * to the links a cycle, a reconciliation or the preview plans from, so planning itself is unchanged.
 */
import type { Store } from '../db/store.js';
import { effectivePolicy } from '../domain/review.js';
import type { LinkedResource } from '../sync/repo.js';
import { loadPolicies, relationScope, TENANT_SCOPE } from './policies.js';

/** The count to bill: at least the floor; an unknown count stays unknown. */
export function flooredCount(count: number | null, floor: number | null): number | null {
  if (count === null || floor === null) return count;
  return Math.max(count, floor);
}

export async function applyQuantityFloors(store: Store, tenantId: string, links: LinkedResource[]): Promise<LinkedResource[]> {
  const policies = await loadPolicies(store, tenantId);
  if (!policies.size) return links;
  const tenant = policies.get(TENANT_SCOPE) ?? null;
  for (const l of links) l.count = flooredCount(l.count, effectivePolicy(tenant, policies.get(relationScope(l.odinSubscriptionId, l.odinResourceId)) ?? null).quantityFloor);
  return links;
}
