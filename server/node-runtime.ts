/**
 * What the Node host runs beside the HTTP app: the demo sandboxes (demo mode), the widgets, and the sync
 * engine with its scheduler timer. Kept apart from node.ts so tests and benchmarks can start the same
 * pieces in-process.
 */
import { eq } from 'drizzle-orm';
import type { Hono } from 'hono';
import { createDemoSandboxes } from './demo/sandboxes.js';
import { DEMO_TENANTS } from './demo/seed.js';
import { linkDemoTenant } from './demo/links.js';
import { createDemoHosts } from './embed/demo-hosts/routes.js';
import { createWidgetsApp } from './routes/widgets.js';
import type { Services } from './services.js';
import { runCycle } from './sync/cycle.js';
import { registerSyncDeps, syncDepsFrom } from './sync/deps.js';
import { snapshotSource } from './sync/marketplace-source.js';
import { nodeProcess } from './sync/node-process.js';
import { reconcileResourceLink } from './sync/reconcile.js';
import { startScheduler } from './sync/scheduler.js';

export interface NodeRuntime {
  mounts: { path: string; app: Hono<any> }[];
  widgets: Hono<any>;
  afterListen(origin: string): Promise<void>;
  /**
   * Start no new cycle or post; wait (at most graceMs) for the cycles in progress, whose post in flight
   * finishes and is recorded. `finished` is false when the wait ran out.
   */
  stop(graceMs?: number): Promise<{ cycles: number; finished: boolean }>;
}

/** `tickMs`: the scheduler's timer (default 15 s); the tenants bench ticks faster to measure the cycles, not the wait. */
export async function startNodeRuntime(services: Services, opts: { demo: boolean; scheduler: boolean; tickMs?: number }): Promise<NodeRuntime> {
  const sandboxes = opts.demo ? createDemoSandboxes(services.clock) : null;
  // Lease holders record this process, so one killed by the OS is taken over at once (sync/node-process.ts).
  const sync = syncDepsFrom(services, snapshotSource(services), undefined, nodeProcess());
  sync.shutdown = { stopping: false, running: new Set() };
  registerSyncDeps(services, sync);
  let scheduler: { stop(): Promise<void> } | null = null;
  // Stand-in ODIN panel, ConnectWise and Autotask pages that embed the app (README "Embedded, in demo mode").
  const hosts = opts.demo ? createDemoHosts(services) : null;
  return {
    mounts: [...(sandboxes?.mounts ?? []), ...(hosts ? [{ path: '/demo-hosts', app: hosts.app }] : [])],
    widgets: createWidgetsApp(),
    async afterListen() {
      if (opts.demo) {
        // First start: read the demo Marketplace, link part of it, so reports and logs have rows at once.
        for (const t of DEMO_TENANTS) {
          try {
            // First start: read the demo Marketplace once, then link part of it (a no-op once links exist).
            const { db, t: tables } = services.store;
            const read = await db.select({ id: tables.mpCompanies.odinAccountId }).from(tables.mpCompanies).where(eq(tables.mpCompanies.tenantId, t.id));
            if (read.length === 0) await runCycle(sync, t.id, { trigger: 'manual', full: true });
            const linked = await linkDemoTenant(services, t.id, { afterResourceLinked: (s, r) => reconcileResourceLink(sync, t.id, s, r) });
            if (!linked.skipped) services.logger.info({ tenantId: t.id, ...linked }, 'demo links made');
          } catch (err) {
            services.logger.warn({ err, tenantId: t.id }, 'demo links not made');
          }
        }
      }
      if (opts.scheduler) scheduler = startScheduler(sync, { tickMs: opts.tickMs });
    },
    async stop(graceMs = 30_000) {
      const shutdown = sync.shutdown!;
      shutdown.stopping = true;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const outOfTime = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), graceMs)));
      const cycles = shutdown.running.size;
      const drained = (async () => {
        await scheduler?.stop();
        while (shutdown.running.size) await Promise.allSettled([...shutdown.running]);
        return true as const;
      })();
      const finished = await Promise.race([drained, outOfTime]);
      clearTimeout(timer);
      await hosts?.close();
      return { cycles: Math.max(cycles, shutdown.running.size), finished };
    },
  };
}
