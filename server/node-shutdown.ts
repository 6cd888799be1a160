/**
 * Graceful shutdown of the Node host (SIGTERM/SIGINT). In order:
 *   1. /readyz turns 503 and every new product request gets 503 (health and the demo sandboxes still
 *      answer: a post in flight may be talking to the sandbox on this very server);
 *   2. no new cycle starts and running cycles start no further post; the post in flight finishes and
 *      its outcome is recorded (a post is never cut off: an Autotask adjustment cannot be taken back);
 *   3. after the cycles (at most the grace period), the listener closes and the store is closed, exit 0.
 * If the grace period runs out, a post still in flight stays `posting` in the store and is settled by
 * reading the PSA at the next start, as after a crash: nothing is sent twice.
 */
import type { ServerType } from '@hono/node-server';
import type { Logger } from './services.js';
import type { NodeRuntime } from './node-runtime.js';

const OPEN = new Set(['/healthz', '/readyz']);

/** The app's fetch, answering 503 to new product requests once draining. */
export function drainableFetch<F extends (req: Request, ...rest: any[]) => Response | Promise<Response>>(fetch: F) {
  let draining = false;
  const wrapped = ((req: Request, ...rest: unknown[]) => {
    const path = new URL(req.url).pathname;
    if (draining && !OPEN.has(path) && !path.startsWith('/sandbox/')) {
      const body = { error: { code: 'unavailable', message: 'The server is shutting down; try again in a moment', requestId: req.headers.get('x-request-id') ?? crypto.randomUUID() } };
      return new Response(JSON.stringify(body), { status: 503, headers: { 'content-type': 'application/json', 'retry-after': '5', connection: 'close' } });
    }
    return fetch(req, ...rest);
  }) as F;
  return { fetch: wrapped, drain: () => void (draining = true) };
}

export interface ShutdownParts {
  logger: Logger;
  readiness: { stop(): void };
  drain(): void;
  runtime: Pick<NodeRuntime, 'stop'>;
  server: ServerType;
  closeStore(): Promise<void>;
  graceMs: number;
}

export async function shutDown(signal: string, p: ShutdownParts): Promise<void> {
  p.logger.info({ signal, graceMs: p.graceMs }, 'stopping: no new requests or cycles; letting posts in flight finish');
  p.readiness.stop();
  p.drain();
  const { cycles, finished } = await p.runtime.stop(p.graceMs);
  if (!finished) p.logger.warn({ cycles }, 'grace period over with a cycle still running; its post in flight is settled at the next start');
  else p.logger.info({ cycles }, 'cycles finished');
  await closeListener(p.server, finished ? p.graceMs : 0);
  await p.closeStore();
  p.logger.info({ signal }, 'stopped');
}

/** Stop listening; wait (bounded) for requests still being answered, then cut idle keep-alive sockets. */
async function closeListener(server: ServerType, waitMs: number): Promise<void> {
  const s = server as ServerType & { closeIdleConnections?: () => void; closeAllConnections?: () => void };
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      s.closeIdleConnections?.();
    }),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs))),
  ]);
  clearTimeout(timer);
  s.closeAllConnections?.();
}
