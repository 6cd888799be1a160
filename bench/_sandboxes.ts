/**
 * The sync bench's sandboxes in their own process (forked by bench/sync.ts with IPC): the Marketplace
 * sandbox on the benchmark data set and, once the parent sends its data, the Autotask sandbox, both on
 * 127.0.0.1. The parent moves the shared clock and counts, and asks for this process's CPU, so the
 * product's CPU per posted change is measured apart from the sandboxes'.
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createMarketplaceSandbox } from '../server/sandboxes/marketplace/app.js';
import { benchMarketplaceData } from './_seed-snapshot.js';
import { createAutotaskSandbox } from '../server/sandboxes/autotask/index.js';
import type { SandboxData } from '../server/sandboxes/autotask/state.js';
import { listen } from '../tests/integration/sync/world.js';
import { answerRequests } from './_ipc.js';

export type SandboxRequest =
  | { op: 'start' }
  | { op: 'autotask'; data: SandboxData }
  | { op: 'now'; ms: number }
  | { op: 'setCounts'; moves: { sub: string; product: string; count: number }[] }
  | { op: 'usage' }
  | { op: 'profileStart' }
  | { op: 'profileStop'; file: string }
  | { op: 'stop' };

let now = Date.parse('2026-11-20T10:00:00Z');
const clock = { now: () => new Date(now) };
const mp = createMarketplaceSandbox({ data: benchMarketplaceData(), clock });
let at: ReturnType<typeof createAutotaskSandbox> | null = null;
const servers: { close(): Promise<void> }[] = [];
let session: Session | null = null;

function changeOrder(subscriptionId: string, product: string, count: number): boolean {
  const sub = mp.state.subscription(subscriptionId);
  const k = mp.state.data.catalog.findIndex((p) => p.mpn === product || p.id === product);
  const line = sub?.lines.find((l) => l.product === k);
  if (!sub || !line || count === line.quantity) return false;
  mp.state.orders.place({ type: 'change', customerId: sub.customerId, subscriptionId, products: [{ mpn: mp.state.data.catalog[k]!.mpn, quantity: count - line.quantity }] });
  return true;
}

async function handle(m: SandboxRequest): Promise<unknown> {
  switch (m.op) {
    case 'start': {
      const s = await listen(mp.app);
      servers.push(s);
      return { url: s.url };
    }
    case 'autotask': {
      at = createAutotaskSandbox({ data: m.data, clock });
      const s = await listen(at.app);
      servers.push(s);
      return { url: s.url };
    }
    case 'now':
      now = m.ms;
      return {};
    case 'setCounts':
      // Counts move as a reseller moves them: one change order each (a signed delta), which a steady
      // Marketplace cycle reads next; a count set without an order is found by the list slice over many cycles.
      return { moved: m.moves.filter((x) => changeOrder(x.sub, x.product, x.count)).length };
    case 'usage': {
      const cpu = process.cpuUsage();
      const requests = at?.stats.requests ?? 0;
      if (at) at.stats.requests = 0;
      return { cpuMicros: cpu.user + cpu.system, autotaskRequests: requests, rssMB: process.resourceUsage().maxRSS / 1024 };
    }
    // BENCH_PROFILE=1: the sandboxes' own CPU profile of the measured cycle, to tell their costs from ours.
    case 'profileStart':
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
      return {};
    case 'profileStop': {
      if (!session) return {};
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      session = null;
      fs.writeFileSync(m.file, JSON.stringify(profile));
      return { file: m.file };
    }
    case 'stop':
      await Promise.all(servers.map((s) => s.close()));
      setImmediate(() => process.exit(0));
      return {};
  }
}

answerRequests<SandboxRequest>(handle);
