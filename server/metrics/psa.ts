/**
 * The PSA registry with every client call timed and counted: each factory's client is wrapped, so every
 * path that talks to a PSA (sync cycles, reconciliation on link, drift, the mapping lists, credential
 * tests) is measured without the connectors or the engine knowing.
 */
import { createPsaRegistry } from '../psa/registry.js';
import type { PsaClientFactories } from '../services.js';
import type { PostOutcome, PsaClient } from '../psa/types.js';
import type { Metrics } from './metrics.js';

const OPERATIONS = ['testCredentials', 'listAccounts', 'listContracts', 'listServices', 'readUnits', 'postAdjustment'] as const;

export function instrumentPsa(factories: PsaClientFactories, metrics: Pick<Metrics, 'psaCall'>): PsaClientFactories {
  const wrap = (client: PsaClient): PsaClient => {
    // The connector's own object stays the prototype: extra members (Autotask's transport) still reach it.
    const timed = Object.create(client) as Record<string, unknown>;
    for (const op of OPERATIONS) {
      const original = (client[op] as (...a: unknown[]) => Promise<unknown>).bind(client);
      timed[op] = async (...args: unknown[]) => {
        const started = performance.now();
        const record = (outcome: string, errorKind?: string) =>
          metrics.psaCall({ system: client.kind, operation: op, outcome, errorKind, durationMs: performance.now() - started });
        try {
          const result = await original(...args);
          if (op === 'postAdjustment') {
            const o = result as PostOutcome;
            record(o.status, o.status === 'posted' ? undefined : o.error?.kind);
          } else record('ok');
          return result;
        } catch (err) {
          record(op === 'postAdjustment' ? 'unknown' : 'error', (err as { kind?: string })?.kind);
          throw err;
        }
      };
    }
    return timed as unknown as PsaClient;
  };
  return {
    autotask: (conn, ctx) => wrap(factories.autotask(conn, ctx)),
    connectwise: (conn, ctx) => wrap(factories.connectwise(conn, ctx)),
  };
}

/** The hosts' PSA registry: the real connectors, measured, with Autotask's threshold readings recorded. */
export function meteredPsaRegistry(metrics: Metrics, clock: { now(): Date }): PsaClientFactories {
  return instrumentPsa(createPsaRegistry({ clock, onAutotaskUsage: (tenantId, usage) => metrics.autotaskUsage(tenantId, usage) }), metrics);
}
