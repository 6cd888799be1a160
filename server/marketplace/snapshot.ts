/**
 * refreshSnapshot(deps, tenantId, { full? }) => Promise<RefreshResult>
 *
 *   deps     { store, clock, logger, connection: MarketplaceConnection, clientOptions?, concurrency? }
 *   returns  { mode, reason, status: 'ok' | 'partial', changes: CountChange[], statusChanges, stats, issues }
 *   throws   ConnectorError when the subscription (or, in a full scan, customer) list cannot be read:
 *            nothing is deleted or zeroed then, and the checkpoint stays where it was.
 *
 * One cycle of the Marketplace side, called by the sync engine each cycle. A steady-state cycle reads the
 * change/cancellation orders since the checkpoint, the subscriptions created since, and a rotating slice of
 * the subscription list (snapshot-list.ts), and reads the detail of only the subscriptions those point at
 * (see detect.ts). A full scan (on demand, first run, or when the last one is a day old) reads every
 * subscription's detail. Each subscription and
 * its resources are written together; a failed or untrustworthy read leaves the stored rows as they were
 * and leaves a row in mp_scan_issues.
 */
import pLimit from 'p-limit';
import type { Store } from '../db/store.js';
import type { Clock, Logger } from '../services.js';
import { isConnectorError } from '../connector-error.js';
import type { CountChange, MarketplaceConnection } from './types.js';
import { createMarketplaceClient, type ClientEvent, type ClientOptions } from './client.js';
import { decideScan, detailReason, listFieldsAfterDetail, nextCheckpoint, orderConfirmedBy, SWEEP_PAGES_PER_CYCLE, type ListedSubscription, type ScanMode, type SweepState } from './detect.js';
import { orderTime, readOrdersSince, subscriptionsOfOrder } from './snapshot-orders.js';
import type { ApiOrder } from './api-types.js';
import { listSubscriptions } from './snapshot-list.js';
import { customerReader } from './snapshot-customers.js';
import { mergeResources, readProducts, type ScanIssue, type StoredResource } from './resources.js';
import * as repo from './snapshot-repo.js';

export interface RefreshDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  connection: MarketplaceConnection;
  clientOptions?: Omit<ClientOptions, 'onEvent' | 'now'>;
  /** Subscription details read at once (default 8). */
  concurrency?: number;
  /** Pages of the subscription list a steady cycle reads to find changes made without an order (detect.ts). */
  sweepPagesPerCycle?: number;
}

export interface StatusChange {
  odinAccountId: string;
  odinSubscriptionId: string;
  oldStatus: string;
  newStatus: string;
}

export interface RefreshStats {
  apiCalls: number;
  apiCallsByPath: Record<string, number>;
  customersRead: number;
  subscriptionsListed: number;
  subscriptionsRead: number;
  detailFailures: number;
  ordersRead: number;
  durationMs: number;
}

export interface RefreshResult {
  mode: ScanMode;
  reason: string;
  status: 'ok' | 'partial';
  changes: CountChange[];
  statusChanges: StatusChange[];
  stats: RefreshStats;
  issues: ScanIssue[];
}

export async function refreshSnapshot(deps: RefreshDeps, tenantId: string, opts: { full?: boolean } = {}): Promise<RefreshResult> {
  const { store, clock } = deps;
  const log = deps.logger.child({ tenantId, area: 'marketplace-snapshot' });
  const started = clock.now();
  const now = started.toISOString();
  const issues: ScanIssue[] = [];
  let listingBroken = false;
  const note = (issue: ScanIssue) => {
    issues.push(issue);
    log.warn({ objectKind: issue.objectKind, objectId: issue.objectId }, issue.message);
  };
  const client = createMarketplaceClient(deps.connection, { ...deps.clientOptions, now: () => clock.now(), onEvent: (e) => onClientEvent(e) });
  function onClientEvent(e: ClientEvent) {
    if (e.kind === 'retrying') return log.info({ path: e.path, waitMs: e.waitMs, attempt: e.attempt, correlationId: e.correlationId }, `retrying: ${e.reason}`);
    if (e.kind === 'token-renewed') {
      return note({ objectKind: 'token', objectId: null, message: `The API refused the bearer token mid-scan on ${e.path} (correlation id ${e.correlationId ?? 'none'}); a new token was taken and the scan went on` });
    }
    listingBroken = true;
    if (e.kind === 'page-repeated') return note({ objectKind: 'page', objectId: `${e.path}?offset=${e.offset}`, message: `${e.path}: the page at offset ${e.offset} repeats the previous page; skipped` });
    note({ objectKind: 'page', objectId: `${e.path}?offset=${e.offset}`, message: `${e.path}: empty page at offset ${e.offset} of ${e.total}; listing stopped early` });
  }

  const previous = await repo.loadSyncState(store, tenantId);
  const { mode, reason } = decideScan(previous, started, opts);
  const stats: RefreshStats = { apiCalls: 0, apiCallsByPath: {}, customersRead: 0, subscriptionsListed: 0, subscriptionsRead: 0, detailFailures: 0, ordersRead: 0, durationMs: 0 };
  const finish = () => {
    stats.apiCalls = client.stats.apiCalls;
    stats.apiCallsByPath = { ...client.stats.byPath };
    stats.durationMs = clock.now().getTime() - started.getTime();
  };
  log.info({ mode, reason }, 'marketplace scan starts');

  const customers = await customerReader({ client, store, tenantId, now, note, stats, describe: messageOf });
  const stored = await repo.loadSubscriptions(store, tenantId);
  let listed: Map<string, ListedSubscription>;
  let sweep: SweepState;
  try {
    if (mode === 'full') await customers.readAll();
    ({ listed, sweep } = await listSubscriptions(client, { mode, checkpoint: previous?.checkpoint ?? null, sweep: sweepOf(previous), sweepPages: deps.sweepPagesPerCycle ?? SWEEP_PAGES_PER_CYCLE, note }));
    stats.subscriptionsListed = listed.size;
  } catch (err) {
    finish();
    note({ objectKind: 'page', objectId: null, message: `The scan stopped: ${messageOf(err)}. Nothing stored was changed.` });
    await repo.addIssues(store, tenantId, issues, now);
    await repo.saveSyncState(store, tenantId, { ...(previous ?? { checkpoint: null, lastFullScanAt: null }), lastScanStatus: 'failed', lastScanJson: JSON.stringify({ mode, reason, stats, recentOrderIds: recentIdsOf(previous), sweep: sweepOf(previous) }) }, now);
    throw err;
  }

  if (mode === 'full' && !listingBroken) {
    for (const id of stored.keys()) {
      if (!listed.has(id)) note({ objectKind: 'subscription', objectId: id, message: `subscription ${id} is no longer listed by the Marketplace; its stored rows are kept` });
    }
  }

  const known = new Map<string, ListedSubscription>([...stored, ...listed]);
  const holdings = async (customerId: string) => ({
    holdings: await repo.holdingsOfCustomer(store, tenantId, customerId),
    hasNew: [...listed.values()].some((s) => s.customerId === customerId && !stored.has(s.id)),
  });
  // Change and cancellation orders since the checkpoint point at subscriptions to read again.
  const orders =
    mode === 'steady'
      ? await readOrdersSince(client, { checkpoint: previous!.checkpoint!, seenBefore: new Set(recentIdsOf(previous)), known, note, describe: messageOf, now, concurrency: deps.concurrency ?? 8, holdings })
      : { ok: true, touched: new Map<string, string>(), openTimes: [], recentOrderIds: [], ordersRead: 0, inferred: new Map<string, ApiOrder[]>() };
  const { touched, openTimes, recentOrderIds, inferred } = orders;
  stats.ordersRead = orders.ordersRead;

  // A full scan reads every subscription's resources: one query instead of one per subscription.
  const allResources = mode === 'full' ? groupBySubscription(await repo.loadResources(store, tenantId)) : null;
  const changes: CountChange[] = [];
  const readSubscriptions: ListedSubscription[] = [];
  const unconfirmed: ApiOrder[] = [];
  const statusChanges: StatusChange[] = [];
  const limit = pLimit(deps.concurrency ?? 8);
  const tasks: Promise<void>[] = [];
  // Subscriptions an order touched outside this cycle's slice are read from their stored (or no) list item;
  // so is any whose last detail read failed (marked stale), so it does not wait for the slice to come round.
  for (const id of touched.keys()) if (!listed.has(id)) tasks.push(limit(() => readDetail(stored.get(id) ?? null, id, touched.get(id))));
  if (mode === 'steady') {
    for (const [id, s] of stored) if (!s.detailReadAt && !listed.has(id) && !touched.has(id)) tasks.push(limit(() => readDetail(s, id, undefined)));
  }
  for (const item of listed.values()) {
    const before = stored.get(item.id);
    const why = detailReason(item, before, mode, touched.has(item.id));
    if (why) tasks.push(limit(() => readDetail(item, item.id, touched.get(item.id))));
    else if (before && (before.name !== item.name || before.renewalDate !== item.renewalDate || before.billingPeriod !== item.billingPeriod || (before.subscriptionPeriod ?? null) !== (item.subscriptionPeriod ?? null) || before.customerId !== item.customerId)) {
      tasks.push(limit(() => repo.updateListedFields(store, tenantId, item, now)));
    }
  }
  await Promise.all(tasks);
  // Orders a subscription's detail did not confirm: their own detail says which subscriptions to read.
  const settled = new Set(readSubscriptions.map((s) => s.id));
  for (const o of unconfirmed) {
    for (const id of await subscriptionsOfOrder(client, o, { known, note, describe: messageOf })) {
      if (settled.has(id)) continue;
      settled.add(id);
      await readDetail(known.get(id) ?? null, id, orderTime(o, now));
    }
  }
  await customers.readUnknown([...listed.values(), ...readSubscriptions].map((s) => s.customerId));

  const status = listingBroken ? 'partial' : 'ok';
  finish();
  await repo.addIssues(store, tenantId, issues, now);
  await repo.saveSyncState(
    store,
    tenantId,
    {
      checkpoint: orders.ok ? nextCheckpoint(started, openTimes) : (previous?.checkpoint ?? null),
      lastFullScanAt: mode === 'full' && !listingBroken ? now : (previous?.lastFullScanAt ?? null),
      lastScanStatus: status,
      lastScanJson: JSON.stringify({ mode, reason, stats, changes: changes.length, issues: issues.length, recentOrderIds, sweep }),
    },
    now,
  );
  log.info({ mode, ...stats, apiCallsByPath: undefined, changes: changes.length, issues: issues.length }, 'marketplace scan done');
  return { mode, reason, status, changes, statusChanges, stats, issues };

  /** Reads one subscription's detail; `item` is its list item (this cycle's, else the stored one, else none). */
  async function readDetail(item: ListedSubscription | null, id: string, orderAt: string | undefined) {
    const before = stored.get(id);
    try {
      const d = await client.getSubscription(id);
      if (!d || typeof d !== 'object' || (d.id !== undefined && String(d.id) !== id)) {
        throw new Error(`the detail of ${id} names subscription ${String((d as { id?: unknown })?.id)}`);
      }
      const fields = listFieldsAfterDetail(item, d);
      if ('problem' in fields) throw new Error(fields.problem);
      const current = fields.ok;
      const storedRows = allResources ? (allResources.get(id) ?? []) : await repo.loadResources(store, tenantId, id);
      const read = readProducts(id, d.products, storedRows);
      if ('problem' in read) throw new Error(read.problem);
      read.issues.forEach(note);
      const merge = mergeResources(read, storedRows, {
        odinAccountId: current.customerId,
        status: current.status,
        now,
        changeAt: orderAt ?? now,
      });
      merge.issues.forEach(note);
      await repo.writeSubscription(store, tenantId, current, merge.dirty || !before ? merge.rows : null, now);
      readSubscriptions.push(current);
      for (const o of inferred.get(id) ?? []) if (!orderConfirmedBy(current.lastModified, orderTime(o, now))) unconfirmed.push(o);
      stats.subscriptionsRead++;
      changes.push(...merge.changes);
      if (before && before.status !== current.status) {
        statusChanges.push({ odinAccountId: current.customerId, odinSubscriptionId: id, oldStatus: before.status, newStatus: current.status });
      }
    } catch (err) {
      stats.detailFailures++;
      note({ objectKind: 'subscription', objectId: id, message: `subscription ${id} could not be read: ${messageOf(err)}; its stored rows are kept` });
      if (before?.detailReadAt) await repo.markDetailStale(store, tenantId, id);
      unconfirmed.push(...(inferred.get(id) ?? []));
    }
  }
}

function groupBySubscription(rows: StoredResource[]): Map<string, StoredResource[]> {
  const out = new Map<string, StoredResource[]>();
  for (const r of rows) {
    const list = out.get(r.odinSubscriptionId);
    if (list) list.push(r);
    else out.set(r.odinSubscriptionId, [r]);
  }
  return out;
}

function sweepOf(state: repo.SyncStateRow | null): SweepState | null {
  try {
    const s = (JSON.parse(state?.lastScanJson ?? '{}') as { sweep?: Partial<SweepState> }).sweep;
    return s && Number.isInteger(s.offset) && Number.isInteger(s.total) && s.offset! >= 0 ? { offset: s.offset!, total: s.total! } : null;
  } catch {
    return null;
  }
}

function recentIdsOf(state: repo.SyncStateRow | null): string[] {
  try {
    const ids = (JSON.parse(state?.lastScanJson ?? '{}') as { recentOrderIds?: unknown }).recentOrderIds;
    return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}


function messageOf(err: unknown): string {
  if (isConnectorError(err)) return `${err.displayMessage}${err.correlationId ? ` (correlation id ${err.correlationId})` : ''}`;
  return err instanceof Error ? err.message : String(err);
}
