/**
 * Drift: someone changed a service's units in the PSA by hand. IDSync never re-reads the PSA; we read
 * it periodically and compare with the ledger (the units we believe, once every landed adjustment
 * counts), and report a difference instead of overwriting it. The fix is one click: reconcile the
 * resource, i.e. post `marketplace count - PSA units` by the usual dating rules.
 *
 * Reads cost API calls (Autotask allows 10,000 an hour per database, all integrations together), so the
 * periodic check reads a rotating slice of the links (`driftBatch` per run); the on-demand check reads
 * them all. Resources with an adjustment still in flight are skipped: their units are moving.
 * The check runs under the tenant's cycle lease, so it never reads between a post and its bookkeeping.
 */
import { and, desc, eq, isNotNull, isNull } from 'drizzle-orm';
import pLimit from 'p-limit';
import { todayInOrUtc } from '../domain/dates.js';
import { optionsOf, type SyncDeps } from './deps.js';
import { editAlreadyRaised, resolveDriftFindings, raiseDriftFinding } from './drift-store.js';
import { explainDrift } from '../domain/ownership.js';
import type { PsaClient, PsaKind, UnitsReading } from '../psa/types.js';
import type { LinkedResource } from './repo.js';
import { cycleLeaseName, HeldLease, holderId } from './lease.js';
import { psaClientFor } from './psa-client.js';
import { reconcileResourceLink, type ReconcileResult } from './reconcile.js';
import { loadLinkedResources, loadOpenRows, loadTenant, resourceKey } from './repo.js';
import { finishRun, insertRun } from './runs.js';

export interface DriftCheckResult {
  checked: number;
  found: number;
  resolved: number;
  errors: number;
}

/** Compare the PSA with the ledger; null when a cycle holds the tenant (try again later). */
export async function checkDrift(deps: SyncDeps, tenantId: string, opts: { all: boolean }): Promise<DriftCheckResult | null> {
  const options = optionsOf(deps);
  const now = () => deps.clock.now();
  const lease = await HeldLease.take(deps.store, cycleLeaseName(tenantId), holderId('drift', deps.process), options.leaseTtlMs, now, deps.process);
  if (!lease) return null;
  const runId = crypto.randomUUID();
  const result: DriftCheckResult = { checked: 0, found: 0, resolved: 0, errors: 0 };
  let error: string | null = null;
  try {
    await insertRun(deps.store, { id: runId, tenantId, trigger: 'drift', startedAt: now().toISOString() });
    const tenant = await loadTenant(deps.store, tenantId);
    if (!tenant) throw new Error(`tenant ${tenantId} not found`);
    const { today } = todayInOrUtc(tenant.timeZone, now());
    const links = (await loadLinkedResources(deps.store, tenantId, tenant.psaKind)).filter((l) => l.ledgerUnits !== null);
    const open = await loadOpenRows(deps.store, tenantId, today);
    const busy = new Set(open.filter((r) => r.status !== 'posted').map(resourceKey));
    const laterPosted = new Map<string, number>();
    for (const r of open) if (r.status === 'posted') laterPosted.set(resourceKey(r), (laterPosted.get(resourceKey(r)) ?? 0) + r.unitChange);
    links.sort((a, b) => (resourceKey(a) < resourceKey(b) ? -1 : 1));
    let slice = links;
    if (!opts.all && links.length > options.driftBatch) {
      const turns = Math.ceil(links.length / options.driftBatch);
      const turn = Math.floor(now().getTime() / 3_600_000) % turns;
      slice = links.slice(turn * options.driftBatch, (turn + 1) * options.driftBatch);
    }
    const psa = await psaClientFor(deps, tenant);
    const ourLines = psa.readUnitsAndEdits ? await loadPostedReferences(deps.store, tenantId) : new Map<string, string[]>();
    const deadline = now().getTime() + options.budgetMs;
    const limit = pLimit(options.concurrency);
    await Promise.all(
      slice.map((link) =>
        limit(async () => {
          const key = resourceKey(link);
          // The lease keeps cycles out while we read: stop at the budget and let the next check go on.
          if (busy.has(key) || now().getTime() > deadline) return;
          await lease.check();
          let reading: UnitsReading;
          try {
            reading = await readWithEdits(psa, link, today, ourLines.get(key) ?? []);
          } catch {
            result.errors += 1;
            return;
          }
          result.checked += 1;
          const expected = link.ledgerUnits! - (laterPosted.get(key) ?? 0);
          const note = explainDrift(reading, expected, PSA_NAMES[tenant.psaKind as PsaKind] ?? tenant.psaKind);
          if (reading.units !== expected) {
            await raiseDriftFinding(deps.store, tenantId, { ...link, ledgerUnits: expected }, reading.units, now(), note);
            result.found += 1;
          } else if (note && !(await editAlreadyRaised(deps.store, tenantId, link, note))) {
            // Someone else changed one of our lines without moving the units (a price, a date): still theirs, not ours.
            await raiseDriftFinding(deps.store, tenantId, { ...link, ledgerUnits: expected }, reading.units, now(), note);
            result.found += 1;
          } else if (!note) {
            await resolveDriftFindings(deps.store, tenantId, link, 'matches again', now());
          }
        }),
      ),
    );
  } catch (err) {
    error = String((err as Error)?.message ?? err);
  } finally {
    await finishRun(deps.store, runId, { status: error ? 'failed' : 'ok', summary: { ...result }, error, finishedAt: now().toISOString() }).catch(() => undefined);
    await lease.release();
  }
  return result;
}

const PSA_NAMES: Record<PsaKind, string> = { autotask: 'Autotask', connectwise: 'ConnectWise' };

/** The units and what the PSA says of foreign edits; units alone from a connector that cannot say more. */
async function readWithEdits(psa: PsaClient, link: LinkedResource, today: string, lineIds: readonly string[]): Promise<UnitsReading> {
  const target = { accountId: link.psaAccountId, contractId: link.psaContractId, serviceId: link.psaServiceId, contractServiceId: link.psaContractServiceId };
  if (psa.readUnitsAndEdits) return psa.readUnitsAndEdits(target, today, { owner: link, since: link.linkCreatedAt, lineIds });
  return { units: await psa.readUnits(target, today), foreignEdit: null, unitsFrom: null, recordsWho: false };
}

/** The PSA references of our posted adjustments per resource: lines we wrote, marked or not. */
async function loadPostedReferences(store: SyncDeps['store'], tenantId: string): Promise<Map<string, string[]>> {
  const a = store.t.adjustments;
  const rows = await store.db
    .select({ odinSubscriptionId: a.odinSubscriptionId, odinResourceId: a.odinResourceId, psaReference: a.psaReference })
    .from(a)
    .where(and(eq(a.tenantId, tenantId), eq(a.status, 'posted'), isNotNull(a.psaReference)));
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(resourceKey(r), [...(out.get(resourceKey(r)) ?? []), r.psaReference!]);
  return out;
}

export interface DriftItem {
  id: string;
  odinSubscriptionId: string;
  odinResourceId: string;
  resourceName: string | null;
  ledgerUnits: number;
  psaUnits: number;
  marketplaceCount: number;
  foundAt: string;
  /** Foreign edit: who changed the PSA line and when, where the PSA says; what changed. */
  changedBy: string | null;
  changedAt: string | null;
  change: string | null;
}

export async function listDrift(deps: Pick<SyncDeps, 'store'>, tenantId: string): Promise<DriftItem[]> {
  const { db, t } = deps.store;
  const d = t.driftFindings;
  return db
    .select({
      id: d.id,
      odinSubscriptionId: d.odinSubscriptionId,
      odinResourceId: d.odinResourceId,
      resourceName: t.mpResources.name,
      ledgerUnits: d.ledgerUnits,
      psaUnits: d.psaUnits,
      marketplaceCount: d.marketplaceCount,
      foundAt: d.foundAt,
      changedBy: d.changedBy,
      changedAt: d.changedAt,
      change: d.change,
    })
    .from(d)
    .leftJoin(t.mpResources, and(eq(t.mpResources.tenantId, d.tenantId), eq(t.mpResources.odinSubscriptionId, d.odinSubscriptionId), eq(t.mpResources.odinResourceId, d.odinResourceId)))
    .where(and(eq(d.tenantId, tenantId), isNull(d.resolvedAt)))
    .orderBy(desc(d.foundAt));
}

/** One-click fix: reconcile the resource against the PSA's current units; null when no such open finding. */
export async function fixDrift(deps: SyncDeps, tenantId: string, findingId: string): Promise<{ reconciliation: ReconcileResult } | null> {
  const { db, t } = deps.store;
  const d = t.driftFindings;
  const [finding] = await db.select().from(d).where(and(eq(d.tenantId, tenantId), eq(d.id, findingId), isNull(d.resolvedAt)));
  if (!finding) return null;
  const reconciliation = await reconcileResourceLink(deps, tenantId, finding.odinSubscriptionId, finding.odinResourceId);
  if (reconciliation.status === 'posted' || reconciliation.status === 'none') {
    await resolveDriftFindings(deps.store, tenantId, finding, reconciliation.status === 'posted' ? `fixed: posted ${reconciliation.unitChange}` : 'fixed: already matched', deps.clock.now());
  }
  return { reconciliation };
}
