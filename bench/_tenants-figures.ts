/**
 * What the tenants bench reads from a host's run and prints: waiting for the steady state and for every
 * tenant's post (on events seen in the store and at the sandboxes, polled; no fixed sleeps), latency
 * percentiles, fairness (slowest tenant against the median) and lease overlaps: two cycles of one tenant
 * whose recorded runs overlap in time mean two holders of its lease.
 */
import type { Store } from '../server/db/store.js';
import type { SandboxProcess } from './_ipc.js';
import type { SandboxRequest } from './_tenants-sandboxes.js';

export interface RunRow { tenantId: string; trigger: string; status: string; startedAt: string; finishedAt: string | null; error: string | null }

export interface HostRun {
  host: string;
  tenants: number;
  /** Per tenant, ms from the count change to its first accepted adjustment; null: none before the time-out. */
  latencies: (number | null)[];
  seededMs: number;
  warmMs: number;
  runs: RunRow[];
  changedAtIso: string;
  productCpuS: number | null;
  errors: number;
  firstError: string | null;
  note: string;
}

export async function readRuns(store: Store): Promise<RunRow[]> {
  const r = store.t.syncRuns;
  return store.db.select({ tenantId: r.tenantId, trigger: r.trigger, status: r.status, startedAt: r.startedAt, finishedAt: r.finishedAt, error: r.error }).from(r);
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Until every tenant has a finished, successful sync cycle and a finished drift check; returns the ms taken. */
export async function untilWarm(read: () => Promise<RunRow[]>, tenants: number, timeoutMs: number, onPoll?: (synced: number, drifted: number) => Promise<void>): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    const runs = await read();
    const synced = new Set(runs.filter((x) => x.trigger !== 'drift' && x.status === 'ok' && x.finishedAt).map((x) => x.tenantId));
    const drifted = new Set(runs.filter((x) => x.trigger === 'drift' && x.finishedAt).map((x) => x.tenantId));
    if (synced.size >= tenants && drifted.size >= tenants) return performance.now() - t0;
    if (performance.now() - t0 > timeoutMs) {
      const failed = runs.find((x) => x.finishedAt && x.status !== 'ok');
      throw new Error(`warm-up: ${synced.size} of ${tenants} tenants synced, ${drifted.size} drift-checked after ${timeoutMs} ms${failed ? `; a ${failed.trigger} run ended ${failed.status}: ${failed.error}` : ''}`);
    }
    await onPoll?.(synced.size, drifted.size);
    await pause(500);
  }
}

/** Until the sandboxes have seen every tenant's post, or the time-out (a tenant still waiting is starved). */
export async function untilAllPosted(sandboxes: SandboxProcess<SandboxRequest>, timeoutMs: number, onPoll?: () => Promise<void>): Promise<(number | null)[]> {
  const t0 = performance.now();
  for (;;) {
    const { latencies } = await sandboxes.ask<{ latencies: (number | null)[] }>({ op: 'posts' });
    if (!latencies.includes(null) || performance.now() - t0 > timeoutMs) return latencies;
    await onPoll?.();
    await pause(200);
  }
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Pairs of one tenant's sync cycles that ran at the same time (their lease had two holders). */
export function leaseOverlaps(runs: RunRow[]): number {
  const byTenant = new Map<string, RunRow[]>();
  for (const r of runs.filter((x) => x.trigger !== 'drift')) byTenant.set(r.tenantId, [...(byTenant.get(r.tenantId) ?? []), r]);
  let overlaps = 0;
  for (const list of byTenant.values()) {
    list.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    let openUntil = '';
    for (const r of list) {
      if (r.startedAt < openUntil) overlaps++;
      const end = r.finishedAt ?? '9999';
      if (end > openUntil) openUntil = end;
    }
  }
  return overlaps;
}

export interface HostFigures {
  p50: number; p95: number; max: number; wallS: number; fairness: number;
  cycles: number; failed: number; overlaps: number; cyclesPerTenantMax: number; starved: number;
}

export function hostFigures(run: HostRun): HostFigures {
  const posted = run.latencies.filter((l): l is number => l !== null);
  const sorted = posted.length ? [...posted].sort((a, b) => a - b) : [Number.NaN];
  const p50 = percentile(sorted, 50);
  const max = sorted[sorted.length - 1]!;
  const after = run.runs.filter((r) => r.trigger !== 'drift' && r.startedAt >= run.changedAtIso);
  const perTenant = new Map<string, number>();
  for (const r of after) perTenant.set(r.tenantId, (perTenant.get(r.tenantId) ?? 0) + 1);
  return {
    p50, p95: percentile(sorted, 95), max, wallS: max / 1000, fairness: max / Math.max(1, p50),
    cycles: after.length, failed: after.filter((r) => r.finishedAt && r.status !== 'ok').length,
    overlaps: leaseOverlaps(run.runs), cyclesPerTenantMax: Math.max(0, ...perTenant.values()), starved: run.latencies.length - posted.length,
  };
}
