/**
 * Liveness and readiness, for load balancers and orchestrators.
 *   GET /healthz  alive: answers at once with the store's dialect and migration, whatever else is going on.
 *   GET /readyz   ready: 200 once every start-up step (migrations, the demo seed) is done, 503 before it
 *                 and again while the host shuts down, so traffic is sent only where it can be served.
 */
import { Hono } from 'hono';
import type { AppEnv } from './context.js';
import type { Services } from '../services.js';

export interface Readiness {
  /** Steps still to finish; empty when ready. */
  waitingFor(): string[];
}

/** Readiness made of named steps the host marks done, and a stop that makes it unready for good. */
export function createReadiness(steps: string[]) {
  const pending = new Set(steps);
  let stopping = false;
  return {
    done(step: string) {
      pending.delete(step);
    },
    stop() {
      stopping = true;
    },
    waitingFor: () => (stopping ? ['shutdown'] : [...pending]),
  };
}

/** What a host without start-up steps (tests, in-process use) is: ready at once. */
export const alwaysReady: Readiness = { waitingFor: () => [] };

export function healthRoutes(services: Services, readiness: Readiness): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const database = () => ({ dialect: services.config.dialect, migration: services.config.migration });
  app.get('/healthz', (c) => c.json({ status: 'ok', database: database(), demoMode: services.config.demoMode }));
  app.get('/readyz', (c) => {
    const waiting = readiness.waitingFor();
    if (waiting.length === 0) return c.json({ status: 'ready', database: database() });
    const message = waiting.includes('shutdown') ? 'Shutting down: send traffic elsewhere' : `Starting: waiting for ${waiting.join(', ')}`;
    c.header('Retry-After', '1');
    return c.json({ error: { code: 'not_ready', message, requestId: c.get('requestId') }, waitingFor: waiting }, 503);
  });
  return app;
}
