/**
 * One sync cycle for one tenant (the same code under the Node scheduler and the Workers queue consumer),
 * after Nango's refresh cron: lease, read, plan, post, record, with a time budget and the duration
 * recorded in `finally`.
 *   1. lease `sync:<tenant>` (expiring, renewed while working): one cycle per tenant across processes;
 *   2. marketplace: refresh the snapshot (a failure is recorded; planning then uses the last snapshot);
 *   3. plan: links never reconciled are reconciled (PSA read); the others are planned locally from the
 *      snapshot against their plannedCount (no PSA call);
 *   4. post: every resource's queue in order, a bounded number of resources at once, until the budget;
 *   5. the sync_runs row gets phase/progress while running and status/summary at the end.
 * Work left over (budget spent, failures waiting for their retry time) is simply found again next cycle:
 * the rows are the state, the cycle holds none.
 */
import pLimit from 'p-limit';
import { todayInOrUtc } from '../domain/dates.js';
import { mayHaveLanded } from '../domain/landing.js';
import { isConnectorError } from '../connector-error.js';
import type { PsaClient, PsaKind } from '../psa/types.js';
import type { AdjustmentRow } from '../db/sqlite/adjustments.js';
import { optionsOf, type SyncDeps } from './deps.js';
import { cycleLeaseName, HeldLease, holderId, LeaseLost } from './lease.js';
import { planLink, type PlanEnv } from './planner.js';
import { emptyPostStats, postResourceQueue, type PostEnv } from './poster.js';
import { psaClientFor } from './psa-client.js';
import { reconcileLoaded } from './reconcile.js';
import { loadReviewGate } from '../review/gate.js';
import { releaseDueTermHolds } from '../review/terms.js';
import { applyQuantityFloors } from '../review/floor.js';
import { loadLinkedResources, loadLinksOfContracts, loadLinksOfSubscriptions, loadLinksToPlan, loadOpenRows, loadTenant, queueOrder, resourceKey, type LinkedResource } from './repo.js';
import { loadPolicies } from '../review/policies.js';
import { finishRun, insertRun, progressWriter, updateRun, type RunStatus } from './runs.js';
import { followRenewals } from '../renewals/cycle-step.js';

export type CycleTrigger = 'schedule' | 'manual' | 'queue' | 'soak';

export interface CycleOptions {
  trigger: CycleTrigger;
  /** Ask the Marketplace side for a full scan instead of changes only. */
  full?: boolean;
}

export interface CycleResult {
  runId: string;
  status: RunStatus;
  summary: Record<string, unknown>;
  error: string | null;
}

export interface StartedCycle {
  runId: string;
  done: Promise<CycleResult>;
}

/** Take the tenant's lease and start a cycle; null when one already runs. */
export async function startCycle(deps: SyncDeps, tenantId: string, opts: CycleOptions): Promise<StartedCycle | null> {
  const options = optionsOf(deps);
  const now = () => deps.clock.now();
  if (deps.shutdown?.stopping) return null; // the host is shutting down: no new cycle
  const lease = await HeldLease.take(deps.store, cycleLeaseName(tenantId), holderId('cycle', deps.process), options.leaseTtlMs, now, deps.process);
  if (!lease) return null;
  const runId = crypto.randomUUID();
  try {
    await insertRun(deps.store, { id: runId, tenantId, trigger: opts.trigger, startedAt: now().toISOString() });
  } catch (err) {
    await lease.release();
    throw err;
  }
  const done = execute(deps, tenantId, opts, lease, runId);
  const running = deps.shutdown?.running;
  if (running) {
    running.add(done);
    const forget = () => void running.delete(done);
    done.then(forget, forget);
  }
  return { runId, done };
}

/** Run a cycle to its end; null when one already runs for the tenant. */
export async function runCycle(deps: SyncDeps, tenantId: string, opts: CycleOptions): Promise<CycleResult | null> {
  const started = await startCycle(deps, tenantId, opts);
  return started ? started.done : null;
}

async function execute(deps: SyncDeps, tenantId: string, opts: CycleOptions, lease: HeldLease, runId: string): Promise<CycleResult> {
  const options = optionsOf(deps);
  const now = () => deps.clock.now();
  const started = now().getTime();
  const deadline = started + options.budgetMs;
  const log = deps.logger.child({ tenantId, runId });
  const stats = emptyPostStats();
  const summary: Record<string, unknown> = { trigger: opts.trigger, full: !!opts.full };
  let status: RunStatus = 'ok';
  let error: string | null = null;
  const progress = progressWriter(deps.store, runId, () => now().getTime());
  try {
    const tenant = await loadTenant(deps.store, tenantId);
    if (!tenant) throw new Error(`tenant ${tenantId} not found`);
    const { today, zoneValid } = todayInOrUtc(tenant.timeZone, now());
    summary.today = today;
    if (!zoneValid) log.warn({ timeZone: tenant.timeZone }, 'unknown time zone; using UTC');

    try {
      const refreshed = await deps.marketplace.refresh(tenantId, { full: !!opts.full });
      summary.marketplaceChanges = refreshed.changes.length;
      summary.marketplaceCalls = refreshed.apiCalls ?? null;
      summary.marketplaceMode = refreshed.mode ?? null;
    } catch (err) {
      status = 'partial';
      summary.marketplaceError = isConnectorError(err) ? err.displayMessage : String((err as Error)?.message ?? err);
      log.warn({ err }, 'marketplace refresh failed; planning from the last snapshot');
    }
    await lease.check();

    // Annual-term decreases whose renewal has come go out with this cycle.
    summary.termReleased = await releaseDueTermHolds(deps.store, tenantId, today, now().toISOString());
    await updateRun(deps.store, runId, { phase: 'plan' });
    let open = await loadOpenRows(deps.store, tenantId, today);
    const openBy = groupRows(open);
    const links = await cycleLinks(deps.store, tenantId, tenant.psaKind, open);
    const byResource = new Map<string, LinkedResource>(links.map((l) => [resourceKey(l), l]));
    let psa: PsaClient | null = null;
    let psaError: string | null = null;
    const client = async (): Promise<PsaClient | null> => {
      if (psa || psaError) return psa;
      try {
        psa = await psaClientFor(deps, tenant);
      } catch (err) {
        psaError = isConnectorError(err) ? err.displayMessage : String(err);
      }
      return psa;
    };
    const env: PlanEnv = { store: deps.store, tenant, today, now: now(), newId: () => crypto.randomUUID(), review: await loadReviewGate(deps.store, tenantId, { today, prorationConvention: tenant.prorationConvention }) };
    const stopping = () => deps.shutdown?.stopping === true;
    const postEnvOf = (p: PsaClient): PostEnv => ({ store: deps.store, tenantId, psa: p, now, random: deps.random ?? Math.random, logger: log, options, beforeSend: () => lease.check(), stats, stopping });
    let planned = 0;
    let planErrors = 0;
    let reconciled = 0;
    const unreconciled: LinkedResource[] = [];
    let i = 0;
    for (const link of links) {
      if (link.ledgerUnits === null) unreconciled.push(link);
      else {
        try {
          planned += await planLink(env, link, openBy.get(resourceKey(link)) ?? []);
        } catch (err) {
          // One resource's bad state must not stop the others; its plannedCount is unchanged, so it retries.
          planErrors += 1;
          log.error({ err, resource: link.odinResourceId, subscription: link.odinSubscriptionId }, 'planning failed for a resource');
        }
      }
      if (++i % 1000 === 0) await progress(i, links.length);
    }
    if (unreconciled.length && (await client())) {
      const limit = pLimit(options.concurrency);
      await Promise.all(
        unreconciled.map((link) =>
          limit(async () => {
            if (now().getTime() > deadline || stopping()) return;
            // Unsent rows of an earlier relation go first (superseded, or settled when they may have landed).
            const old = (openBy.get(resourceKey(link)) ?? []).filter((r) => r.status !== 'posted').sort(queueOrder);
            if (old.length) await postResourceQueue(postEnvOf(psa!), null, old, deadline);
            if (old.some(mayHaveLanded)) {
              const again = (await loadOpenRows(deps.store, tenantId, today, link)).filter(mayHaveLanded);
              if (again.length) return;
            }
            await lease.check();
            try {
              if (await reconcileLoaded(env, psa!, link, log)) reconciled += 1;
            } catch (err) {
              planErrors += 1;
              log.error({ err, resource: link.odinResourceId, subscription: link.odinSubscriptionId }, 'reconciliation failed for a resource');
            }
          }),
        ),
      );
    }
    summary.planned = planned;
    summary.planErrors = planErrors;
    summary.reconciled = reconciled;
    await progress(links.length, links.length, true);

    await updateRun(deps.store, runId, { phase: 'post' });
    open = (await loadOpenRows(deps.store, tenantId, today)).filter((r) => r.status !== 'posted');
    // Changes dated after a linked contract's end move to its renewal first (server/renewals).
    if (open.length && (await client())) {
      try {
        // A contract's links move together, so the step sees every link of the contracts with rows waiting.
        const onContracts = await loadLinksOfContracts(deps.store, tenantId, tenant.psaKind, open.map((r) => r.psaContractId));
        const renewals = await followRenewals({ store: deps.store, tenantId, psa: psa!, now, logger: log }, onContracts, open);
        summary.renewalsFollowed = renewals.followed;
        summary.renewalsWaiting = renewals.waiting;
        if (renewals.followed) {
          open = (await loadOpenRows(deps.store, tenantId, today)).filter((r) => r.status !== 'posted');
          for (const l of await loadLinksOfSubscriptions(deps.store, tenantId, tenant.psaKind, open.map((r) => r.odinSubscriptionId))) byResource.set(resourceKey(l), l);
        }
      } catch (err) {
        log.warn({ err }, 'renewal check failed; posting as linked');
      }
    }
    // A link whose ledger is still unknown is reconciled first (above, or next cycle); its rows wait.
    const queues = [...groupRows(open).entries()].filter(([key]) => byResource.get(key)?.ledgerUnits !== null);
    summary.queues = queues.length;
    if (queues.length && (await client())) {
      const limit = pLimit(options.concurrency);
      let done = 0;
      await Promise.all(
        queues.map(([key, rows]) =>
          limit(async () => {
            await postResourceQueue(postEnvOf(psa!), byResource.get(key) ?? null, rows.sort(queueOrder), deadline);
            await progress(++done, queues.length);
          }),
        ),
      );
      await progress(done, queues.length, true);
    }
    if (psaError) {
      status = 'failed';
      error = psaError;
    }
    const left = (await loadOpenRows(deps.store, tenantId, today)).filter((r) => r.status !== 'posted');
    summary.pending = left.length;
    summary.failures = left.filter((r) => r.status === 'failed').length;
    summary.budgetExceeded = now().getTime() > deadline;
    if (stopping()) summary.stoppedForShutdown = true;
    if (status === 'ok' && (stats.failed || stats.unknown || stats.held || planErrors || summary.budgetExceeded || summary.stoppedForShutdown)) status = 'partial';
  } catch (err) {
    status = 'failed';
    error = err instanceof LeaseLost ? 'Another process took over this tenant’s sync' : String((err as Error)?.message ?? err);
    log.error({ err }, 'sync cycle failed');
  } finally {
    const finishedAt = now();
    Object.assign(summary, stats, { durationMs: finishedAt.getTime() - started });
    try {
      await finishRun(deps.store, runId, { status, summary, error, finishedAt: finishedAt.toISOString() });
    } finally {
      await lease.release().catch(() => undefined);
    }
    log.info({ status, ...summary }, 'sync cycle finished');
    deps.metrics?.cycleFinished({ trigger: opts.trigger, status, durationMs: finishedAt.getTime() - started, summary });
  }
  if (deps.afterCycle) await deps.afterCycle(tenantId).catch((err) => log.warn({ err }, 'alerts after the cycle failed'));
  return { runId, status, summary, error };
}

/**
 * The links a cycle works on: those planning may change (repo.loadLinksToPlan) and those with rows to post
 * or settle. With quantity floors the target is not the count, so every link is planned.
 */
async function cycleLinks(store: SyncDeps['store'], tenantId: string, psaKind: PsaKind, open: AdjustmentRow[]): Promise<LinkedResource[]> {
  const floors = [...(await loadPolicies(store, tenantId)).values()].some((p) => p.quantityFloor !== null);
  let links: LinkedResource[];
  if (floors) links = await loadLinkedResources(store, tenantId, psaKind);
  else {
    const byKey = new Map((await loadLinksToPlan(store, tenantId, psaKind)).map((l) => [resourceKey(l), l]));
    for (const l of await loadLinksOfSubscriptions(store, tenantId, psaKind, open.map((r) => r.odinSubscriptionId))) byKey.set(resourceKey(l), l);
    links = [...byKey.values()];
  }
  return applyQuantityFloors(store, tenantId, links);
}

function groupRows(rows: AdjustmentRow[]): Map<string, AdjustmentRow[]> {
  const out = new Map<string, AdjustmentRow[]>();
  for (const r of rows) {
    const k = resourceKey(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}
