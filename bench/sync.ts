/**
 * One full sync cycle for 60,000 linked resources with 1% of the Marketplace counts changed, against the
 * Marketplace and Autotask sandboxes over HTTP on 127.0.0.1 (real clients, SQLite store): wall time,
 * Marketplace calls, PSA calls, and PSA calls per posted change (goal 1: the ledger knows the units, so
 * no read precedes a post). Then a cycle with nothing changed. Prints figures; asserts nothing.
 */
import { eq } from 'drizzle-orm';
import { openSqlite } from '../server/db/open-node.js';
import { createMarketplaceSandbox } from '../server/sandboxes/marketplace/app.js';
import { largeMarketplaceData } from '../server/sandboxes/marketplace/data.js';
import { createAutotaskSandbox } from '../server/sandboxes/autotask/index.js';
import { toAutotaskDate } from '../server/psa/autotask/facts.js';
import type { SandboxData } from '../server/sandboxes/autotask/state.js';
import { runCycle } from '../server/sync/cycle.js';
import { figure } from './figures.js';
import { listen, seedTenant, silentLogger, TENANT, worldDeps, writeLinks, type LinkSpec } from '../tests/integration/sync/world.js';

export default async function benchSync(opts: { changedShare?: number } = {}): Promise<string[]> {
  const changedShare = opts.changedShare ?? 0.01;
  let now = Date.parse('2026-11-20T10:00:00Z');
  const clock = { now: () => new Date(now) };
  const lines: string[] = [];
  const mpData = largeMarketplaceData();
  const mp = createMarketplaceSandbox({ data: mpData, clock });
  const mpServer = await listen(mp.app);
  const { store } = openSqlite(':memory:');
  const counter = { reads: 0, posts: 0 };
  let atServer: Awaited<ReturnType<typeof listen>> | null = null;
  try {
    await seedTenant(store, { mpUrl: mpServer.url, atUrl: 'http://127.0.0.1:9' }, clock.now());
    let deps = worldDeps(store, { clock, logger: silentLogger });
    let t0 = performance.now();
    await deps.marketplace.refresh(TENANT, { full: true });
    lines.push(`Set-up: Marketplace full scan into the snapshot in ${((performance.now() - t0) / 1000).toFixed(1)} s (not part of the measured cycle)`);

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
    const at = createAutotaskSandbox({ data, clock });
    atServer = await listen(at.app);
    await seedTenant(store, { mpUrl: mpServer.url, atUrl: atServer.url }, clock.now());
    t0 = performance.now();
    await writeLinks(store, links, clock.now());
    lines.push(`Set-up: ${links.length.toLocaleString('en-US')} resources linked, ${data.contracts.length.toLocaleString('en-US')} Autotask contracts, in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    deps = worldDeps(store, { clock, logger: silentLogger, counter, options: { budgetMs: 30 * 60_000 } });
    now += 60_000;
    const first = await runCycle(deps, TENANT, { trigger: 'schedule' }); // settles the snapshot's own checkpoint
    lines.push(`Warm-up cycle (no count moved; terminated subscriptions go to 0): ${first?.status}, ${String(first?.summary.marketplaceCalls)} Marketplace calls, ${String(first?.summary.posted)} posted, ${counter.reads + counter.posts} PSA calls`);

    // 1% of counts move: monthly, active subscriptions only, half up by 2, half down by 1.
    const candidates = snap.filter((r) => r.status === 'active' && !/12|year/.test(r.period ?? ''));
    const target = Math.round(snap.length * changedShare);
    const step = Math.max(1, Math.floor(candidates.length / target));
    let moved = 0;
    for (let j = 0; j < candidates.length && moved < target; j += step) {
      const r = candidates[j]!;
      const next = moved % 2 === 0 ? r.count + 2 : Math.max(0, r.count - 1);
      if (next === r.count || !mp.controls.setCount(r.sub, r.mpn ?? r.res, next)) continue;
      moved++;
    }
    now += 4 * 60_000;
    counter.reads = 0;
    counter.posts = 0;
    at.stats.requests = 0;
    const cpu0 = process.cpuUsage();
    t0 = performance.now();
    const r = await runCycle(deps, TENANT, { trigger: 'schedule' });
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const posted = Number(r?.summary.posted ?? 0);
    const psaCalls = counter.reads + counter.posts;
    lines.push(`Cycle with ${moved} counts changed (of ${links.length.toLocaleString('en-US')} linked): ${r?.status}, ${(ms / 1000).toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU (client, sandboxes and SQLite share one process)`);
    lines.push(`  Marketplace: ${String(r?.summary.marketplaceCalls)} API calls (${String(r?.summary.marketplaceMode)}), ${String(r?.summary.marketplaceChanges)} count changes seen`);
    lines.push(`  Autotask: ${posted} adjustments posted, ${counter.posts} posts + ${counter.reads} unit reads = ${psaCalls} PSA client calls, ${at.stats.requests} HTTP requests at the sandbox`);
    lines.push(`  ${figure('sync: cycle with 1% changed, wall', ms / 1000, 's', { below: 6 })}`);
    if (posted) lines.push(`  ${figure('sync: PSA calls per posted change (Autotask)', psaCalls / posted, 'calls', { below: 1, atMost: true })} (HTTP requests per change ${(at.stats.requests / posted).toFixed(2)})`);
    counter.reads = 0;
    counter.posts = 0;
    now += 5 * 60_000;
    t0 = performance.now();
    const idle = await runCycle(deps, TENANT, { trigger: 'schedule' });
    lines.push(`${figure('sync: cycle with nothing changed, wall', (performance.now() - t0) / 1000, 's', { below: 1 })}, ${String(idle?.summary.marketplaceCalls)} Marketplace calls, ${counter.reads + counter.posts} PSA calls`);
    lines.push(`${figure('sync: peak RSS (product, sandboxes and SQLite in one process)', process.resourceUsage().maxRSS / 1024, 'MB', { below: 300 }, 0)}`);
    return lines;
  } finally {
    await store.close();
    await mpServer.close();
    await atServer?.close();
  }
}
