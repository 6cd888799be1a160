/**
 * Customers of a Marketplace scan: the whole list in a full scan, else only those a subscription names that the
 * snapshot does not know yet (`GET /customers/{id}`). A company row is written only when it changed.
 */
import pLimit from 'p-limit';
import type { Store } from '../db/store.js';
import type { MarketplaceClient } from './client.js';
import type { ScanIssue } from './resources.js';
import * as repo from './snapshot-repo.js';

export async function customerReader(ctx: {
  client: MarketplaceClient;
  store: Store;
  tenantId: string;
  now: string;
  note: (issue: ScanIssue) => void;
  stats: { customersRead: number };
  describe: (err: unknown) => string;
}) {
  const { client, store, tenantId, now, note, stats } = ctx;
  const companies = await repo.loadCompanies(store, tenantId);

  async function saveCompanyIfChanged(id: string, name: string, status: string) {
    const had = companies.get(id);
    if (had && had.name === name && had.status === status) return;
    await repo.saveCompany(store, tenantId, { odinAccountId: id, name, status }, now);
    companies.set(id, { name, status });
  }

  return {
    async readAll() {
      const seen = new Set<string>();
      for await (const page of client.customerPages()) {
        for (const raw of page.items) {
          const c = (raw ?? {}) as { id?: unknown; name?: unknown; status?: unknown };
          if (typeof c.id !== 'string' || !c.id || typeof c.name !== 'string') {
            note({ objectKind: 'customer', objectId: idOf(raw), message: 'customer list item lacks id or name; skipped' });
            continue;
          }
          if (seen.has(c.id)) {
            note({ objectKind: 'customer', objectId: c.id, message: `customer ${c.id} is listed twice; the first listing is used` });
            continue;
          }
          seen.add(c.id);
          stats.customersRead++;
          await saveCompanyIfChanged(c.id, c.name, typeof c.status === 'string' ? c.status : 'active');
        }
      }
    },

    async readUnknown(customerIds: Iterable<string>) {
      const unknown = new Set([...customerIds].filter((id) => !companies.has(id)));
      const limit = pLimit(4);
      await Promise.all(
        [...unknown].map((id) =>
          limit(async () => {
            try {
              const c = await client.getCustomer(id);
              if (typeof c?.name !== 'string') throw new Error('customer detail lacks name');
              stats.customersRead++;
              await saveCompanyIfChanged(id, c.name, typeof c.status === 'string' ? c.status : 'active');
            } catch (err) {
              note({ objectKind: 'customer', objectId: id, message: `customer ${id} could not be read: ${ctx.describe(err)}` });
            }
          }),
        ),
      );
    },
  };
}

function idOf(raw: unknown): string | null {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
}
