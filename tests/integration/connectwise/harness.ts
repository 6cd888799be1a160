/** Serves a ConnectWise sandbox on 127.0.0.1 (port 0) under the demo mount prefix, recording exchanges. */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createConnectWiseSandbox, demoConnectWiseData, type ConnectWiseSandboxOptions } from '../../../server/sandboxes/connectwise/index.js';
import type { ConnectWiseConnection } from '../../../server/psa/types.js';
import { recorded, type Exchange } from './spec-check.js';

export const PREFIX = '/sandbox/connectwise';
export const TODAY = '2026-11-24';
export const clock = { now: () => new Date(`${TODAY}T15:00:00Z`) };

export interface Running {
  sandbox: ReturnType<typeof createConnectWiseSandbox>;
  site: string;
  conn: ConnectWiseConnection;
  log: Exchange[];
  close(): Promise<void>;
}

export async function startSandbox(opts: Partial<ConnectWiseSandboxOptions> = {}): Promise<Running> {
  const sandbox = createConnectWiseSandbox({ data: demoConnectWiseData(clock.now()), clock, hangLimitMs: 5_000, ...opts });
  const { app, log } = recorded(sandbox.app, PREFIX);
  const server = await new Promise<ReturnType<typeof serve>>((ok) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ok(s));
  });
  const port = (server.address() as AddressInfo).port;
  const site = `http://127.0.0.1:${port}${PREFIX}`;
  return {
    sandbox,
    site,
    conn: { site, companyId: 'demo', publicKey: 'demo-public', privateKey: 'demo-private', clientId: 'demo-client' },
    log,
    close: () =>
      new Promise<void>((ok) => {
        sandbox.controls.reset();
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}

/** The per-tenant option that posts each change as a +n/-n addition instead of replacing the current one. */
export const delta = (conn: ConnectWiseConnection): ConnectWiseConnection => ({ ...conn, additionStyle: 'delta' });
