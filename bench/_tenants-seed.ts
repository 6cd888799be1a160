/**
 * The tenants bench's MSPs as the product stores them: one tenant per sandbox world, its two connections
 * (secrets sealed with the host's key) pointing under the sandboxes' `/t/<n>/` mount, and its customer,
 * subscription and resources linked with the ledger at the Marketplace's counts, as the mapping screen
 * leaves them. The same rows seed the Node host's SQLite file and (dumped as SQL) the Workers host's D1.
 */
import type { Store } from '../server/db/store.js';
import type { SecretBox } from '../server/services.js';
import { saveConnection } from '../server/connections/repo.js';
import { DEMO_MARKETPLACE_CREDENTIALS } from '../server/sandboxes/marketplace/app.js';
import { DEMO_CREDENTIALS } from '../server/sandboxes/autotask/index.js';
import { createTenant } from '../server/tenants/repo.js';
import { writeLinks } from '../tests/integration/sync/world.js';
import type { TenantWorld } from './_tenants-sandboxes.js';

export const tenantIdOf = (n: number) => `msp-${String(n).padStart(4, '0')}`;

export async function seedTenants(store: Store, box: SecretBox, url: string, worlds: TenantWorld[], now: Date): Promise<void> {
  const mc = DEMO_MARKETPLACE_CREDENTIALS;
  const ac = DEMO_CREDENTIALS;
  for (const [n, w] of worlds.entries()) {
    const tenantId = tenantIdOf(n);
    const mount = `${url}/t/${n}`;
    await createTenant(store, { id: tenantId, name: `MSP ${n}`, licenceCustomer: `MSP ${n} Inc`, licenceKey: `LIC-${n}`, timeZone: 'UTC', psaKind: 'autotask' }, now);
    await saveConnection(store, box, tenantId, 'marketplace', { baseUrl: mount, marketplace: mc.marketplace }, { subscriptionKey: mc.subscriptionKey, apiUser: mc.apiUser, password: mc.password }, now);
    await saveConnection(store, box, tenantId, 'autotask', { discoveryUrl: `${mount}/atservicesrest/` }, { apiUser: ac.userName, secret: ac.secret, integrationCode: ac.integrationCode }, now);
    await writeLinks(store, w.resources.map((r) => ({
      odinAccountId: w.odinAccountId, odinSubscriptionId: w.odinSubscriptionId, odinResourceId: r.odinResourceId,
      psaAccountId: String(w.companyId), psaContractId: String(w.contractId), psaServiceId: String(r.serviceId),
      psaContractServiceId: String(r.contractServiceId), ledgerUnits: r.count,
    })), now, tenantId);
  }
}
