/**
 * The tenant's PSA client, built from its stored connection. Callers decide what a missing connection
 * means for them: the mapping screen answers 409, the sync engine records a failure that retries.
 */
import { loadConnection } from '../connections/load.js';
import type { PsaClientContext, Services } from '../services.js';
import type { PsaClient, PsaKind } from './types.js';

export const PSA_NAMES: Record<PsaKind, string> = { autotask: 'Autotask', connectwise: 'ConnectWise' };

export const notConfiguredMessage = (kind: PsaKind) =>
  `The ${PSA_NAMES[kind]} connection is not configured: enter it on the Configuration page (Configuration > ${PSA_NAMES[kind]})`;

/** null when the tenant has no stored connection for this PSA. */
export async function tenantPsaClient(deps: Pick<Services, 'store' | 'secrets' | 'psa'>, tenantId: string, kind: PsaKind, purpose: PsaClientContext['purpose'] = 'sync'): Promise<PsaClient | null> {
  const conn = await loadConnection(deps, tenantId, kind);
  if (!conn) return null;
  // A mapped type indexed by a union: TypeScript cannot pair factory and connection without this cast.
  const factory = deps.psa[kind] as (c: typeof conn, ctx: PsaClientContext) => PsaClient;
  return factory(conn, { tenantId, purpose });
}
