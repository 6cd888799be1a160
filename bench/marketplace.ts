/**
 * Marketplace side of a sync cycle on the benchmark data set (10,000 customers, 30,000 subscriptions,
 * 60,000 resources), sandbox over real HTTP on 127.0.0.1, snapshot into in-memory SQLite: API calls of a
 * full scan next to steady-state cycles after 1% of counts changed through change orders, with the date
 * filters honoured and ignored, a quiet cycle, and 1% set without orders (found by the rotating list slice):
 * wall times and peak memory. Prints, asserts nothing.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { openSqlite } from '../server/db/open-node.js';
import type { Logger } from '../server/services.js';
import { createMarketplaceSandbox } from '../server/sandboxes/marketplace/app.js';
import { largeMarketplaceData } from '../server/sandboxes/marketplace/data.js';
import { refreshSnapshot, type RefreshResult } from '../server/marketplace/snapshot.js';
import { SWEEP_PAGES_PER_CYCLE } from '../server/marketplace/detect.js';
import { MARKETPLACE } from '../server/marketplace/provider.js';
import { figure } from './figures.js';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };

export async function benchMarketplace(opts: { changedShare?: number; concurrency?: number } = {}): Promise<string[]> {
  const changedShare = opts.changedShare ?? 0.01;
  let now = Date.parse('2026-11-20T10:00:00Z');
  const clock = { now: () => new Date(now) };
  const data = largeMarketplaceData();
  const sandbox = createMarketplaceSandbox({ data, clock });
  const server = await new Promise<ReturnType<typeof serve>>((ok) => {
    const s = serve({ fetch: sandbox.app.fetch, port: 0, hostname: '127.0.0.1' }, () => ok(s));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { store } = openSqlite(':memory:');
  const deps = { store, clock, logger: quiet, connection: { baseUrl, marketplace: 'us', subscriptionKey: 'demo-key', apiUser: 'demo', password: 'demo' }, concurrency: opts.concurrency };
  const lines = [`Marketplace snapshot (sandbox on loopback: ${data.customerCount} customers, ${data.subscriptionCount} subscriptions, 60000 resources)`];

  const cycle = async (label: string, full: boolean): Promise<{ r: RefreshResult; ms: number }> => {
    sandbox.stats.reset();
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const r = await refreshSnapshot(deps, 'bench', { full });
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const by = Object.entries(r.stats.apiCallsByPath).map(([k, v]) => `${k} ${v}`).join(', ');
    lines.push(`  ${label}: ${r.mode}, ${r.stats.apiCalls} API calls (${by}), ${r.stats.subscriptionsRead} details read, ${r.changes.length} count changes, ${(ms / 1000).toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU (client, sandbox and SQLite share one process)`);
    return { r, ms };
  };

  try {
    const full = await cycle('full scan', true);

    // 1% of the 60,000 counts (600, one per subscription, every 50th): through change orders (how a reseller
    // moves a count), or set directly as the provider may, with no order (only the list's lastModifiedDate shows it).
    const moveCounts = (offset: number, withOrders: boolean, target = Math.round(60_000 * changedShare)) => {
      let moved = 0;
      const step = Math.max(1, Math.floor(data.subscriptionCount / target));
      for (let j = offset; j < data.subscriptionCount && moved < target; j += step) {
        let s = sandbox.state.subscription(data.subscriptionAt(j).id)!;
        while (s.status !== 'active' && j + 1 < data.subscriptionCount) s = sandbox.state.subscription(data.subscriptionAt(++j).id)!;
        const p = data.catalog[s.lines[0]!.product]!;
        if (withOrders) sandbox.state.orders.place({ type: 'change', customerId: s.customerId, subscriptionId: s.id, products: [{ mpn: p.mpn, quantity: 1 }] });
        else sandbox.controls.setCount(s.id, p.mpn, s.lines[0]!.quantity + 2);
        moved++;
      }
      return moved;
    };
    const steadyAfter = async (label: string, offset: number, withOrders: boolean, target?: number) => {
      now += 60_000;
      const moved = moveCounts(offset, withOrders, target);
      now += 4 * 60_000;
      return { moved, ...(await cycle(`steady cycle after ${moved} counts changed ${label}`, false)) };
    };

    // 1% of the subscriptions (300), one count each, by change orders.
    const perSubscription = await steadyAfter('on 1% of the subscriptions by change orders (date filters honoured)', 3, true, Math.round(data.subscriptionCount * changedShare));
    now += 5 * 60_000;
    await cycle('quiet steady cycle', false);
    const honoured = await steadyAfter('(1% of counts, on 2% of the subscriptions) by change orders (date filters honoured)', 0, true);
    // A server that ignores creationTimeFrom and creationDateFrom: both reads go newest first and stop at the checkpoint.
    sandbox.controls.setSwitches({ ignoreCreationTimeFrom: true, ignoreCreationDateFrom: true });
    const ignored = await steadyAfter(`by change orders (date filters ignored, ${sandbox.state.orders.list({}, 0, 1).total} orders and ${data.subscriptionCount} subscriptions on the unfiltered lists)`, 1, true);
    sandbox.controls.setSwitches({ ignoreCreationTimeFrom: false, ignoreCreationDateFrom: false });
    now += 5 * 60_000;
    const quiet = await cycle('quiet steady cycle (nothing changed)', false);

    // Counts set without an order: the cycle after sees those in its slice of the list; the rest follow slice by slice.
    const direct = await steadyAfter('without orders (provider-set; found by the list slice)', 2, false);
    const slice = SWEEP_PAGES_PER_CYCLE * MARKETPLACE.pageSize;
    const rotation = Math.ceil(data.subscriptionCount / slice);
    lines.push(`  changes without an order: ${direct.r.changes.length} of ${direct.moved} seen by the next cycle; the slice (${SWEEP_PAGES_PER_CYCLE} pages of ${MARKETPLACE.pageSize}) passes every subscription within ${rotation} steady cycles (${((rotation * 5) / 60).toFixed(1)} h at 5-minute cycles), and the daily full scan reads every detail`);

    const share = (r: RefreshResult) => (100 * r.stats.apiCalls) / full.r.stats.apiCalls;
    lines.push(`  steady cycle API calls, date filters ignored/honoured: ${ignored.r.stats.apiCalls}/${honoured.r.stats.apiCalls} = ${(ignored.r.stats.apiCalls / honoured.r.stats.apiCalls).toFixed(2)}x`);
    lines.push(`  ${figure('marketplace: steady cycle API calls as a share of a full scan (1% changed, filters honoured)', share(honoured.r), '%', { below: 2, atMost: true }, 2)} (${honoured.r.stats.apiCalls}/${full.r.stats.apiCalls}, ${honoured.r.changes.length} of ${honoured.moved} changes seen)`);
    lines.push(`  ${figure('marketplace: steady cycle API calls as a share of a full scan (1% changed, filters ignored)', share(ignored.r), '%', { below: 2, atMost: true }, 2)} (${ignored.r.stats.apiCalls}/${full.r.stats.apiCalls}, ${ignored.r.changes.length} of ${ignored.moved} changes seen)`);
    lines.push(`  ${figure('marketplace: steady cycle API calls as a share of a full scan (1% of subscriptions changed, filters honoured)', share(perSubscription.r), '%', { below: 2, atMost: true }, 2)} (${perSubscription.r.stats.apiCalls}/${full.r.stats.apiCalls}, ${perSubscription.r.changes.length} of ${perSubscription.moved} changes seen)`);
    lines.push(`  floor at 1% of counts: one detail per changed subscription = ${honoured.moved}/${full.r.stats.apiCalls} = ${((100 * honoured.moved) / full.r.stats.apiCalls).toFixed(2)} % before any list, order or token call`);
    lines.push(`  ${figure('marketplace: quiet steady cycle API calls', quiet.r.stats.apiCalls, 'calls', undefined, 0)}`);
    const mem = process.memoryUsage();
    lines.push(`  memory: peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB, RSS now ${(mem.rss / 1048576).toFixed(0)} MB, heap used ${(mem.heapUsed / 1048576).toFixed(0)} MB`);
  } finally {
    await new Promise<void>((ok) => server.close(() => ok()));
    await store.close();
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await benchMarketplace()) console.log(line);
}
