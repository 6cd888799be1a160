/**
 * Autotask connector benchmark: API calls per posted adjustment in steady state, and the calls needed to
 * load the mapping lists for 1,000 contracts. Runs the real client against the sandbox over loopback HTTP
 * and counts the requests the sandbox received. Prints figures; asserts nothing.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { openSqlite } from '../server/db/open-node.js';
import { createAutotaskClient } from '../server/psa/autotask/client.js';
import { createAutotaskSandbox, DEMO_CREDENTIALS, largeAutotaskData } from '../server/sandboxes/autotask/index.js';
import { getAccounts, getContracts, getServices } from '../server/psa/mapping-lists.js';
import type { AdjustmentPost, AutotaskConnection, PsaService } from '../server/psa/types.js';

const NOW = new Date('2026-11-24T12:00:00Z');

async function withSandbox<T>(contracts: number, servicesPerContract: number, fn: (sb: ReturnType<typeof createAutotaskSandbox>, conn: AutotaskConnection) => Promise<T>): Promise<T> {
  const sandbox = createAutotaskSandbox({ data: largeAutotaskData(NOW, contracts, servicesPerContract), clock: { now: () => NOW } });
  const host = new Hono().route('/sandbox/autotask', sandbox.app);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => { const s = serve({ fetch: host.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s)); });
  const { port } = server.address() as AddressInfo;
  const conn: AutotaskConnection = { apiUser: DEMO_CREDENTIALS.userName, secret: DEMO_CREDENTIALS.secret, integrationCode: DEMO_CREDENTIALS.integrationCode,
    discoveryUrl: `http://127.0.0.1:${port}/sandbox/autotask/atservicesrest/` };
  try {
    return await fn(sandbox, conn);
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
}

const adjustments = (services: PsaService[], n: number, day: number): AdjustmentPost[] =>
  services.slice(0, n).map((s, i) => ({ accountId: 'a', contractId: s.contractId, serviceId: s.serviceId, contractServiceId: s.contractServiceId,
    effectiveDate: `2026-11-${String(day).padStart(2, '0')}`, unitChange: 1, adjustmentId: `bench-${day}-${i}` }));

export async function autotaskBench(): Promise<string[]> {
  const lines: string[] = ['Autotask connector (sandbox over 127.0.0.1)'];
  const N = 300;

  await withSandbox(N, 1, async (sb, conn) => {
    for (const transport of ['rest', 'soap'] as const) {
      const client = createAutotaskClient({ ...conn, transport }, { clock: { now: () => NOW }, sleep: async () => {} });
      const services = await client.listServices({ contractIds: (await client.listContracts()).map((c) => c.id) }); // warm: zone, threshold
      const day = transport === 'rest' ? 2 : 10;

      let before = sb.stats.requests;
      let t0 = performance.now();
      for (const a of adjustments(services, N, day)) {
        await client.readUnits(a, a.effectiveDate);
        await client.postAdjustment(a);
      }
      lines.push(`  ${transport}: read units + post, ${N} adjustments: ${((sb.stats.requests - before) / N).toFixed(3)} calls/adjustment (${((performance.now() - t0) / N).toFixed(1)} ms each)`);

      before = sb.stats.requests;
      t0 = performance.now();
      for (const a of adjustments(services, N, day + 1)) await client.postAdjustment(a);
      lines.push(`  ${transport}: post only (ledger knows the units), ${N}: ${((sb.stats.requests - before) / N).toFixed(3)} calls/adjustment (${((performance.now() - t0) / N).toFixed(1)} ms each)`);

      if (transport === 'soap') {
        before = sb.stats.requests;
        t0 = performance.now();
        const out = await client.postAdjustments(adjustments(services, N, day + 2));
        const posted = out.filter((o) => o.status === 'posted').length;
        lines.push(`  soap: batched posts (200 per call), ${N}: ${((sb.stats.requests - before) / N).toFixed(3)} calls/adjustment, ${posted} posted (${(performance.now() - t0).toFixed(0)} ms total)`);
      }
    }
  });

  await withSandbox(1_000, 3, async (sb, conn) => {
    const deps = { store: openSqlite(':memory:').store, clock: { now: () => NOW } };
    const client = createAutotaskClient(conn, { clock: { now: () => NOW }, sleep: async () => {} });
    let before = sb.stats.requests;
    let t0 = performance.now();
    const accounts = await getAccounts(deps, 'bench', client);
    const contracts = await getContracts(deps, 'bench', client, null);
    const services = await getServices(deps, 'bench', client, contracts.items.map((c) => c.id));
    lines.push(`  mapping lists, 1,000 contracts cold: ${sb.stats.requests - before} calls for ${accounts.items.length} accounts, ${contracts.items.length} contracts, ${services.items.length} services (${(performance.now() - t0).toFixed(0)} ms)`);
    lines.push(`    by route: ${Object.entries(sb.stats.byRoute).map(([k, v]) => `${k}=${v}`).join(', ')}`);
    before = sb.stats.requests;
    t0 = performance.now();
    await getAccounts(deps, 'bench', client);
    const again = await getContracts(deps, 'bench', client, null);
    await getServices(deps, 'bench', client, again.items.map((c) => c.id));
    lines.push(`  mapping lists, reopened from psa_cache: ${sb.stats.requests - before} calls (${(performance.now() - t0).toFixed(0)} ms)`);
  });
  return lines;
}

export default autotaskBench;

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await autotaskBench()) console.log(line);
}
