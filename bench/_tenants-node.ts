/**
 * The Node host under the tenants bench: the product's services and runtime as server/node.ts builds them
 * (SQLite file, sealed secrets, the metered PSA registry, startNodeRuntime's scheduler and lease holders),
 * against the sandboxes' process. Warm-up: the scheduler runs until every tenant has a cycle and a drift
 * check behind it (the steady state). Then every tenant's count moves at once, a fresh runtime starts, and
 * the sandboxes time each tenant's post. Returns the latencies and what the store recorded.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSecretBox } from '../server/auth/secret-box.js';
import { openStore } from '../server/db/open-node.js';
import { createMetrics } from '../server/metrics/metrics.js';
import { meteredPsaRegistry } from '../server/metrics/psa.js';
import { createPasswordHasher } from '../server/auth/password.js';
import { createOutboxMailer } from '../server/mail/outbox.js';
import { startNodeRuntime } from '../server/node-runtime.js';
import type { Logger, Services } from '../server/services.js';
import type { SandboxProcess } from './_ipc.js';
import type { SandboxRequest, TenantWorld } from './_tenants-sandboxes.js';
import { seedTenants } from './_tenants-seed.js';
import { readRuns, untilAllPosted, untilWarm, type HostRun } from './_tenants-figures.js';

/** Silent, but counts errors (a failed scheduled cycle is a finding) and keeps the first one. */
function countingLogger(errors: { count: number; first: string | null }): Logger {
  const self: Logger = {
    debug() {}, info() {}, warn() {},
    error(obj, msg) {
      errors.count++;
      errors.first ??= `${msg ?? ''} ${String((obj as { err?: Error }).err?.message ?? '')}`.trim();
    },
    child: () => self,
  };
  return self;
}

export async function nodeHost(sandboxes: SandboxProcess<SandboxRequest>, url: string, worlds: TenantWorld[], opts: { tickMs: number }): Promise<HostRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'idsync-tenants-'));
  const opened = await openStore(`file:${path.join(dir, 'idsync.sqlite')}`);
  const clock = { now: () => new Date() };
  const metrics = createMetrics();
  const errors = { count: 0, first: null as string | null };
  const services: Services = {
    store: opened.store,
    clock,
    logger: countingLogger(errors),
    secrets: await createSecretBox(crypto.getRandomValues(new Uint8Array(32))),
    mailer: createOutboxMailer(opened.store, clock),
    passwords: createPasswordHasher({ logN: 4 }),
    clientAddress: () => '127.0.0.1',
    psa: meteredPsaRegistry(metrics, clock),
    metrics,
    // Every tenant is due at every tick: the scheduler at capacity, which is what is measured.
    config: { demoMode: false, publicUrl: 'http://127.0.0.1', secureCookies: false, syncIntervalSeconds: 1, maxBodyBytes: 1024 * 1024, dialect: opened.dialect, migration: opened.migration, scryptLogN: 4 },
  };
  try {
    const t0 = performance.now();
    await seedTenants(opened.store, services.secrets, url, worlds, clock.now());
    const seededMs = performance.now() - t0;
    const warm = await startNodeRuntime(services, { demo: false, scheduler: true, tickMs: opts.tickMs });
    await warm.afterListen('');
    const warmMs = await untilWarm(() => readRuns(opened.store), worlds.length, Math.max(120_000, worlds.length * 1000));
    await warm.stop();

    const changedAtIso = new Date().toISOString();
    const cpu0 = process.cpuUsage();
    await sandboxes.ask({ op: 'change' });
    const runtime = await startNodeRuntime(services, { demo: false, scheduler: true, tickMs: opts.tickMs });
    await runtime.afterListen('');
    const latencies = await untilAllPosted(sandboxes, Math.max(60_000, worlds.length * 300));
    const cpu = process.cpuUsage(cpu0);
    await runtime.stop();
    const runs = await readRuns(opened.store);
    return {
      host: 'Node', tenants: worlds.length, latencies, seededMs, warmMs, runs, changedAtIso,
      productCpuS: (cpu.user + cpu.system) / 1e6, errors: errors.count, firstError: errors.first,
      note: `one process, scheduler tick ${opts.tickMs} ms, 2 tenants at a time (tick's concurrency)`,
    };
  } finally {
    await opened.store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
