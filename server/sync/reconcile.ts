/**
 * Reconciliation on link (the guide: Marketplace 8, Autotask 1 -> post +7). When a resource relation is
 * set, read the PSA's current units for the mapped service and post `marketplace count - PSA units`,
 * dated by the usual rules; nothing when equal. The ledger starts from the units read.
 *
 * All posting for a tenant happens under its cycle lease, so this takes the lease too (waiting briefly).
 * When a cycle holds it, nothing is written here: the link's ledger stays null and the cycle (this one or
 * the next) reconciles it the same way; the answer says "planned".
 */
import { inArray } from 'drizzle-orm';
import type { AdjustmentRow } from '../db/sqlite/adjustments.js';
import { todayInOrUtc } from '../domain/dates.js';
import type { Logger } from '../services.js';
import type { PsaClient } from '../psa/types.js';
import { optionsOf, type SyncDeps } from './deps.js';
import { cycleLeaseName, HeldLease } from './lease.js';
import { planLinkReconciliation, targetOf as targetCount, type PlanEnv } from './planner.js';
import { emptyPostStats, postResourceQueue, type PostEnv } from './poster.js';
import { psaClientFor } from './psa-client.js';
import { linkWhere, loadLinkedResources, loadOpenRows, loadTenant, queueOrder, type LinkedResource } from './repo.js';
import { isConnectorError } from '../connector-error.js';

export interface ReconcileResult {
  status: 'posted' | 'failed' | 'unknown' | 'planned' | 'none';
  unitChange: number;
  adjustmentId: string | null;
  message?: string;
}

/**
 * Reconcile one loaded link whose ledger is unknown: read the PSA, write the rows and the ledger. Earlier
 * unfinished rows of the resource must have been settled (the caller posts the queue in order).
 */
export async function reconcileLoaded(env: PlanEnv, psa: PsaClient, link: LinkedResource, log: Logger): Promise<{ written: number; unitChange: number; psaUnits: number } | null> {
  const target = targetCount(link);
  let psaUnits: number;
  try {
    psaUnits = await psa.readUnits({ accountId: link.psaAccountId, contractId: link.psaContractId, serviceId: link.psaServiceId, contractServiceId: link.psaContractServiceId }, env.today);
  } catch (err) {
    log.warn({ err, resource: link.odinResourceId }, 'reconciliation read failed; will retry next cycle');
    return null;
  }
  if (target === null) {
    // Frozen (hold/pending) or not in the snapshot: start the ledger, post nothing yet.
    await env.store.db.update(env.store.t.resourceLinks).set({ ledgerUnits: psaUnits, plannedCount: psaUnits }).where(linkWhere(env.store, env.tenant.id, link));
    link.ledgerUnits = psaUnits;
    link.plannedCount = psaUnits;
    return { written: 0, unitChange: 0, psaUnits };
  }
  const { written, plan } = await planLinkReconciliation(env, link, psaUnits);
  link.ledgerUnits = psaUnits;
  link.plannedCount = plan.target;
  return { written, unitChange: plan.adjustments.reduce((s, a) => s + a.unitChange, 0), psaUnits };
}

export async function reconcileResourceLink(deps: SyncDeps, tenantId: string, odinSubscriptionId: string, odinResourceId: string): Promise<ReconcileResult> {
  const options = optionsOf(deps);
  const now = () => deps.clock.now();
  const random = deps.random ?? Math.random;
  const holder = `reconcile:${crypto.randomUUID()}`;
  let lease: HeldLease | null = null;
  const waitUntil = Date.now() + options.reconcileWaitMs;
  for (;;) {
    lease = await HeldLease.take(deps.store, cycleLeaseName(tenantId), holder, options.leaseTtlMs, now);
    if (lease || Date.now() >= waitUntil) break;
    await new Promise((r) => setTimeout(r, Math.min(250, options.reconcileWaitMs)));
  }
  if (!lease) return { status: 'planned', unitChange: 0, adjustmentId: null, message: 'A sync is running; it will reconcile this resource' };
  try {
    const tenant = await loadTenant(deps.store, tenantId);
    if (!tenant) return { status: 'none', unitChange: 0, adjustmentId: null, message: 'Unknown tenant' };
    const only = { odinSubscriptionId, odinResourceId };
    const [link] = await loadLinkedResources(deps.store, tenantId, only);
    if (!link) return { status: 'none', unitChange: 0, adjustmentId: null, message: 'The resource is not linked' };
    const { today } = todayInOrUtc(tenant.timeZone, now());
    let psa: PsaClient;
    try {
      psa = await psaClientFor(deps, tenant);
    } catch (err) {
      return { status: 'planned', unitChange: 0, adjustmentId: null, message: isConnectorError(err) ? err.displayMessage : String(err) };
    }
    const log = deps.logger.child({ tenantId, odinSubscriptionId, odinResourceId });
    const stats = emptyPostStats();
    const postEnv: PostEnv = { store: deps.store, tenantId, psa, now, random, logger: log, options, beforeSend: () => lease!.check(), stats };
    const deadline = now().getTime() + options.budgetMs;
    // A new relation starts from the PSA's truth: earlier unsent rows of this resource are superseded.
    await deps.store.db.update(deps.store.t.resourceLinks).set({ ledgerUnits: null, plannedCount: null }).where(linkWhere(deps.store, tenantId, link));
    link.ledgerUnits = null;
    const before = (await loadOpenRows(deps.store, tenantId, today, only)).filter((r) => r.status !== 'posted').sort(queueOrder);
    await postResourceQueue(postEnv, null, before, deadline);
    const left = (await loadOpenRows(deps.store, tenantId, today, only)).filter((r) => r.status === 'posting' || r.status === 'unknown');
    if (left.length) return { status: 'unknown', unitChange: 0, adjustmentId: left[0]!.id, message: 'An earlier adjustment of this resource is still being confirmed; the sync will reconcile it' };
    const env: PlanEnv = { store: deps.store, tenant, today, now: now(), newId: () => crypto.randomUUID() };
    const rec = await reconcileLoaded(env, psa, link, log);
    if (!rec) return { status: 'planned', unitChange: 0, adjustmentId: null, message: 'Could not read the PSA; the sync will reconcile this resource' };
    if (rec.written === 0) return { status: 'none', unitChange: 0, adjustmentId: null };
    const rows = (await loadOpenRows(deps.store, tenantId, today, only)).filter((r) => r.status !== 'posted').sort(queueOrder);
    await postResourceQueue(postEnv, link, rows, deadline);
    const after = await rowsById(deps, rows.map((r) => r.id));
    const first = after[0]!;
    const status = after.every((r) => r.status === 'posted') ? 'posted' : after.some((r) => r.status === 'failed') ? 'failed' : after.some((r) => r.status === 'unknown' || r.status === 'posting') ? 'unknown' : 'planned';
    const failed = after.find((r) => r.status !== 'posted' && r.lastError);
    return { status, unitChange: rec.unitChange, adjustmentId: first.id, ...(failed?.lastError ? { message: failed.lastError } : {}) };
  } finally {
    await lease.release();
  }
}

async function rowsById(deps: SyncDeps, ids: string[]): Promise<AdjustmentRow[]> {
  const t = deps.store.t;
  const rows = await deps.store.db.select().from(t.adjustments).where(inArray(t.adjustments.id, ids));
  return rows.sort(queueOrder);
}
