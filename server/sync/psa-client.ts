/** The tenant's PSA client for the sync engine: a missing connection is a failure that retries. */
import { ConnectorError } from '../connector-error.js';
import { notConfiguredMessage, tenantPsaClient } from '../psa/tenant-client.js';
import type { PsaClient } from '../psa/types.js';
import type { SyncDeps } from './deps.js';
import type { TenantSettings } from './repo.js';

export async function psaClientFor(deps: SyncDeps, tenant: TenantSettings): Promise<PsaClient> {
  const client = await tenantPsaClient(deps, tenant.id, tenant.psaKind);
  if (!client) throw new ConnectorError({ kind: 'config', system: tenant.psaKind, message: notConfiguredMessage(tenant.psaKind), retry: false });
  return client;
}
