/**
 * Marketplace side of a sync cycle on the benchmark data set (10,000 customers, 30,000 subscriptions,
 * 60,000 resources), sandbox over real HTTP on 127.0.0.1, snapshot into in-memory SQLite: API calls of a
 * full scan next to a steady-state cycle after 1% of counts changed (half through change orders, half
 * directly so only lastModifiedDate shows them), wall times and peak memory. Prints, asserts nothing.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { openSqlite } from '../server/db/open-node.js';
import type { Logger } from '../server/services.js';
import { createMarketplaceSandbox } from '../server/sandboxes/marketplace/app.js';
import { largeMarketplaceData } from '../server/sandboxes/marketplace/data.js';
import { refreshSnapshot, type RefreshResult } from '../server/marketplace/snapshot.js';
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

    // 1% of the 60,000 counts: every 100th resource, alternating change orders and direct edits.
    const moveCounts = (offset: number) => {
      let moved = 0;
      const target = Math.round(60_000 * changedShare);
      const step = Math.max(1, Math.floor(data.subscriptionCount / target));
      for (let j = offset; j < data.subscriptionCount && moved < target; j += step) {
        let s = sandbox.state.subscription(data.subscriptionAt(j).id)!;
        while (s.status !== 'active' && j + 1 < data.subscriptionCount) s = sandbox.state.subscription(data.subscriptionAt(++j).id)!;
        const p = data.catalog[s.lines[0]!.product]!;
        if (moved % 2 === 0) sandbox.state.orders.place({ type: 'change', customerId: s.customerId, subscriptionId: s.id, products: [{ mpn: p.mpn, quantity: 1 }] });
        else sandbox.controls.setCount(s.id, p.mpn, s.lines[0]!.quantity + 2);
        moved++;
      }
      return moved;
    };
    now += 60_000;
    const moved = moveCounts(0);
    now += 4 * 60_000;
    const steady = await cycle(`steady cycle after ${moved} counts changed (creationTimeFrom honoured)`, false);
    now += 5 * 60_000;
    await cycle('next steady cycle (same day: changed subscriptions are read again)', false);

    // The same again on a server that ignores creationTimeFrom: the newest-first read stops at the checkpoint.
    sandbox.controls.setSwitches({ ignoreCreationTimeFrom: true });
    now += 60_000;
    const movedAgain = moveCounts(1);
    now += 4 * 60_000;
    const ignored = await cycle(`steady cycle after ${movedAgain} counts changed (creationTimeFrom ignored, ${sandbox.state.orders.list({}, 0, 1).total} orders on the list)`, false);
    sandbox.controls.setSwitches({ ignoreCreationTimeFrom: false });
    lines.push(`  steady cycle API calls, filter ignored/honoured: ${ignored.r.stats.apiCalls}/${steady.r.stats.apiCalls} = ${(ignored.r.stats.apiCalls / steady.r.stats.apiCalls).toFixed(2)}x`);
    lines.push(`  ${figure('marketplace: steady cycle API calls as a share of a full scan (1% changed)', (100 * steady.r.stats.apiCalls) / full.r.stats.apiCalls, '%', { below: 2, atMost: true }, 1)} (${steady.r.stats.apiCalls}/${full.r.stats.apiCalls})`);
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
