/**
 * The hand-off to the sync engine after a resource relation is set: its `reconcileResourceLink`
 * (server/sync/reconcile.ts) reads the PSA's units and posts the difference. It is injected so the
 * mapping routes can be tested with a fake and so that a failure there never undoes the relation.
 */
import { isConnectorError } from '../connector-error.js';
import type { Services } from '../services.js';
import { syncDepsOf } from '../sync/deps.js';
import { reconcileResourceLink } from '../sync/reconcile.js';

export interface Reconciliation {
  status: 'posted' | 'failed' | 'unknown' | 'planned' | 'none';
  unitChange: number;
  adjustmentId: string | null;
  message?: string;
}

export type Reconciler = (deps: Services, tenantId: string, odinSubscriptionId: string, odinResourceId: string) => Promise<Reconciliation>;

export const NOTHING_TO_RECONCILE: Reconciliation = { status: 'none', unitChange: 0, adjustmentId: null };

/** Run the reconciler; an exception becomes a failed reconciliation (the relation itself stays set). */
export async function reconcileAfterLink(
  reconcile: Reconciler, services: Services, tenantId: string, odinSubscriptionId: string, odinResourceId: string,
): Promise<Reconciliation> {
  try {
    const r = await reconcile(services, tenantId, odinSubscriptionId, odinResourceId);
    return { status: r.status, unitChange: r.unitChange, adjustmentId: r.adjustmentId ?? null, ...(r.message ? { message: r.message } : {}) };
  } catch (err) {
    const message = isConnectorError(err) ? err.displayMessage : err instanceof Error ? err.message : String(err);
    services.logger.warn({ err: message, tenantId, odinSubscriptionId, odinResourceId }, 'reconciliation after link failed');
    return { status: 'failed', unitChange: 0, adjustmentId: null, message };
  }
}

/**
 * The real reconciler: the sync engine's reconcileResourceLink with the deps the host registered for
 * these Services. Without a registered engine nothing is posted now; the link's ledger stays unknown and
 * the first cycle reconciles it the same way (what "planned" means).
 */
export const reconcileWithSyncEngine: Reconciler = async (services, tenantId, odinSubscriptionId, odinResourceId) => {
  const deps = syncDepsOf(services);
  if (!deps) return { status: 'planned', unitChange: 0, adjustmentId: null, message: 'The next sync cycle reconciles this relation' };
  return reconcileResourceLink(deps, tenantId, odinSubscriptionId, odinResourceId);
};
