/** Serves an Autotask sandbox on 127.0.0.1 (random port) under a prefix, as the product mounts it. */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { createAutotaskSandbox, DEMO_CREDENTIALS, demoAutotaskData, type SandboxOptions } from '../../../server/sandboxes/autotask/index.js';
import type { AutotaskConnection } from '../../../server/psa/types.js';

export const FIXED_NOW = new Date('2026-11-24T12:00:00Z');

export async function startSandbox(opts: Partial<SandboxOptions> = {}) {
  const clock = opts.clock ?? { now: () => FIXED_NOW };
  const sandbox = createAutotaskSandbox({ data: opts.data ?? demoAutotaskData(clock.now()), clock, ...opts });
  const host = new Hono();
  host.route('/sandbox/autotask', sandbox.app);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: host.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}/sandbox/autotask`;
  const conn: AutotaskConnection = {
    apiUser: DEMO_CREDENTIALS.userName, secret: DEMO_CREDENTIALS.secret, integrationCode: DEMO_CREDENTIALS.integrationCode,
    discoveryUrl: `${base}/atservicesrest/`,
  };
  return {
    sandbox, base, conn, clock,
    async close() {
      sandbox.controls.releaseHung();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
