/**
 * The PSA client registry: one factory per PsaKind. `satisfies PsaClientFactories` makes a PSA without a
 * connector a compile error.
 */
import type { PsaClientFactories } from '../services.js';
import { createAutotaskClient } from './autotask/client.js';
import { createConnectWiseClient } from './connectwise/index.js';

export function createPsaRegistry(opts: { clock?: { now(): Date } } = {}): PsaClientFactories {
  return {
    autotask: (conn) => createAutotaskClient(conn, { clock: opts.clock }),
    connectwise: (conn, ctx) => createConnectWiseClient(conn, ctx, { clock: opts.clock }),
  } satisfies PsaClientFactories;
}
