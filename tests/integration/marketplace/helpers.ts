/** Shared set-up: the sandbox on 127.0.0.1 (real HTTP), an in-memory store, a recording logger. */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { openSqlite } from '../../../server/db/open-node.js';
import type { Logger } from '../../../server/services.js';
import type { MarketplaceConnection } from '../../../server/marketplace/types.js';
import type { RefreshDeps } from '../../../server/marketplace/snapshot.js';
import { createMarketplaceSandbox, type MarketplaceSandbox, type SandboxOptions } from '../../../server/sandboxes/marketplace/app.js';

export async function startSandbox(opts: SandboxOptions = {}, wrap?: (app: MarketplaceSandbox['app']) => { fetch: (req: Request) => Response | Promise<Response> }) {
  const sandbox = createMarketplaceSandbox(opts);
  const served = wrap ? wrap(sandbox.app) : sandbox.app;
  const server = serve({ fetch: served.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const connection: MarketplaceConnection = { baseUrl, marketplace: 'us', subscriptionKey: 'demo-key', apiUser: 'demo', password: 'demo' };
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return { sandbox, baseUrl, connection, close };
}

export interface LogLine {
  level: string;
  obj: Record<string, unknown>;
  msg?: string;
}

export function recordingLogger(lines: LogLine[] = [], bindings: Record<string, unknown> = {}): Logger & { lines: LogLine[] } {
  const at = (level: string) => (obj: Record<string, unknown>, msg?: string) => void lines.push({ level, obj: { ...bindings, ...obj }, msg });
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (b) => recordingLogger(lines, { ...bindings, ...b }),
  };
}

export function memoryStore() {
  return openSqlite(':memory:').store;
}

/** A clock the test moves by hand. */
export function manualClock(startIso: string) {
  let now = Date.parse(startIso);
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
    set(iso: string) {
      now = Date.parse(iso);
    },
  };
}

/** Sleep that returns at once and remembers each wait, so Retry-After is checked without waiting. */
export function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

/**
 * A snapshot refresh's world: the sandbox over HTTP on a manual clock (2026-11-20 10:00 UTC), an in-memory
 * store, and refresh deps with `pageSize` list pages and two attempts per call; `extra` overrides deps.
 */
export async function refreshWorld(extra: Partial<RefreshDeps> = {}, pageSize = 10) {
  const clock = manualClock('2026-11-20T10:00:00Z');
  const ctx = await startSandbox({ clock });
  const store = memoryStore();
  const deps: RefreshDeps = { store, clock, logger: recordingLogger(), connection: ctx.connection, clientOptions: { pageSize, maxAttempts: 2, sleep: recordingSleep().sleep }, ...extra };
  return { clock, ctx, store, deps };
}
