/**
 * The hand-off to the sync engine after a resource relation is set: its `reconcileResourceLink`
 * (server/sync/reconcile.ts) reads the PSA's units and posts the difference. It is injected so the
 * mapping routes can be tested with a fake and so that a failure there never undoes the relation.
 */
import { isConnectorError } from '../connector-error.js';
import type { Logger, Services } from '../services.js';
import { syncDepsFor } from '../sync/deps.js';
import { reconcileResourceLink } from '../sync/reconcile.js';
import { reconciliationDetails, type ReconciliationDetails } from './reconcile-details.js';

export interface Reconciliation {
  status: 'posted' | 'failed' | 'unknown' | 'planned' | 'none' | 'held';
  unitChange: number;
  adjustmentId: string | null;
  message?: string;
  /** What it did in figures (PSA before, Marketplace count, date, amount); absent when it could not be read. */
  details?: ReconciliationDetails;
}

/** `logger` is the triggering request's (it carries the requestId), so the reconciliation's lines join that request's. */
export type Reconciler = (deps: Services, tenantId: string, odinSubscriptionId: string, odinResourceId: string, logger?: Logger) => Promise<Reconciliation>;

export const NOTHING_TO_RECONCILE: Reconciliation = { status: 'none', unitChange: 0, adjustmentId: null };

/** Run the reconciler; an exception becomes a failed reconciliation (the relation itself stays set). */
export async function reconcileAfterLink(
  reconcile: Reconciler, services: Services, tenantId: string, odinSubscriptionId: string, odinResourceId: string,
  logger: Logger = services.logger,
): Promise<Reconciliation> {
  try {
    const r = await reconcile(services, tenantId, odinSubscriptionId, odinResourceId, logger);
    const out: Reconciliation = { status: r.status, unitChange: r.unitChange, adjustmentId: r.adjustmentId ?? null, ...(r.message ? { message: r.message } : {}) };
    try {
      const details = await reconciliationDetails(services.store, tenantId, odinSubscriptionId, odinResourceId, out.adjustmentId);
      if (details) out.details = details;
    } catch {
      /* the figures are a courtesy; the relation and its reconciliation stand without them */
    }
    return out;
  } catch (err) {
    const message = isConnectorError(err) ? err.displayMessage : err instanceof Error ? err.message : String(err);
    logger.warn({ err: message, tenantId, odinSubscriptionId, odinResourceId }, 'reconciliation after link failed');
    return { status: 'failed', unitChange: 0, adjustmentId: null, message };
  }
}

/** The real reconciler: the sync engine's reconcileResourceLink, posting the difference now. */
export const reconcileWithSyncEngine: Reconciler = (services, tenantId, odinSubscriptionId, odinResourceId, logger) => {
  const deps = syncDepsFor(services);
  // The engine's own deps (store, PSA, options) with the request's logger: every line it writes carries the requestId.
  return reconcileResourceLink(logger ? { ...deps, logger: logger.child({ area: 'sync' }) } : deps, tenantId, odinSubscriptionId, odinResourceId);
};
