/**
 * Reconciliation on link (the guide: Marketplace 8, Autotask 1 -> post +7). When a resource relation is
 * set, read the PSA's current units for the mapped service and post `marketplace count - PSA units`,
 * dated by the usual rules; nothing when equal. The ledger starts from the units read.
 *
 * All posting for a tenant happens under its cycle lease, so this takes the lease too (waiting briefly).
 * When a cycle holds it, nothing is written here: the link's ledger stays null and the cycle (this one or
 * the next) reconciles it the same way; the answer says "planned".
 *
 * Crash points: the link's ledger is set to null first, so a crash anywhere before the final atomic
 * batch (rows + ledger + plannedCount) leaves a link the next cycle reconciles from the PSA again;
 * earlier rows still in flight are settled before the PSA is read, so the read already shows them.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { AdjustmentRow } from '../db/sqlite/adjustments.js';
import { todayInOrUtc } from '../domain/dates.js';
import { mayHaveLanded } from '../domain/landing.js';
import type { Logger } from '../services.js';
import type { PsaClient } from '../psa/types.js';
import { optionsOf, type SyncDeps } from './deps.js';
import { cycleLeaseName, HeldLease, holderId } from './lease.js';
import { inputsOf, planLinkReconciliation, targetOf as targetCount, type PlanEnv } from './planner.js';
import { nextPeriodStart } from '../domain/billing-period.js';
import { addDays } from '../domain/dates.js';
import { emptyPostStats, postResourceQueue, type PostEnv } from './poster.js';
import { psaClientFor } from './psa-client.js';
import { linkWhere, loadLinkedResources, loadLinksOfContracts, loadOpenRows, loadTenant, postedAfter, queueOrder, type LinkedResource } from './repo.js';
import { followRenewals } from '../renewals/cycle-step.js';
import { isConnectorError } from '../connector-error.js';
import { loadReviewGate } from '../review/gate.js';
import { applyQuantityFloors } from '../review/floor.js';

export interface ReconcileResult {
  status: 'posted' | 'failed' | 'unknown' | 'planned' | 'none' | 'held';
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
  // The ledger counts every landed adjustment, also those dated after today (a posted decrease for the
  // next period) that today's units do not show yet.
  const periodStart = nextPeriodStart(env.today, inputsOf(link).billingPeriod);
  const afterToday = await postedAfter(env.store, env.tenant.id, link, env.today);
  const fromPeriod = await postedAfter(env.store, env.tenant.id, link, addDays(periodStart, -1));
  const units = { now: psaUnits + afterToday - fromPeriod, later: psaUnits + afterToday };
  if (target === null) {
    // Frozen (hold/pending) or not in the snapshot: start the ledger, post nothing yet.
    await env.store.db.update(env.store.t.resourceLinks).set({ ledgerUnits: units.later, plannedCount: units.later }).where(linkWhere(env.store, env.tenant.id, link));
    link.ledgerUnits = units.later;
    link.plannedCount = units.later;
    return { written: 0, unitChange: 0, psaUnits };
  }
  const { written, plan } = await planLinkReconciliation(env, link, units);
  link.ledgerUnits = units.later;
  link.plannedCount = plan.target;
  return { written, unitChange: plan.adjustments.reduce((s, a) => s + a.unitChange, 0), psaUnits };
}

export async function reconcileResourceLink(deps: SyncDeps, tenantId: string, odinSubscriptionId: string, odinResourceId: string): Promise<ReconcileResult> {
  const options = optionsOf(deps);
  const now = () => deps.clock.now();
  const random = deps.random ?? Math.random;
  const holder = holderId('reconcile', deps.process);
  let lease: HeldLease | null = null;
  const waitUntil = Date.now() + options.reconcileWaitMs;
  for (;;) {
    lease = await HeldLease.take(deps.store, cycleLeaseName(tenantId), holder, options.leaseTtlMs, now, deps.process);
    if (lease || Date.now() >= waitUntil) break;
    await new Promise((r) => setTimeout(r, Math.min(250, options.reconcileWaitMs)));
  }
  if (!lease) return { status: 'planned', unitChange: 0, adjustmentId: null, message: 'A sync is running; it will reconcile this resource' };
  try {
    const tenant = await loadTenant(deps.store, tenantId);
    if (!tenant) return { status: 'none', unitChange: 0, adjustmentId: null, message: 'Unknown tenant' };
    const only = { odinSubscriptionId, odinResourceId };
    const [link] = await applyQuantityFloors(deps.store, tenantId, await loadLinkedResources(deps.store, tenantId, tenant.psaKind, only));
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
    await postResourceQueue(postEnv, null, before, deadline, { ignoreRetryTime: true });
    const left = (await loadOpenRows(deps.store, tenantId, today, only)).filter(mayHaveLanded);
    // A row held as ambiguous (the PSA moved by hand meanwhile) cannot be settled by reading; this read
    // of the PSA's units covers it either way, so reconciliation replaces it.
    const held = left.filter((r) => r.lastErrorKind === 'ambiguous');
    for (const r of held) {
      await deps.store.db
        .update(deps.store.t.adjustments)
        .set({ status: 'superseded', lastError: `${r.lastError ?? ''} Replaced by a reconciliation from the PSA's units on ${today}.`.trim(), nextAttemptAt: null, updatedAt: now().toISOString() })
        .where(and(eq(deps.store.t.adjustments.id, r.id), eq(deps.store.t.adjustments.status, r.status)));
    }
    if (left.length > held.length) return { status: 'unknown', unitChange: 0, adjustmentId: left.find((r) => !held.includes(r))!.id, message: 'An earlier adjustment of this resource is still being confirmed; the sync will reconcile it' };
    const env: PlanEnv = { store: deps.store, tenant, today, now: now(), newId: () => crypto.randomUUID(), review: await loadReviewGate(deps.store, tenantId, { today, prorationConvention: tenant.prorationConvention }) };
    const rec = await reconcileLoaded(env, psa, link, log);
    if (!rec) return { status: 'planned', unitChange: 0, adjustmentId: null, message: 'Could not read the PSA; the sync will reconcile this resource' };
    if (rec.written === 0) return { status: 'none', unitChange: 0, adjustmentId: null };
    let rows = (await loadOpenRows(deps.store, tenantId, today, only)).filter((r) => r.status !== 'posted').sort(queueOrder);
    let postLink = link;
    // A change dated in a later period (a decrease at the next period start) may fall after the contract's end:
    // the cycle's renewal step runs here too, so it goes to the renewed contract instead of being refused.
    if (rows.some((r) => r.effectiveDate > today)) {
      try {
        const onContract = await loadLinksOfContracts(deps.store, tenantId, tenant.psaKind, [link.psaContractId]);
        // Every waiting row of the contract, not only this resource's: the step moves all the contract's links,
        // so it must move (or be blocked by) their rows too, or a moved link would leave a row on the ended contract.
        const contractRows = (await loadOpenRows(deps.store, tenantId, today)).filter((r) => r.psaContractId === link.psaContractId && r.status !== 'posted');
        if ((await followRenewals({ store: deps.store, tenantId, psa, now, logger: log }, onContract, contractRows)).followed) {
          rows = (await loadOpenRows(deps.store, tenantId, today, only)).filter((r) => r.status !== 'posted').sort(queueOrder);
          postLink = (await applyQuantityFloors(deps.store, tenantId, await loadLinkedResources(deps.store, tenantId, tenant.psaKind, only)))[0] ?? link;
        }
      } catch (err) {
        log.warn({ err }, 'renewal check failed; posting as linked');
      }
    }
    await postResourceQueue(postEnv, postLink, rows, deadline);
    const after = await rowsById(deps, rows.map((r) => r.id));
    const first = after[0]!;
    const status = after.every((r) => r.status === 'posted') ? 'posted' : after.some((r) => r.status === 'held') ? 'held' : after.some((r) => r.status === 'failed') ? 'failed' : after.some((r) => r.status === 'unknown' || r.status === 'posting') ? 'unknown' : 'planned';
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
