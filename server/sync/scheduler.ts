/**
 * When each tenant's cycle runs. A tenant is due when its last cycle started at least its interval ago
 * (tenants.syncIntervalSeconds, default 300; config.syncIntervalSeconds overrides every tenant). The drift
 * check runs on its own, slower clock. `tick` is the whole decision and is what both hosts call: the Node
 * host on a timer (`startScheduler`), the Workers host from Cron (`enqueueDue` -> one Queue message per
 * due tenant not already waiting -> `runCycle`). The lease, not the scheduler, keeps cycles of one tenant apart, so two hosts
 * ticking at once is harmless.
 */
import { and, eq, max, ne } from 'drizzle-orm';
import pLimit from 'p-limit';
import type { SyncDeps } from './deps.js';
import { runCycle, type CycleResult } from './cycle.js';
import { checkDrift } from './drift.js';
import { acquireLease, holderId, releaseLease } from './lease.js';
import type { TenantSettings } from './repo.js';

export const DEFAULT_INTERVAL_SECONDS = 300;
export const DRIFT_INTERVAL_SECONDS = 3600;

export function intervalSecondsOf(deps: Pick<SyncDeps, 'config'>, tenant: Pick<TenantSettings, 'syncIntervalSeconds'> | null): number {
  const v = deps.config.syncIntervalSeconds ?? tenant?.syncIntervalSeconds ?? DEFAULT_INTERVAL_SECONDS;
  return Number.isFinite(v) && v > 0 ? v : DEFAULT_INTERVAL_SECONDS;
}

/** Start of the last run of each tenant, by kind: sync cycles and drift checks. */
async function lastStarts(deps: SyncDeps, drift: boolean): Promise<Map<string, string>> {
  const { db, t } = deps.store;
  const r = t.syncRuns;
  const rows = await db
    .select({ tenantId: r.tenantId, last: max(r.startedAt) })
    .from(r)
    .where(drift ? eq(r.trigger, 'drift') : ne(r.trigger, 'drift'))
    .groupBy(r.tenantId);
  return new Map(rows.filter((x) => x.last).map((x) => [x.tenantId, x.last as string]));
}

export interface DueTenant {
  tenantId: string;
  kind: 'sync' | 'drift';
}

/** Active tenants whose sync cycle (or drift check) is due at `now`. */
export async function dueTenants(deps: SyncDeps, now: Date): Promise<DueTenant[]> {
  const { db, t } = deps.store;
  const tenants = await db
    .select({ id: t.tenants.id, syncIntervalSeconds: t.tenants.syncIntervalSeconds })
    .from(t.tenants)
    .where(and(eq(t.tenants.status, 'active')));
  const [syncs, drifts] = await Promise.all([lastStarts(deps, false), lastStarts(deps, true)]);
  const out: DueTenant[] = [];
  for (const tenant of tenants) {
    const last = syncs.get(tenant.id);
    if (!last || Date.parse(last) + intervalSecondsOf(deps, tenant) * 1000 <= now.getTime()) out.push({ tenantId: tenant.id, kind: 'sync' });
    const lastDrift = drifts.get(tenant.id);
    if (last && (!lastDrift || Date.parse(lastDrift) + DRIFT_INTERVAL_SECONDS * 1000 <= now.getTime())) out.push({ tenantId: tenant.id, kind: 'drift' });
  }
  return out;
}

/** When the tenant's next cycle is due (now when it never ran). */
export async function nextDueAt(deps: SyncDeps, tenant: TenantSettings, lastStartedAt: string | null): Promise<string> {
  const now = deps.clock.now();
  if (!lastStartedAt) return now.toISOString();
  const at = Date.parse(lastStartedAt) + intervalSecondsOf(deps, tenant) * 1000;
  return new Date(Math.max(at, now.getTime())).toISOString();
}

export interface TickResult {
  cycles: CycleResult[];
  busy: string[];
  drift: string[];
}

/**
 * Run every due tenant's work now, a few tenants at a time. One tenant's cycle and drift check take the
 * same lease, so they run one after the other in one slot: side by side, one found the lease held and was
 * skipped, and with every tenant due at every tick (1,000 tenants) the drift check never ran.
 */
export async function tick(deps: SyncDeps, opts: { concurrency?: number } = {}): Promise<TickResult> {
  const due = await dueTenants(deps, deps.clock.now());
  const limit = pLimit(opts.concurrency ?? 2);
  const result: TickResult = { cycles: [], busy: [], drift: [] };
  const byTenant = new Map<string, DueTenant[]>();
  for (const d of due) byTenant.set(d.tenantId, [...(byTenant.get(d.tenantId) ?? []), d]);
  await Promise.all(
    [...byTenant.values()].map((work) =>
      limit(async () => {
        for (const d of work) {
          try {
            if (d.kind === 'sync') {
              const r = await runCycle(deps, d.tenantId, { trigger: 'schedule' });
              if (r) result.cycles.push(r);
              else result.busy.push(d.tenantId);
            } else if (await checkDrift(deps, d.tenantId, { all: false })) {
              result.drift.push(d.tenantId);
            }
          } catch (err) {
            deps.logger.error({ err, tenantId: d.tenantId, kind: d.kind }, 'scheduled work failed');
          }
        }
      }),
    ),
  );
  return result;
}

/**
 * A Workers Queue message: one tenant's work. `kind` 'sync' with `thenDrift` when both were due: in two
 * messages, consumers running side by side raced for the tenant's lease and one was skipped (as in the
 * Node tick). `mark` keeps Cron from sending another while it waits (absent in older messages).
 */
export interface QueuedWork extends DueTenant {
  thenDrift?: boolean;
  mark?: string;
}

/**
 * How long a waiting message keeps its tenant from being enqueued again. Past it the message counts as
 * lost (never delivered) and the next Cron run sends a new one; a late copy is harmless (lease, interval).
 */
export const QUEUED_MARK_TTL_MS = 15 * 60_000;

const queuedMarkName = (w: DueTenant) => `queued:${w.tenantId}`;

/**
 * Workers Cron: one Queue message per due tenant that has none waiting. Due-ness is read from started
 * cycles, so with more than a Cron period of work queued (1,000 tenants) a waiting tenant is due again at
 * every run; without the mark each run added a copy, the backlog grew every minute and the last tenants
 * waited behind copies of the first. The mark is a lease row taken by one conditional write, so two Cron
 * runs at once send one message. Sent in batches of at most 100 (Queues' sendBatch limit); marks of a
 * batch that fails to send are dropped so the next run tries again.
 */
export async function enqueueDue(deps: SyncDeps, send: (batch: QueuedWork[]) => Promise<void>): Promise<QueuedWork[]> {
  const now = deps.clock.now();
  const kinds = new Map<string, Set<DueTenant['kind']>>();
  for (const d of await dueTenants(deps, now)) kinds.set(d.tenantId, (kinds.get(d.tenantId) ?? new Set()).add(d.kind));
  const work: QueuedWork[] = [];
  for (const [tenantId, k] of kinds) {
    const w: QueuedWork = k.has('sync') ? { tenantId, kind: 'sync', ...(k.has('drift') ? { thenDrift: true } : {}) } : { tenantId, kind: 'drift' };
    const mark = holderId('queued');
    if (await acquireLease(deps.store, queuedMarkName(w), mark, QUEUED_MARK_TTL_MS, now)) work.push({ ...w, mark });
  }
  for (let i = 0; i < work.length; i += 100) {
    const batch = work.slice(i, i + 100);
    try {
      await send(batch);
    } catch (err) {
      await Promise.all(work.slice(i).map((w) => releaseLease(deps.store, queuedMarkName(w), w.mark!)));
      throw err;
    }
  }
  return work;
}

/**
 * The consumer has the message: from here the tenant's started cycle says when it is due again. Only the
 * mark this message carries is dropped, never a newer one.
 */
export async function takeQueuedWork(deps: SyncDeps, work: QueuedWork): Promise<void> {
  if (work.mark) await releaseLease(deps.store, queuedMarkName(work), work.mark);
}

/** The Queue consumer's work for one message: the cycle, then the drift check when it is due too. */
export async function runQueuedWork(deps: SyncDeps, work: QueuedWork): Promise<void> {
  await takeQueuedWork(deps, work);
  // A lease inside runCycle keeps two consumers off one tenant; a held lease returns null.
  if (work.kind === 'sync') await runCycle(deps, work.tenantId, { trigger: 'queue' });
  if (work.kind === 'drift' || work.thenDrift) await checkDrift(deps, work.tenantId, { all: false });
}

/** The Node host's timer: ticks every `tickMs`, never two ticks at once. */
export function startScheduler(deps: SyncDeps, opts: { tickMs?: number } = {}): { stop(): Promise<void> } {
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = tick(deps)
      .catch((err) => deps.logger.error({ err }, 'scheduler tick failed'))
      .finally(() => (running = null));
  }, opts.tickMs ?? 15_000);
  (timer as { unref?: () => void }).unref?.();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
