/** The production MarketplaceSource: the tenant's stored Marketplace connection + refreshSnapshot. */
import { ConnectorError } from '../connector-error.js';
import { loadConnection } from '../connections/load.js';
import { refreshSnapshot, type RefreshDeps } from '../marketplace/snapshot.js';
import type { ClientOptions } from '../marketplace/client.js';
import type { Services } from '../services.js';
import type { MarketplaceSource } from './deps.js';

export function snapshotSource(
  services: Pick<Services, 'store' | 'clock' | 'logger' | 'secrets'>,
  clientOptions?: Omit<ClientOptions, 'onEvent' | 'now'>,
  refreshOptions: Pick<RefreshDeps, 'concurrency' | 'sweepPagesPerCycle'> = {},
): MarketplaceSource {
  return {
    async refresh(tenantId, opts) {
      const connection = await loadConnection(services, tenantId, 'marketplace');
      if (!connection) {
        throw new ConnectorError({ kind: 'config', system: 'marketplace', message: 'The Marketplace connection is not configured: enter it on the Configuration page', retry: false });
      }
      const r = await refreshSnapshot({ store: services.store, clock: services.clock, logger: services.logger, connection, clientOptions, ...refreshOptions }, tenantId, opts);
      return { changes: r.changes, apiCalls: r.stats.apiCalls, mode: r.mode };
    },
  };
}
