/**
 * The PSA client registry: one factory per PsaKind. `satisfies PsaClientFactories` makes a PSA without a
 * connector a compile error.
 */
import type { PsaClientFactories } from '../services.js';
import type { ThresholdUsage } from './autotask/throttle.js';
import { createAutotaskClient } from './autotask/client.js';
import { createConnectWiseClient } from './connectwise/index.js';

export function createPsaRegistry(opts: { clock?: { now(): Date }; onAutotaskUsage?: (tenantId: string, usage: ThresholdUsage) => void } = {}): PsaClientFactories {
  return {
    autotask: (conn, ctx) => createAutotaskClient(conn, { clock: opts.clock, onUsage: opts.onAutotaskUsage && ((u) => opts.onAutotaskUsage!(ctx.tenantId, u)) }),
    connectwise: (conn, ctx) => createConnectWiseClient(conn, ctx, { clock: opts.clock }),
  } satisfies PsaClientFactories;
}
