/**
 * A cycle for 1,000 tenants (issue 16 item 6): each MSP has its own Marketplace reseller account and
 * Autotask database (sandboxes in their own process, bench/_tenants-sandboxes.ts), one customer with
 * two linked resources. Once every tenant is in its steady state, one count per tenant moves at once;
 * the figures are the latency from that change to the tenant's post as its Autotask sandbox sees it
 * (p50/p95/max), the wall time until the last tenant's post, fairness (slowest tenant / median: no tenant
 * starved) and lease overlaps (two cycles of one tenant at once), for the Node host (the product's
 * scheduler and leases, bench/_tenants-node.ts) and the Workers host (Cron -> Queue -> consumer in
 * wrangler's local runtime with local D1, bench/_tenants-workers.ts), side by side. `--quick`: 20 tenants.
 * Prints figures; asserts nothing.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { figure, quick } from './figures.js';
import { forkSandboxes } from './_ipc.js';
import type { SandboxRequest, TenantWorld } from './_tenants-sandboxes.js';
import { hostFigures, type HostRun } from './_tenants-figures.js';
import { nodeHost } from './_tenants-node.js';
import { workersHost } from './_tenants-workers.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** One host's run against its own fresh sandboxes. */
async function measure(tenants: number, run: (s: Awaited<ReturnType<typeof forkSandboxes<SandboxRequest>>>, url: string, worlds: TenantWorld[]) => Promise<HostRun>): Promise<HostRun & { sandboxCpuS: number }> {
  const sandboxes = await forkSandboxes<SandboxRequest>(path.join(here, '_tenants-sandboxes.ts'));
  try {
    const { url, worlds } = await sandboxes.ask<{ url: string; worlds: TenantWorld[] }>({ op: 'start', tenants });
    const u0 = await sandboxes.ask<{ cpuMicros: number }>({ op: 'usage' });
    const out = await run(sandboxes, url, worlds);
    const u1 = await sandboxes.ask<{ cpuMicros: number }>({ op: 'usage' });
    return { ...out, sandboxCpuS: (u1.cpuMicros - u0.cpuMicros) / 1e6 };
  } finally {
    await sandboxes.ask({ op: 'stop' }).catch(() => sandboxes.kill());
  }
}

export default async function benchTenants(): Promise<string[]> {
  const lines: string[] = [];
  const nodeTenants = Number(process.env.BENCH_TENANTS ?? (quick ? 20 : 1000));
  // Local wrangler (workerd, D1 and Queues simulated on this machine) ran about one queued cycle or drift
  // check per second on a loaded 2-core machine: 1,000 tenants would take most of an hour, so the Workers
  // host is measured at 100 unless BENCH_WORKER_TENANTS asks for more; the count used is printed.
  const workerTenants = Number(process.env.BENCH_WORKER_TENANTS ?? Math.min(nodeTenants, 100));
  lines.push(`Load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (${os.cpus().length} CPUs)`);
  const runs: (HostRun & { sandboxCpuS: number })[] = [];
  // BENCH_TENANTS_NODE=0 / BENCH_TENANTS_WORKERS=0 measure one host only.
  if (process.env.BENCH_TENANTS_NODE !== '0') runs.push(await measure(nodeTenants, (s, url, worlds) => nodeHost(s, url, worlds, { tickMs: 1000 })));
  if (process.env.BENCH_TENANTS_WORKERS !== '0') {
    try {
      runs.push(await measure(workerTenants, (s, url, worlds) => workersHost(s, url, worlds)));
    } catch (err) {
      lines.push(`Workers host: not measured: ${(err as Error).message.slice(0, 600)}`);
    }
  }
  const figs = runs.map((r) => ({ r, f: hostFigures(r) }));
  if (!figs.length) return lines;
  for (const { r } of figs) {
    lines.push(`${r.host}: ${r.tenants.toLocaleString('en-US')} tenants (${r.note}); set-up ${(r.seededMs / 1000).toFixed(1)} s, warm-up to steady state ${(r.warmMs / 1000).toFixed(1)} s (not measured)`);
  }
  const col = (s: string) => s.padStart(16);
  lines.push(`${''.padEnd(44)}${figs.map(({ r }) => col(`${r.host} (${r.tenants})`)).join('')}`);
  const row = (label: string, cell: (f: ReturnType<typeof hostFigures>, r: HostRun & { sandboxCpuS: number }) => string) =>
    lines.push(`${label.padEnd(44)}${figs.map(({ r, f }) => col(cell(f, r))).join('')}`);
  row('change -> post latency p50', (f) => `${(f.p50 / 1000).toFixed(2)} s`);
  row('change -> post latency p95', (f) => `${(f.p95 / 1000).toFixed(2)} s`);
  row('change -> post latency max', (f) => `${(f.max / 1000).toFixed(2)} s`);
  row('wall time until the last tenant posted', (f) => `${f.wallS.toFixed(2)} s`);
  row('fairness: slowest tenant / median', (f) => f.fairness.toFixed(2));
  row('cycles started after the change', (f) => String(f.cycles));
  row('  of which failed', (f) => String(f.failed));
  row('  most cycles of one tenant', (f) => String(f.cyclesPerTenantMax));
  row('lease overlaps (two cycles of one tenant)', (f) => String(f.overlaps));
  row('product CPU during the measured cycle', (_f, r) => (r.productCpuS === null ? 'in workerd' : `${r.productCpuS.toFixed(1)} s`));
  row('sandboxes CPU (own process)', (_f, r) => `${r.sandboxCpuS.toFixed(1)} s`);
  row('errors logged by the host', (_f, r) => String(r.errors));
  for (const { r } of figs) if (r.firstError) lines.push(`  ${r.host}'s first logged error: ${r.firstError.slice(0, 300)}`);
  for (const { r, f } of figs) {
    const key = r.host.toLowerCase();
    lines.push(figure(`tenants: ${key} change-to-post p50 (${r.tenants} tenants)`, f.p50 / 1000, 's'));
    lines.push(figure(`tenants: ${key} change-to-post p95 (${r.tenants} tenants)`, f.p95 / 1000, 's'));
    lines.push(figure(`tenants: ${key} change-to-post max (${r.tenants} tenants)`, f.max / 1000, 's'));
    // A tenant served in its turn waits at most twice the median in one pass over all due tenants.
    lines.push(figure(`tenants: ${key} fairness, slowest / median`, f.fairness, 'x', { below: 2.5 }));
    lines.push(figure(`tenants: ${key} lease overlaps`, f.overlaps, 'pairs', { below: 0, atMost: true }, 0));
    lines.push(figure(`tenants: ${key} tenants starved (no post before the time-out)`, f.starved, 'tenants', { below: 0, atMost: true }, 0));
  }
  lines.push(`Load average at end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  return lines;
}
