/** The Autotask connector's public face: the client factory for `Services.psa.autotask` and the credential check. */
import type { AutotaskConnection } from '../types.js';
import { createAutotaskClient, type AutotaskClient } from './client.js';

export { createAutotaskClient, type AutotaskClient, type AutotaskClientOptions } from './client.js';
export { testAutotaskCredentials } from './credentials.js';

/** Shape of `PsaClientFactories['autotask']`. */
export const autotaskClientFactory = (conn: AutotaskConnection, _ctx: { tenantId: string }): AutotaskClient => createAutotaskClient(conn);
