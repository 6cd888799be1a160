/**
 * Demo mode: two tenants (one on Autotask, one on ConnectWise) with an admin each, whose connections point
 * at the sandboxes this same server serves under /sandbox/*. Idempotent: a second start reuses the data,
 * and only refreshes connection URLs that still point at a sandbox (the port may have changed).
 */
import type { ConnectionKind, Services } from '../services.js';
import { saveConnection } from '../connections/repo.js';
import { loadConnection } from '../connections/load.js';
import { createTenant, createUser, findUserByEmail } from '../tenants/repo.js';
import type { PsaKind } from '../psa/types.js';

export const DEMO_PASSWORD = 'demo';
export const DEMO_TENANTS = [
  { id: 'demo-autotask', name: 'Demo MSP', psaKind: 'autotask' as PsaKind, admin: 'admin@demo.example', licenceKey: 'IDSY-DEMO-0001-AT01' },
  { id: 'demo-connectwise', name: 'Demo MSP (ConnectWise)', psaKind: 'connectwise' as PsaKind, admin: 'admin@cw.demo.example', licenceKey: 'IDSY-DEMO-0002-CW02' },
] as const;

export function demoConnections(origin: string) {
  const base = origin.replace(/\/$/, '');
  return {
    marketplace: {
      settings: { baseUrl: `${base}/sandbox/marketplace`, marketplace: 'us' },
      secrets: { subscriptionKey: 'demo-key', apiUser: 'demo', password: 'demo' },
    },
    autotask: {
      settings: { discoveryUrl: `${base}/sandbox/autotask/atservicesrest/` },
      secrets: { apiUser: 'api@demo.example', secret: 'demo', integrationCode: 'DEMO' },
    },
    connectwise: {
      settings: { site: `${base}/sandbox/connectwise`, companyId: 'demo', clientId: 'demo-client' },
      secrets: { publicKey: 'demo-public', privateKey: 'demo-private' },
    },
  } satisfies Record<ConnectionKind, { settings: Record<string, string>; secrets: Record<string, string> }>;
}

export async function seedDemo(services: Services, origin: string): Promise<void> {
  const { store, clock, passwords, secrets } = services;
  const now = clock.now();
  const conns = demoConnections(origin);
  for (const t of DEMO_TENANTS) {
    await createTenant(store, { id: t.id, name: t.name, licenceCustomer: t.name, licenceKey: t.licenceKey, timeZone: 'America/New_York', psaKind: t.psaKind }, now);
    // Hashing costs ~100 ms of scrypt: only for a user not there yet.
    if (!(await findUserByEmail(store, t.admin))) {
      await createUser(store, { id: `${t.id}-admin`, tenantId: t.id, email: t.admin, passwordHash: await passwords.hash(DEMO_PASSWORD), role: 'admin' }, now);
    }
    for (const kind of ['marketplace', t.psaKind] as ConnectionKind[]) {
      const existing = await loadConnection(services, t.id, kind).catch(() => null);
      const url = existing && JSON.stringify(existing);
      if (existing && !url?.includes('/sandbox/')) continue; // the user pointed it elsewhere: leave it
      const c = conns[kind];
      await saveConnection(store, secrets, t.id, kind, c.settings, c.secrets, now);
    }
  }
}
