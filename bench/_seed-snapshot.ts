/**
 * The sync bench's set-up without the minutes-long Marketplace full scan: the snapshot rows a full scan
 * would write, made from the same generated data set the Marketplace sandbox serves. Every value goes
 * through the product's own readers and writers (readListItem, readProducts, mergeResources,
 * writeSubscription, saveCompany, saveSyncState) exactly as refreshSnapshot's full scan calls them; only
 * the HTTP round trips are left out. tests/integration/sync/seed-snapshot.test.ts proves the tables come
 * out equal to a real full scan's. The measured cycles are not touched by this.
 */
import type { Store } from '../server/db/store.js';
import { nextCheckpoint, readListItem } from '../server/marketplace/detect.js';
import { mergeResources, readProducts } from '../server/marketplace/resources.js';
import * as repo from '../server/marketplace/snapshot-repo.js';
import type { MarketplaceSandbox } from '../server/sandboxes/marketplace/app.js';
import { generateMarketplaceData, largeCatalog, largeMarketplaceData, type MarketplaceData } from '../server/sandboxes/marketplace/data.js';
import { quick } from './figures.js';

/**
 * The sync bench's data set, the same in the bench and in its sandboxes' process (BENCH_QUICK reaches both):
 * 10,000 customers x 3 subscriptions x 2 resources, or a tenth of the customers with `--quick`.
 */
export function benchMarketplaceData(): MarketplaceData {
  return quick ? generateMarketplaceData({ seed: 42, customers: 1000, subscriptionsPerCustomer: 3, resourcesPerSubscription: 2, catalog: largeCatalog() }) : largeMarketplaceData(42);
}

export async function seedSnapshot(store: Store, tenantId: string, sandbox: MarketplaceSandbox['state'], at: Date): Promise<{ subscriptions: number; resources: number }> {
  const now = at.toISOString();
  let resources = 0;
  for (let i = 0; i < sandbox.data.customerCount; i++) {
    const c = sandbox.customerAt(i);
    await repo.saveCompany(store, tenantId, { odinAccountId: c.id, name: c.name, status: typeof c.status === 'string' ? c.status : 'active' }, now);
  }
  const pageSize = 1000;
  let subscriptions = 0;
  for (let offset = 0; ; offset += pageSize) {
    const page = sandbox.listSubscriptions({}, offset, pageSize);
    for (const raw of page.items) {
      const listed = readListItem(raw);
      if ('problem' in listed) throw new Error(`seed: ${listed.problem}`);
      const item = listed.ok;
      const d = sandbox.detail(item.id);
      if (!d) throw new Error(`seed: no detail for ${item.id}`);
      const read = readProducts(item.id, d.products, []);
      if ('problem' in read) throw new Error(`seed: ${read.problem}`);
      const current = { ...item, status: typeof d.status === 'string' && d.status ? d.status : item.status };
      const merge = mergeResources(read, [], { odinAccountId: item.customerId, status: current.status, now, changeAt: now });
      await repo.writeSubscription(store, tenantId, current, merge.rows, now);
      subscriptions++;
      resources += merge.rows.length;
    }
    if (offset + pageSize >= page.total) break;
  }
  await repo.saveSyncState(store, tenantId, {
    checkpoint: nextCheckpoint(at, []),
    lastFullScanAt: now,
    lastScanStatus: 'ok',
    lastScanJson: JSON.stringify({ mode: 'full', reason: 'seeded by the bench (the rows of a full scan, without its HTTP calls)', recentOrderIds: [] }),
  }, now);
  return { subscriptions, resources };
}
