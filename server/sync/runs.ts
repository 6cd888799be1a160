/** sync_runs rows: one per cycle, progress while it runs, its result after. */
import { and, desc, eq, ne } from 'drizzle-orm';
import type { Store } from '../db/store.js';

export type RunStatus = 'running' | 'ok' | 'partial' | 'failed' | 'interrupted';
export type RunPhase = 'marketplace' | 'plan' | 'post' | 'drift' | 'done';

export async function insertRun(store: Store, run: { id: string; tenantId: string; trigger: string; startedAt: string }): Promise<void> {
  const { db, t } = store;
  // A run still "running" belongs to a process that died holding the lease we now hold.
  await db
    .update(t.syncRuns)
    .set({ status: 'interrupted', finishedAt: run.startedAt, error: 'The process running this cycle stopped; the next cycle resumed its work' })
    .where(and(eq(t.syncRuns.tenantId, run.tenantId), eq(t.syncRuns.status, 'running'), ne(t.syncRuns.id, run.id)));
  await db.insert(t.syncRuns).values({ ...run, status: 'running', phase: 'marketplace', done: 0, total: 0 });
}

export async function updateRun(store: Store, id: string, set: { phase?: RunPhase; done?: number; total?: number }): Promise<void> {
  await store.db.update(store.t.syncRuns).set(set).where(eq(store.t.syncRuns.id, id));
}

export async function finishRun(store: Store, id: string, set: { status: RunStatus; summary: Record<string, unknown>; error: string | null; finishedAt: string }): Promise<void> {
  await store.db
    .update(store.t.syncRuns)
    .set({ status: set.status, phase: 'done', summaryJson: JSON.stringify(set.summary), error: set.error, finishedAt: set.finishedAt })
    .where(eq(store.t.syncRuns.id, id));
}

export async function latestRuns(store: Store, tenantId: string, n = 5, trigger?: string) {
  const { db, t } = store;
  const where = trigger ? and(eq(t.syncRuns.tenantId, tenantId), eq(t.syncRuns.trigger, trigger)) : eq(t.syncRuns.tenantId, tenantId);
  const q = db.select().from(t.syncRuns).where(where).$dynamic();
  return store.page(q, [desc(t.syncRuns.startedAt)], n, 0);
}

/** Throttles progress writes: at most one per `everyMs`, plus the last. */
export function progressWriter(store: Store, runId: string, now: () => number, everyMs = 500) {
  let last = 0;
  return async (done: number, total: number, force = false) => {
    const at = now();
    if (!force && at - last < everyMs) return;
    last = at;
    await updateRun(store, runId, { done, total });
  };
}
