/**
 * A loopback world for the sync engine: the Marketplace and Autotask sandboxes served on 127.0.0.1 over
 * real HTTP, a SQLite store with one tenant whose connections point at them, and the engine's deps built
 * from the real clients (Marketplace snapshot refresh, Autotask REST client). Used by the integration
 * tests, the crash soak (scripts/crash-soak.ts) and the sync benchmark (bench/sync.ts).
 */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import type { Store } from '../../../server/db/store.js';
import type { Logger } from '../../../server/services.js';
import { createMarketplaceSandbox, DEMO_MARKETPLACE_CREDENTIALS } from '../../../server/sandboxes/marketplace/app.js';
import type { MarketplaceData } from '../../../server/sandboxes/marketplace/data.js';
import { createAutotaskSandbox, DEMO_CREDENTIALS } from '../../../server/sandboxes/autotask/index.js';
import type { SandboxData } from '../../../server/sandboxes/autotask/state.js';
import { createAutotaskClient } from '../../../server/psa/autotask/client.js';
import { createConnectWiseClient } from '../../../server/psa/connectwise/index.js';
import type { PsaClient } from '../../../server/psa/types.js';
import { snapshotSource } from '../../../server/sync/marketplace-source.js';
import type { MarketplaceSource, SyncDeps, SyncOptions } from '../../../server/sync/deps.js';

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLogger };
export const TENANT = 'tenant-1';

export async function listen(app: { fetch: (req: Request) => Response | Promise<Response> }) {
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export async function startSandboxes(opts: { marketplace?: MarketplaceData; autotask: SandboxData; clock?: { now(): Date } }) {
  const mp = createMarketplaceSandbox({ data: opts.marketplace, clock: opts.clock });
  const at = createAutotaskSandbox({ data: opts.autotask, clock: opts.clock });
  const [mpServer, atServer] = await Promise.all([listen(mp.app), listen(at.app)]);
  return {
    mp,
    at,
    mpUrl: mpServer.url,
    atUrl: atServer.url,
    async close() {
      at.controls.releaseHung();
      await Promise.all([mpServer.close(), atServer.close()]);
    },
  };
}

/** Secrets kept as plain JSON: the tests are about sync, not encryption. */
export const plainBox = { seal: async (s: string) => s, open: async (s: string) => s };

/** The tenant and its two connections, pointing at the sandboxes. Idempotent. */
export async function seedTenant(store: Store, urls: { mpUrl: string; atUrl: string }, now: Date, tenantId = TENANT): Promise<void> {
  const { t } = store;
  const at = now.toISOString();
  await store.insertIfAbsent(t.tenants, { id: tenantId, name: 'Loopback MSP', licenceCustomer: 'c', licenceKey: 'k', psaKind: 'autotask', timeZone: 'UTC', createdAt: at }, [t.tenants.id]);
  const mc = DEMO_MARKETPLACE_CREDENTIALS;
  await store.upsert(t.connections, { tenantId, kind: 'marketplace', settingsJson: JSON.stringify({ baseUrl: urls.mpUrl, marketplace: mc.marketplace }), secretsBox: JSON.stringify({ subscriptionKey: mc.subscriptionKey, apiUser: mc.apiUser, password: mc.password }), updatedAt: at }, [t.connections.tenantId, t.connections.kind], { settingsJson: JSON.stringify({ baseUrl: urls.mpUrl, marketplace: mc.marketplace }) });
  const ac = DEMO_CREDENTIALS;
  const atSettings = JSON.stringify({ discoveryUrl: `${urls.atUrl}/atservicesrest/` });
  await store.upsert(t.connections, { tenantId, kind: 'autotask', settingsJson: atSettings, secretsBox: JSON.stringify({ apiUser: ac.userName, secret: ac.secret, integrationCode: ac.integrationCode }), updatedAt: at }, [t.connections.tenantId, t.connections.kind], { settingsJson: atSettings });
}

export interface DepsOptions {
  clock?: { now(): Date };
  options?: Partial<SyncOptions>;
  logger?: Logger;
  /** PSA client timeout (ms); the crash soak uses a short one. */
  psaTimeoutMs?: number;
  /** Counts PSA client calls. */
  counter?: { reads: number; posts: number };
  marketplace?: MarketplaceSource;
}

export function worldDeps(store: Store, o: DepsOptions = {}): SyncDeps {
  const clock = o.clock ?? { now: () => new Date() };
  const logger = o.logger ?? silentLogger;
  const counting = (c: PsaClient): PsaClient => {
    if (!o.counter) return c;
    const n = o.counter;
    return Object.assign(Object.create(c) as PsaClient, {
      readUnits: (...a: Parameters<PsaClient['readUnits']>) => (n.reads++, c.readUnits(...a)),
      postAdjustment: (...a: Parameters<PsaClient['postAdjustment']>) => (n.posts++, c.postAdjustment(...a)),
    });
  };
  return {
    store,
    clock,
    logger,
    secrets: plainBox,
    config: { syncIntervalSeconds: null },
    psa: {
      autotask: (conn) => counting(createAutotaskClient(conn, { clock, timeoutMs: o.psaTimeoutMs, sleep: async () => undefined })),
      connectwise: (conn, ctx) => createConnectWiseClient(conn, ctx, { timeoutMs: o.psaTimeoutMs, sleep: async () => undefined }),
    },
    marketplace: o.marketplace ?? snapshotSource({ store, clock, logger, secrets: plainBox }, { sleep: async () => undefined }),
    options: o.options,
  };
}

/** A Marketplace resource linked to an Autotask contract service (rows as the mapping screen writes them). */
export interface LinkSpec {
  odinAccountId: string;
  odinSubscriptionId: string;
  odinResourceId: string;
  psaAccountId: string;
  psaContractId: string;
  psaServiceId: string;
  psaContractServiceId: string;
  ledgerUnits?: number | null;
  decreasePolicy?: string;
}

export async function writeLinks(store: Store, links: LinkSpec[], now: Date, tenantId = TENANT, psaKind: 'autotask' | 'connectwise' = 'autotask'): Promise<void> {
  const { t } = store;
  const at = now.toISOString();
  const chunk = 200;
  for (let i = 0; i < links.length; i += chunk) {
    const part = links.slice(i, i + chunk);
    await store.atomic((db) =>
      part.flatMap((l) => [
        db.insert(t.resourceLinks).values({
          tenantId, odinSubscriptionId: l.odinSubscriptionId, odinResourceId: l.odinResourceId, psaServiceId: l.psaServiceId,
          psaContractServiceId: l.psaContractServiceId, psaServiceName: `Service ${l.psaServiceId}`, decreasePolicy: l.decreasePolicy ?? 'next_period',
          ledgerUnits: l.ledgerUnits ?? null, plannedCount: l.ledgerUnits ?? null, createdAt: at, createdBy: 'test',
        }),
      ]),
    );
  }
  const companies = new Map(links.map((l) => [l.odinAccountId, l.psaAccountId]));
  for (const [odin, psa] of companies) {
    await store.insertIfAbsent(t.companyLinks, { tenantId, odinAccountId: odin, psaKind, psaAccountId: psa, psaAccountName: `Company ${psa}`, createdAt: at, createdBy: 'test' }, [t.companyLinks.tenantId, t.companyLinks.odinAccountId]);
  }
  const subs = new Map(links.map((l) => [l.odinSubscriptionId, l]));
  for (const [sub, l] of subs) {
    await store.insertIfAbsent(t.subscriptionLinks, { tenantId, odinSubscriptionId: sub, odinAccountId: l.odinAccountId, psaContractId: l.psaContractId, psaContractName: `Contract ${l.psaContractId}`, createdAt: at, createdBy: 'test' }, [t.subscriptionLinks.tenantId, t.subscriptionLinks.odinSubscriptionId]);
  }
}

/** Snapshot resources of monthly subscriptions of one Marketplace customer. */
export async function snapshotResources(store: Store, odinAccountId: string, tenantId = TENANT) {
  const { db, t } = store;
  const rows = await db
    .select({ sub: t.mpResources.odinSubscriptionId, res: t.mpResources.odinResourceId, mpn: t.mpResources.mpn, count: t.mpResources.count, billingPeriod: t.mpSubscriptions.billingPeriod, status: t.mpSubscriptions.status })
    .from(t.mpResources)
    .innerJoin(t.mpSubscriptions, and(eq(t.mpSubscriptions.tenantId, t.mpResources.tenantId), eq(t.mpSubscriptions.odinSubscriptionId, t.mpResources.odinSubscriptionId)))
    .where(and(eq(t.mpResources.tenantId, tenantId), eq(t.mpSubscriptions.odinAccountId, odinAccountId)));
  return rows.filter((r) => !/year|annual|12/.test(r.billingPeriod ?? '') && r.status === 'active').sort((a, b) => (a.sub + a.res < b.sub + b.res ? -1 : 1));
}

/** PSA units of a contract service on a date, straight from the sandbox state (no API call). */
export function sandboxUnits(at: ReturnType<typeof createAutotaskSandbox>, contractServiceId: number, date: string): number {
  // The row of the latest start covering the date: an adjustment starts a new row on its effective date.
  const rows = at.state.units.filter((r) => r.contractServiceID === contractServiceId && r.startDate <= date && r.endDate >= date);
  rows.sort((a, b) => (a.startDate < b.startDate ? 1 : -1));
  return rows[0]?.units ?? 0;
}
