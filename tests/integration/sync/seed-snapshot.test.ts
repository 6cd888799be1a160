/**
 * The sync bench seeds its snapshot without the Marketplace full scan (bench/_seed-snapshot.ts). Its
 * figures only mean something if the seeded tables are the ones a real full scan over HTTP writes: this
 * runs both on one small data set of the benchmark's shape and compares every row.
 */
import { asc } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../../server/db/open-node.js';
import { loadSyncState } from '../../../server/marketplace/snapshot-repo.js';
import { createMarketplaceSandbox } from '../../../server/sandboxes/marketplace/app.js';
import { generateMarketplaceData, largeCatalog } from '../../../server/sandboxes/marketplace/data.js';
import type { Store } from '../../../server/db/store.js';
import { seedSnapshot } from '../../../bench/_seed-snapshot.js';
import { listen, seedTenant, silentLogger, TENANT, worldDeps } from './world.js';

const at = new Date('2026-11-20T10:00:00Z');
const clock = { now: () => at };
const data = () => generateMarketplaceData({ seed: 42, customers: 40, subscriptionsPerCustomer: 3, resourcesPerSubscription: 2, catalog: largeCatalog(), holdShare: 0.1, terminatedShare: 0.1 });

async function tables(store: Store) {
  const { db, t } = store;
  return {
    companies: await db.select().from(t.mpCompanies).orderBy(asc(t.mpCompanies.odinAccountId)),
    subscriptions: await db.select().from(t.mpSubscriptions).orderBy(asc(t.mpSubscriptions.odinSubscriptionId)),
    resources: await db.select().from(t.mpResources).orderBy(asc(t.mpResources.odinSubscriptionId), asc(t.mpResources.odinResourceId)),
    issues: await db.select().from(t.mpScanIssues),
    state: await loadSyncState(store, TENANT).then((s) => ({ checkpoint: s?.checkpoint, lastFullScanAt: s?.lastFullScanAt, recent: JSON.parse(s?.lastScanJson ?? '{}').recentOrderIds })),
  };
}

describe('the sync bench seeds the snapshot a full scan writes', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
  });

  it('same companies, subscriptions, resources and checkpoint as a full scan over HTTP', async () => {
    const scanned = openSqlite(':memory:').store;
    const seeded = openSqlite(':memory:').store;
    closers.push(() => scanned.close(), () => seeded.close());
    const mp = createMarketplaceSandbox({ data: data(), clock });
    const server = await listen(mp.app);
    closers.push(server.close);
    await seedTenant(scanned, { mpUrl: server.url, atUrl: 'http://127.0.0.1:9' }, at);
    await worldDeps(scanned, { clock, logger: silentLogger }).marketplace.refresh(TENANT, { full: true });

    const counts = await seedSnapshot(seeded, TENANT, createMarketplaceSandbox({ data: data(), clock }).state, at);
    const a = await tables(scanned);
    const b = await tables(seeded);
    expect(counts.subscriptions).toBe(a.subscriptions.length);
    expect(counts.resources).toBe(a.resources.length);
    expect(a.subscriptions.length).toBeGreaterThan(100);
    expect(new Set(a.subscriptions.map((s) => s.status)).size).toBeGreaterThan(1);
    expect(b).toEqual(a);
  });
});
