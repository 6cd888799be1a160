/**
 * The PSA client registry: one factory per PsaKind. `satisfies PsaClientFactories` makes a PSA without a
 * connector a compile error.
 */
import type { PsaClientFactories } from '../services.js';
import type { ThresholdUsage } from './autotask/throttle.js';
import { createAutotaskClient } from './autotask/client.js';
import { LIST_POLICY } from './autotask/throttle.js';
import { createConnectWiseClient } from './connectwise/index.js';

/**
 * Lists for the mapping screen leave a reserve of Autotask's hourly threshold for posting (LIST_POLICY),
 * and answer inside the user's request: no waiting for the window, no sleeping retries (the user can
 * press refresh again; the sync engine's reads keep both).
 */
const LIST_READS = { policy: LIST_POLICY, maxPauses: 0, readRetries: 0 };

export function createPsaRegistry(opts: { clock?: { now(): Date }; onAutotaskUsage?: (tenantId: string, usage: ThresholdUsage) => void } = {}): PsaClientFactories {
  return {
    autotask: (conn, ctx) => createAutotaskClient(conn, {
      clock: opts.clock,
      onUsage: opts.onAutotaskUsage && ((u) => opts.onAutotaskUsage!(ctx.tenantId, u)),
      ...(ctx.purpose === 'lists' ? LIST_READS : {}),
    }),
    connectwise: (conn, ctx) => createConnectWiseClient(conn, ctx, { clock: opts.clock }),
  } satisfies PsaClientFactories;
}
