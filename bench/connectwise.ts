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

    const client = fresh();
    const deltaClient = new ConnectWiseClient({ ...conn, additionStyle: 'delta' }, { now: clock.now });
    await client.listAccounts(); // discovery done, as in a running sync
    await deltaClient.listAccounts();
    const open = contracts.filter((c) => !c.cancelled && !c.expired && c.prorate);
    const target = (i: number) => {
      const c = open[i % open.length]!;
      return { accountId: c.accountId, contractId: c.id, serviceId: String(100 + (i % sandbox.state.catalog.size)) };
    };
    let posted = 0;
    // Each strategy posts to its own agreements, the first change of the day to each product (a steady sync).
    await measure(
      'posted change, replace (default: end the addition, add one at the new total)',
      async () => {
        for (let i = 0; i < posts; i++) {
          const out = await client.postAdjustment({ ...target(i), effectiveDate: TODAY, unitChange: 1 + (i % 3), adjustmentId: `b${i}` });
          if (out.status === 'posted') posted++;
        }
      },
      posts,
      1,
    );
    await measure(
      'posted change, delta option (+n/-n addition)',
      async () => {
        for (let i = posts; i < 2 * posts; i++) {
          const out = await deltaClient.postAdjustment({ ...target(i), effectiveDate: TODAY, unitChange: 1 + (i % 3), adjustmentId: `d${i}` });
          if (out.status === 'posted') posted++;
        }
      },
      posts,
      1,
    );
    await measure(
      'posted change, replace, a second change the same day (edits that addition)',
      async () => {
        for (let i = 0; i < posts; i++) await client.postAdjustment({ ...target(i), effectiveDate: TODAY, unitChange: 1, adjustmentId: `e${i}` });
      },
      posts,
    );
    await measure(
      'posted change, delta option, agreement price',
      async () => {
        for (let i = posts; i < 2 * posts; i++) {
          await deltaClient.postAdjustment({ ...target(i), effectiveDate: TODAY, unitChange: 1, adjustmentId: `c${i}`, priceSource: 'agreement' });
        }
      },
      posts,
    );
    await measure('settling an unknown replace: finish (reads additions) + read units', async () => {
      await client.finishPost({ ...target(0), effectiveDate: TODAY, adjustmentId: 'b0', unitChange: 1 });
      await client.readUnits(target(0), TODAY);
    });
    await measure('read units of a mapped product (before re-posting an unknown outcome)', () => client.readUnits(target(0), TODAY));
    lines.push(`  (${posted}/${2 * posts} first-of-day posts landed; ${sandbox.controls.createdAdditions().length} additions created in all)`);
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
