/** The tenant's PSA client, built from its stored connection. */
import { ConnectorError } from '../connector-error.js';
import { loadConnection } from '../connections/load.js';
import type { PsaClient } from '../psa/types.js';
import type { SyncDeps } from './deps.js';
import type { TenantSettings } from './repo.js';

const NAMES = { autotask: 'Autotask', connectwise: 'ConnectWise' } as const;

export async function psaClientFor(deps: SyncDeps, tenant: TenantSettings): Promise<PsaClient> {
  const conn = await loadConnection(deps, tenant.id, tenant.psaKind);
  if (!conn) {
    throw new ConnectorError({
      kind: 'config',
      system: tenant.psaKind,
      message: `The ${NAMES[tenant.psaKind]} connection is not configured: enter it on the Configuration page`,
      retry: false,
    });
  }
  return tenant.psaKind === 'autotask'
    ? deps.psa.autotask(conn as Parameters<SyncDeps['psa']['autotask']>[0], { tenantId: tenant.id })
    : deps.psa.connectwise(conn as Parameters<SyncDeps['psa']['connectwise']>[0], { tenantId: tenant.id });
}
