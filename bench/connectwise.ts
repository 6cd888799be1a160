/**
 * ConnectWise connector figures: API calls (and wall time) per posted change and per mapping-list load of
 * 1,000 agreements, against the sandbox over real HTTP on 127.0.0.1. Prints figures, asserts nothing.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { ConnectWiseClient } from '../server/psa/connectwise/client.js';
import { createConnectWiseSandbox, largeConnectWiseData } from '../server/sandboxes/connectwise/index.js';
import { figure } from './figures.js';

const TODAY = '2026-11-24';
const TOMORROW = '2026-11-25';

export async function benchConnectWise(opts: { agreements?: number; posts?: number } = {}): Promise<string[]> {
  const agreements = opts.agreements ?? 1000;
  const posts = opts.posts ?? 50;
  const clock = { now: () => new Date(`${TODAY}T15:00:00Z`) };
  const sandbox = createConnectWiseSandbox({ data: largeConnectWiseData({ agreements, year: 2026 }), clock });
  const server = await new Promise<ReturnType<typeof serve>>((ok) => {
    const s = serve({ fetch: sandbox.app.fetch, port: 0, hostname: '127.0.0.1' }, () => ok(s));
  });
  const site = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const conn = { site, companyId: 'demo', publicKey: 'demo-public', privateKey: 'demo-private', clientId: 'demo-client' };
  const lines: string[] = [`ConnectWise connector (sandbox, ${agreements} agreements, ${sandbox.state.additions.size} additions, ${sandbox.state.catalog.size} products)`];
  /** With `goal`, the calls per unit are a figure beside the issue's goal (1.0 per posted change). */
  const measure = async <T>(label: string, run: () => Promise<T>, per = 1, goal?: number): Promise<T> => {
    sandbox.stats.reset();
    const t0 = performance.now();
    const out = await run();
    const ms = performance.now() - t0;
    const calls = sandbox.stats.total;
    const callsText = goal === undefined
      ? `${(calls / per).toFixed(per > 1 ? 1 : 0)} API calls`
      : figure(`connectwise: API calls per ${label}`, calls / per, 'calls', { below: goal, atMost: true });
    lines.push(`  ${goal === undefined ? `${label}: ` : ''}${callsText}, ${(ms / per).toFixed(1)} ms${per > 1 ? ` each (over ${per})` : ''}`);
    return out;
  };

  try {
    // A fresh client per measurement, so codebase discovery (1 call) is counted where a new tenant pays it.
    const fresh = () => new ConnectWiseClient(conn, { now: clock.now });
    const accounts = await measure('mapping list: companies', () => fresh().listAccounts());
    const contracts = await measure(`mapping list: agreements (all ${agreements})`, () => fresh().listContracts({ asOf: TODAY }));
    await measure(`mapping list: products of all ${contracts.length} agreements`, () => fresh().listServices({ contractIds: contracts.map((c) => c.id), asOf: TODAY }));
    await measure('mapping list: products of one agreement (the screen opens one)', () => fresh().listServices({ contractIds: [contracts[0]!.id], asOf: TODAY }));
    lines.push(`  (${accounts.length} companies, ${contracts.filter((c) => c.cancelled).length} cancelled and ${contracts.filter((c) => c.expired).length} expired agreements flagged)`);

    // The sync builds a client per cycle; agreement and catalog reads are remembered per company across cycles
    // (server/psa/connectwise/prepared-reads.ts), so the first cycle after start pays them and later ones do not.
    const cycle = (additionStyle: 'replace' | 'delta') => new ConnectWiseClient({ ...conn, additionStyle }, { now: clock.now });
    await fresh().listAccounts(); // discovery done, as in a running sync
    const open = contracts.filter((c) => !c.cancelled && !c.expired && c.prorate);
    const target = (i: number) => {
      const c = open[i % open.length]!;
      return { accountId: c.accountId, contractId: c.id, serviceId: String(100 + (i % sandbox.state.catalog.size)) };
    };
    let posted = 0;
    const round = async (style: 'replace' | 'delta', from: number, effectiveDate: string, tag: string) => {
      const client = cycle(style);
      for (let i = from; i < from + posts; i++) {
        const out = await client.postAdjustment({ ...target(i), effectiveDate, unitChange: 1 + (i % 3), adjustmentId: `${tag}${i}` });
        if (out.status === 'posted') posted++;
      }
    };
    // Each strategy posts to its own agreements and products (replace 0..posts-1, delta posts..2*posts-1).
    await measure('posted change, replace, first cycle after start (reads each agreement and product once)', () => round('replace', 0, TODAY, 'a'), posts);
    await measure('posted change, delta, first cycle after start (reads each agreement and product once)', () => round('delta', posts, TODAY, 'b'), posts);
    // Steady state: a later cycle, changes of the next day to the same products.
    await measure(
      "posted change, replace, steady state (floor 3: one read of the product's additions, add at the new total, cancel the old)",
      () => round('replace', 0, TOMORROW, 'c'),
      posts,
      3,
    );
    await measure('posted change, delta, steady state (floor 1: the +n/-n addition)', () => round('delta', posts, TOMORROW, 'd'), posts, 1);
    await measure(
      'posted change, replace, a second change the same day (read additions, edit that addition)',
      () => round('replace', 0, TOMORROW, 'e'),
      posts,
    );
    await measure(
      'posted change, delta option, agreement price (reads the product\'s additions for it)',
      async () => {
        const client = cycle('delta');
        for (let i = posts; i < 2 * posts; i++) {
          await client.postAdjustment({ ...target(i), effectiveDate: TOMORROW, unitChange: 1, adjustmentId: `f${i}`, priceSource: 'agreement' });
        }
      },
      posts,
    );
    const client = cycle('replace');
    await measure('settling an unknown replace: finish (reads additions) + read units', async () => {
      await client.finishPost({ ...target(0), effectiveDate: TODAY, adjustmentId: 'a0', unitChange: 1 });
      await client.readUnits(target(0), TODAY);
    });
    await measure('read units of a mapped product (before re-posting an unknown outcome)', () => client.readUnits(target(0), TODAY));
    lines.push(`  (${posted}/${5 * posts} posts landed; ${sandbox.controls.createdAdditions().length} additions created in all)`);
  } finally {
    await new Promise<void>((ok) => server.close(() => ok()));
  }
  return lines;
}

export default benchConnectWise;

// `npx tsx bench/connectwise.ts` prints the figures on its own.
if (import.meta.url === `file://${process.argv[1]}`) {
  benchConnectWise().then((lines) => console.log(lines.join('\n')));
}
