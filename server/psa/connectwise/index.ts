/**
 * The ConnectWise connector: `createConnectWiseClient` fits `PsaClientFactories['connectwise']`, and
 * `testConnectWiseCredentials` backs the connection screen's "Test Credentials".
 */
import type { ConnectWiseConnection, PsaClient } from '../types.js';
import { ConnectWiseClient, type ConnectWiseClientOptions } from './client.js';

export { ConnectWiseClient, type ConnectWiseClientOptions } from './client.js';
export { testConnectWiseCredentials } from './credentials.js';

export function createConnectWiseClient(conn: ConnectWiseConnection, _ctx?: { tenantId: string }, options?: ConnectWiseClientOptions): PsaClient {
  return new ConnectWiseClient(conn, options);
}
