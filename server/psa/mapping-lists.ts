/**
 * The PSA lists the mapping screen shows (accounts, an account's contracts, a contract's services), cached
 * per tenant in `psa_cache` so that opening the screen spends none of the PSA's request budget (Autotask's
 * hourly threshold is shared by every integration of the tenant). `refresh: true` reads the PSA again.
 * PSA-agnostic: works with any PsaClient.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Clock } from '../services.js';
import type { Store } from '../db/store.js';
import type { PsaAccount, PsaClient, PsaContract, PsaService } from './types.js';

export interface ListDeps { store: Store; clock: Clock }
export interface Listed<T> { items: T[]; fetchedAt: string; fromCache: boolean }
export interface ListOpts { refresh?: boolean }

const ALL = '*';
const today = (deps: ListDeps) => deps.clock.now().toISOString().slice(0, 10);

async function readCache(deps: ListDeps, tenantId: string, kind: string, keys: string[]): Promise<Map<string, { payload: unknown; fetchedAt: string }>> {
  const { db, t } = deps.store;
  const out = new Map<string, { payload: unknown; fetchedAt: string }>();
  // Chunks keep SQL Server under its 2,100 parameters per statement.
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await db.select().from(t.psaCache)
      .where(and(eq(t.psaCache.tenantId, tenantId), eq(t.psaCache.psaKind, kind), inArray(t.psaCache.cacheKey, keys.slice(i, i + 500))));
    for (const r of rows) out.set(r.cacheKey, { payload: JSON.parse(r.payloadJson), fetchedAt: r.fetchedAt });
  }
  return out;
}

async function writeCache(deps: ListDeps, tenantId: string, kind: string, key: string, payload: unknown, fetchedAt: string): Promise<void> {
  const { t } = deps.store;
  const row = { tenantId, psaKind: kind, cacheKey: key, payloadJson: JSON.stringify(payload), fetchedAt };
  await deps.store.upsert(t.psaCache, row, [t.psaCache.tenantId, t.psaCache.psaKind, t.psaCache.cacheKey], { payloadJson: row.payloadJson, fetchedAt });
}

async function cached<T>(deps: ListDeps, tenantId: string, client: PsaClient, key: string, opts: ListOpts, load: () => Promise<T[]>): Promise<Listed<T>> {
  if (!opts.refresh) {
    const hit = (await readCache(deps, tenantId, client.kind, [key])).get(key);
    if (hit) return { items: hit.payload as T[], fetchedAt: hit.fetchedAt, fromCache: true };
  }
  const items = await load();
  const fetchedAt = deps.clock.now().toISOString();
  await writeCache(deps, tenantId, client.kind, key, items, fetchedAt);
  return { items, fetchedAt, fromCache: false };
}

export function getAccounts(deps: ListDeps, tenantId: string, client: PsaClient, opts: ListOpts = {}): Promise<Listed<PsaAccount>> {
  return cached(deps, tenantId, client, 'accounts', opts, () => client.listAccounts());
}

/** An account's contracts (all accounts' when accountId is absent); `expired` is recomputed for today. */
export async function getContracts(deps: ListDeps, tenantId: string, client: PsaClient, accountId: string | null, opts: ListOpts = {}): Promise<Listed<PsaContract>> {
  const asOf = today(deps);
  const listed = await cached(deps, tenantId, client, `contracts:${accountId ?? ALL}`, opts, () =>
    client.listContracts(accountId ? { accountId, asOf } : { asOf }));
  return { ...listed, items: listed.items.map((c) => ({ ...c, expired: c.endDate !== null && c.endDate < asOf })) };
}

/**
 * Services of the given contracts with their units when read. Cached per contract; the contracts not in
 * the cache are read together in one `listServices` call (the connector batches them).
 */
export async function getServices(deps: ListDeps, tenantId: string, client: PsaClient, contractIds: string[], opts: ListOpts = {}): Promise<Listed<PsaService>> {
  const keys = contractIds.map((id) => `services:${id}`);
  const hits = opts.refresh ? new Map() : await readCache(deps, tenantId, client.kind, keys);
  const missing = contractIds.filter((id) => !hits.has(`services:${id}`));
  let fetchedAt = [...hits.values()].reduce<string | null>((a, h) => (!a || h.fetchedAt < a ? h.fetchedAt : a), null);
  const items: PsaService[] = contractIds.flatMap((id) => (hits.get(`services:${id}`)?.payload as PsaService[] | undefined) ?? []);
  if (missing.length) {
    const fresh = await client.listServices({ contractIds: missing, asOf: today(deps) });
    const now = deps.clock.now().toISOString();
    for (const id of missing) {
      const mine = fresh.filter((s) => s.contractId === id);
      await writeCache(deps, tenantId, client.kind, `services:${id}`, mine, now);
      items.push(...mine);
    }
    fetchedAt = fetchedAt ?? now;
  }
  return { items, fetchedAt: fetchedAt ?? deps.clock.now().toISOString(), fromCache: missing.length === 0 };
}

/** The refresh action: forget every cached list of this tenant's PSA. */
export async function clearMappingLists(deps: ListDeps, tenantId: string, kind: PsaClient['kind']): Promise<void> {
  const { db, t } = deps.store;
  await db.delete(t.psaCache).where(and(eq(t.psaCache.tenantId, tenantId), eq(t.psaCache.psaKind, kind)));
}
