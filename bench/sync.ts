/**
 * One full sync cycle for 60,000 linked resources (6,000 with `--quick`) with 1% of the Marketplace counts changed, against the
 * Marketplace and Autotask sandboxes over HTTP on 127.0.0.1 (real clients, SQLite store): wall time,
 * Marketplace calls, PSA calls, and PSA calls per posted change (goal 1: the ledger knows the units, so
 * no read precedes a post). Then a cycle with nothing changed. The sandboxes run in their own process
 * (bench/_sandboxes.ts), so this process's CPU and peak RSS are the product's (client, sync, SQLite)
 * and the sandboxes' CPU is read from theirs. Prints figures; asserts nothing.
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { openSqlite } from '../server/db/open-node.js';
import { toAutotaskDate } from '../server/psa/autotask/facts.js';
import type { SandboxData } from '../server/sandboxes/autotask/state.js';
import { runCycle } from '../server/sync/cycle.js';
import { figure } from './figures.js';
import { forkSandboxes } from './_ipc.js';
import { benchMarketplaceData, seedSnapshot } from './_seed-snapshot.js';
import { createMarketplaceSandbox } from '../server/sandboxes/marketplace/app.js';
import { seedTenant, silentLogger, TENANT, worldDeps, writeLinks, type LinkSpec } from '../tests/integration/sync/world.js';
import type { SandboxRequest } from './_sandboxes.js';

/** The sandboxes' process: one request at a time over IPC. */
const sandboxProcess = () => forkSandboxes<SandboxRequest>(path.join(path.dirname(fileURLToPath(import.meta.url)), '_sandboxes.ts'));

/**
 * Linux keeps a resettable peak RSS (VmHWM; `echo 5 > /proc/self/clear_refs`): reset once the set-up is done
 * (after a GC), so the figure is the product's peak during the measured cycles, not the bench's own data
 * building. Returns the RSS at the reset, or null where the kernel offers no reset (then the process peak is used).
 */
function resetPeakRss(): number | null {
  try {
    (globalThis as { gc?: () => void }).gc?.();
    fs.writeFileSync('/proc/self/clear_refs', '5');
    return peakRssMB();
  } catch {
    return null;
  }
}

function peakRssMB(): number | null {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

interface Usage { cpuMicros: number; autotaskRequests: number; rssMB: number }

/**
 * BENCH_PROFILE=1: a V8 CPU profile of the product's process during one cycle only (not the set-up), the
 * same format `node --cpu-prof` writes; open it in Chrome DevTools or read its top self times.
 */
async function profiled<T>(name: string, run: () => Promise<T>): Promise<{ out: T; file: string | null }> {
  if (process.env.BENCH_PROFILE !== '1') return { out: await run(), file: null };
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    const out = await run();
    const { profile } = await session.post('Profiler.stop');
    const file = path.join(os.tmpdir(), `${name}.cpuprofile`);
    fs.writeFileSync(file, JSON.stringify(profile));
    return { out, file };
  } finally {
    session.disconnect();
  }
}

export default async function benchSync(opts: { changedShare?: number } = {}): Promise<string[]> {
  const changedShare = opts.changedShare ?? 0.01;
  let now = Date.parse('2026-11-20T10:00:00Z');
  const clock = { now: () => new Date(now) };
  const lines: string[] = [];
  const sandboxes = await sandboxProcess();
  const setNow = async (ms: number) => { now = ms; await sandboxes.ask({ op: 'now', ms }); };
  const mpServer = await sandboxes.ask<{ url: string }>({ op: 'start' });
  const { store } = openSqlite(':memory:');
  const counter = { reads: 0, posts: 0 };
  try {
    await seedTenant(store, { mpUrl: mpServer.url, atUrl: 'http://127.0.0.1:9' }, clock.now());
    let deps = worldDeps(store, { clock, logger: silentLogger });
    let t0 = performance.now();
    if (process.env.BENCH_SYNC_FULL_SCAN === '1') {
      await deps.marketplace.refresh(TENANT, { full: true });
      lines.push(`Set-up: Marketplace full scan into the snapshot in ${((performance.now() - t0) / 1000).toFixed(1)} s (not part of the measured cycle)`);
    } else {
      // The same data set the sandbox process serves (same generator, same seed), written as a full scan writes it.
      const seeded = await seedSnapshot(store, TENANT, createMarketplaceSandbox({ data: benchMarketplaceData(), clock }).state, clock.now());
      lines.push(`Set-up: snapshot of ${seeded.subscriptions.toLocaleString('en-US')} subscriptions seeded as a full scan writes it, in ${((performance.now() - t0) / 1000).toFixed(1)} s (BENCH_SYNC_FULL_SCAN=1 scans over HTTP instead; not part of the measured cycles)`);
    }

    // The PSA side mirrors the snapshot: one company and contract per customer, one contract service per
    // resource with the Marketplace's count as its units; every resource linked with its ledger known.
    const { t } = store;
    const snap = await store.db
      .select({ sub: t.mpResources.odinSubscriptionId, res: t.mpResources.odinResourceId, mpn: t.mpResources.mpn, count: t.mpResources.count, account: t.mpSubscriptions.odinAccountId, status: t.mpSubscriptions.status, period: t.mpSubscriptions.billingPeriod })
      .from(t.mpResources)
      .innerJoin(t.mpSubscriptions, eq(t.mpSubscriptions.odinSubscriptionId, t.mpResources.odinSubscriptionId));
    const accounts = [...new Set(snap.map((r) => r.account))];
    const accountIndex = new Map(accounts.map((a, i) => [a, i]));
    const start = toAutotaskDate('2026-11-01');
    const end = toAutotaskDate('2026-12-31');
    const data: SandboxData = { companies: [], contracts: [], services: [], contractServices: [] };
    accounts.forEach((a, i) => {
      data.companies.push({ id: 1_000_000 + i, companyName: `Customer ${a}`, companyNumber: `C${i}`, companyType: 1, isActive: true });
      data.contracts.push({ id: 2_000_000 + i, companyID: 1_000_000 + i, contractName: `Cloud ${a}`, contractNumber: `RS-${i}`, contractType: 7, contractPeriodType: 2, status: 1, startDate: start, endDate: end, renewedContractID: null });
    });
    const links: LinkSpec[] = [];
    // One Autotask service per catalog product (the sandbox spreads all ids into Math.max, so keep them few).
    const serviceOf = new Map<string, number>();
    snap.forEach((r, k) => {
      const i = accountIndex.get(r.account)!;
      const mpn = r.mpn ?? r.res;
      if (!serviceOf.has(mpn)) {
        serviceOf.set(mpn, 3_000_000 + serviceOf.size);
        data.services.push({ id: serviceOf.get(mpn)!, name: `Service ${mpn}`, description: null, invoiceDescription: null, isActive: true, periodType: 2, unitPrice: 10, unitCost: 8 });
      }
      const serviceId = serviceOf.get(mpn)!;
      data.contractServices.push({ id: 4_000_000 + k, contractID: 2_000_000 + i, serviceID: serviceId, unitPrice: 10, unitCost: 8, internalCurrencyAdjustedPrice: null, invoiceDescription: null, internalDescription: null, units: r.count });
      links.push({ odinAccountId: r.account, odinSubscriptionId: r.sub, odinResourceId: r.res, psaAccountId: String(1_000_000 + i), psaContractId: String(2_000_000 + i), psaServiceId: String(serviceId), psaContractServiceId: String(4_000_000 + k), ledgerUnits: r.count });
    });
    const atServer = await sandboxes.ask<{ url: string }>({ op: 'autotask', data });
    await seedTenant(store, { mpUrl: mpServer.url, atUrl: atServer.url }, clock.now());
    t0 = performance.now();
    await writeLinks(store, links, clock.now());
    lines.push(`Set-up: ${links.length.toLocaleString('en-US')} resources linked, ${data.contracts.length.toLocaleString('en-US')} Autotask contracts, in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    deps = worldDeps(store, { clock, logger: silentLogger, counter, options: { budgetMs: 30 * 60_000 } });
    await setNow(now + 60_000);
    const first = await runCycle(deps, TENANT, { trigger: 'schedule' }); // settles the snapshot's own checkpoint
    lines.push(`Warm-up cycle (no count moved; terminated subscriptions go to 0): ${first?.status}, ${String(first?.summary.marketplaceCalls)} Marketplace calls, ${String(first?.summary.posted)} posted, ${counter.reads + counter.posts} PSA calls`);

    // 1% of counts move: monthly, active subscriptions only, half up by 2, half down by 1.
    const candidates = snap.filter((r) => r.status === 'active' && !/12|year/.test(r.period ?? ''));
    const target = Math.round(snap.length * changedShare);
    const step = Math.max(1, Math.floor(candidates.length / target));
    const moves: { sub: string; product: string; count: number }[] = [];
    for (let j = 0; j < candidates.length && moves.length < target; j += step) {
      const r = candidates[j]!;
      const next = moves.length % 2 === 0 ? r.count + 2 : Math.max(0, r.count - 1);
      if (next !== r.count) moves.push({ sub: r.sub, product: r.mpn ?? r.res, count: next });
    }
    const { moved } = await sandboxes.ask<{ moved: number }>({ op: 'setCounts', moves });
    await setNow(now + 4 * 60_000);
    counter.reads = 0;
    counter.posts = 0;
    const rssFrom = resetPeakRss();
    const sb0 = await sandboxes.ask<Usage>({ op: 'usage' });
    const cpu0 = process.cpuUsage();
    t0 = performance.now();
    const sandboxProfile = path.join(os.tmpdir(), 'sync-600-changes-sandboxes.cpuprofile');
    if (process.env.BENCH_PROFILE === '1') await sandboxes.ask({ op: 'profileStart' });
    const { out: r, file: profile } = await profiled('sync-600-changes', () => runCycle(deps, TENANT, { trigger: 'schedule' }));
    if (process.env.BENCH_PROFILE === '1') {
      await sandboxes.ask({ op: 'profileStop', file: sandboxProfile });
      lines.push(`CPU profile of the sandboxes' process during this cycle: ${sandboxProfile}`);
    }
    const ms = performance.now() - t0;
    if (profile) lines.push(`CPU profile of the product during this cycle: ${profile}`);
    const cpu = process.cpuUsage(cpu0);
    const sb1 = await sandboxes.ask<Usage>({ op: 'usage' });
    const productCpu = (cpu.user + cpu.system) / 1e6;
    const sandboxCpu = (sb1.cpuMicros - sb0.cpuMicros) / 1e6;
    const posted = Number(r?.summary.posted ?? 0);
    const psaCalls = counter.reads + counter.posts;
    lines.push(`Cycle with ${moved} counts changed (of ${links.length.toLocaleString('en-US')} linked): ${r?.status}, ${(ms / 1000).toFixed(2)} s wall; ` +
      `CPU ${productCpu.toFixed(2)} s product (client, sync, SQLite), ${sandboxCpu.toFixed(2)} s sandboxes (own process)`);
    lines.push(`  Marketplace: ${String(r?.summary.marketplaceCalls)} API calls (${String(r?.summary.marketplaceMode)}), ${String(r?.summary.marketplaceChanges)} count changes seen`);
    lines.push(`  Autotask: ${posted} adjustments posted, ${counter.posts} posts + ${counter.reads} unit reads = ${psaCalls} PSA client calls, ${sb1.autotaskRequests} HTTP requests at the sandbox`);
    if (posted) {
      lines.push(`  ${figure('sync: product CPU per posted change (1% changed cycle)', (1000 * productCpu) / posted, 'ms', undefined, 1)}; ` +
        `sandboxes' CPU per posted change ${((1000 * sandboxCpu) / posted).toFixed(1)} ms`);
    }
    lines.push(`  ${figure('sync: cycle with 1% changed, wall', ms / 1000, 's', { below: 6 })}`);
    if (posted) lines.push(`  ${figure('sync: PSA calls per posted change (Autotask)', psaCalls / posted, 'calls', { below: 1, atMost: true })} (HTTP requests per change ${(sb1.autotaskRequests / posted).toFixed(2)})`);
    counter.reads = 0;
    counter.posts = 0;
    await setNow(now + 5 * 60_000);
    t0 = performance.now();
    const idle = await runCycle(deps, TENANT, { trigger: 'schedule' });
    lines.push(`${figure('sync: cycle with nothing changed, wall', (performance.now() - t0) / 1000, 's', { below: 1 })}, ${String(idle?.summary.marketplaceCalls)} Marketplace calls, ${counter.reads + counter.posts} PSA calls`);
    const sb2 = await sandboxes.ask<Usage>({ op: 'usage' });
    const cyclesPeak = peakRssMB();
    if (rssFrom !== null && cyclesPeak !== null) {
      lines.push(`${figure('sync: product peak RSS during the two measured cycles (sandboxes in their own process)', cyclesPeak, 'MB', { below: 300 }, 0)} (${rssFrom.toFixed(0)} MB resident when they started); ` +
        `this process's peak including the bench's set-up ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; sandboxes' process ${sb2.rssMB.toFixed(0)} MB`);
    } else {
      lines.push(`${figure('sync: product peak RSS (sandboxes in their own process)', process.resourceUsage().maxRSS / 1024, 'MB', { below: 300 }, 0)}; sandboxes' process ${sb2.rssMB.toFixed(0)} MB`);
    }
    return lines;
  } finally {
    await store.close();
    await sandboxes.ask({ op: 'stop' }).catch(() => sandboxes.kill());
  }
}
