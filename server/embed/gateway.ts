/**
 * The tenant's Marketplace connection as the control panel knows it. Provisioning (APS) and a launch
 * context both carry the customer's gateway credentials; each overwrites only the fields it carries and
 * keeps the rest (an omitted secret keeps its stored value, as on the Configuration screen).
 */
import { describeConnection, saveConnection, storedSecrets } from '../connections/repo.js';
import type { GatewayCredentials } from '../auth/launch.js';
import type { Services } from '../services.js';

export async function updateMarketplaceConnection(services: Services, tenantId: string, gw: GatewayCredentials): Promise<void> {
  const { store, secrets, clock } = services;
  const current = await describeConnection(store, secrets, tenantId, 'marketplace');
  const settings = { ...current.settings } as Record<string, unknown>;
  if (gw.baseUrl) settings.baseUrl = gw.baseUrl;
  if (gw.marketplace) settings.marketplace = gw.marketplace;
  const kept = await storedSecrets(store, secrets, tenantId, 'marketplace');
  const next: Record<string, string> = { ...kept, apiUser: gw.apiUser, password: gw.password };
  if (gw.subscriptionKey) next.subscriptionKey = gw.subscriptionKey;
  await saveConnection(store, secrets, tenantId, 'marketplace', settings, next, clock.now());
}
