/**
 * The order half of change detection: change and cancellation orders created since the checkpoint
 * (`GET /orders?creationTimeFrom=`, newest first, read until the first older one) name the subscriptions to read again. The v1.6 list
 * item carries no subscription id: when the customer's stored subscriptions leave only one that can hold the
 * order's products, the order is taken to be for it, to be confirmed by that subscription's detail (detect.ts
 * inferOrderSubscription); otherwise, or when not confirmed, the order's detail (`GET /orders/{id}`,
 * products[].subscriptionId) is read; when even that fails, every subscription of the order's customer is read.
 */
import pLimit from 'p-limit';
import type { ApiOrder } from './api-types.js';
import type { MarketplaceClient } from './client.js';
import { inferOrderSubscription, isOpenOrder, ORDER_OVERLAP_MS, type ListedSubscription } from './detect.js';
import { MARKETPLACE } from './provider.js';
import type { ScanIssue } from './resources.js';

export interface OrdersSince {
  ok: boolean;
  /** Subscription id -> time of the latest order that touched it (provisioning, else creation). */
  touched: Map<string, string>;
  /** Creation times of orders still in progress: the checkpoint may not move past them. */
  openTimes: string[];
  /** Final orders inside the overlap window, not to be handled again next cycle. */
  recentOrderIds: string[];
  ordersRead: number;
  /** Subscription id -> orders taken to be for it without reading their detail: its detail must confirm them. */
  inferred: Map<string, ApiOrder[]>;
}

/** What the snapshot knows of a customer's subscriptions: the products each holds, and whether one is new. */
export type CustomerHoldings = (customerId: string) => Promise<{ holdings: Map<string, Set<string>>; hasNew: boolean }>;

export async function readOrdersSince(
  client: MarketplaceClient,
  opts: {
    checkpoint: string;
    seenBefore: Set<string>;
    /** Subscriptions stored or listed this cycle: a customer's, when an order names none. */
    known: Map<string, ListedSubscription>;
    note: (issue: ScanIssue) => void;
    describe: (err: unknown) => string;
    now: string;
    concurrency: number;
    holdings?: CustomerHoldings;
  },
): Promise<OrdersSince> {
  const out: OrdersSince = { ok: true, touched: new Map(), openTimes: [], recentOrderIds: [], ordersRead: 0, inferred: new Map() };
  const from = new Date(Date.parse(opts.checkpoint) - ORDER_OVERLAP_MS).toISOString();
  const found: ApiOrder[] = [];
  const fromMs = Date.parse(from);
  try {
    // Orders come newest first (API 1.5+ notes; research marketplace.md "Pagination"): the first one older than
    // the window ends the read, so a server that ignores creationTimeFrom costs one page more, not every order.
    // Types are filtered here, not by orderPages: an older order of any type ends the read.
    pages: for await (const page of client.orderPages({ creationTimeFrom: from })) {
      for (const o of page.items) {
        if (typeof o?.creationDate === 'string' && Date.parse(o.creationDate) < fromMs) break pages;
        if (!MARKETPLACE.countMovingOrderTypes.includes(o?.type)) continue;
        if (typeof o?.id !== 'string') {
          opts.note({ objectKind: 'order', objectId: null, message: 'order list item lacks id; skipped' });
          continue;
        }
        if (opts.seenBefore.has(o.id)) {
          out.recentOrderIds.push(o.id); // still inside the overlap window: remember it one more cycle
          continue;
        }
        out.ordersRead++;
        if (isOpenOrder(o.status)) out.openTimes.push(o.creationDate ?? opts.now);
        else out.recentOrderIds.push(o.id);
        found.push(o);
      }
    }
  } catch (err) {
    opts.note({ objectKind: 'order', objectId: null, message: `orders since ${from} could not be read (${opts.describe(err)}); relying on lastModifiedDate this cycle` });
    return { ...out, ok: false };
  }
  const limit = pLimit(opts.concurrency);
  await Promise.all(found.map((o) => limit(() => resolve(o))));
  return out;

  async function resolve(o: ApiOrder) {
    const at = orderTime(o, opts.now);
    let ids = subscriptionIdsOf(o);
    if (ids.length === 0 && opts.holdings) {
      const { holdings, hasNew } = await opts.holdings(o.customerId);
      const guess = inferOrderSubscription(orderMpns(o), holdings, hasNew);
      if (guess) {
        out.inferred.set(guess, [...(out.inferred.get(guess) ?? []), o]);
        ids = [guess];
      }
    }
    if (ids.length === 0) ids = await subscriptionsOfOrder(client, o, opts);
    for (const id of ids) if (!out.touched.has(id) || out.touched.get(id)! < at) out.touched.set(id, at);
  }
}

/** The subscriptions an order names in its detail; all of its customer's when the detail cannot be read. */
export async function subscriptionsOfOrder(
  client: MarketplaceClient,
  o: ApiOrder,
  opts: { known: Map<string, ListedSubscription>; note: (issue: ScanIssue) => void; describe: (err: unknown) => string },
): Promise<string[]> {
  let ids: string[] = [];
  try {
    ids = subscriptionIdsOf(await client.getOrder(o.id));
  } catch (err) {
    opts.note({ objectKind: 'order', objectId: o.id, message: `order ${o.id} could not be read (${opts.describe(err)}); all subscriptions of customer ${o.customerId} are read again` });
  }
  return ids.length ? ids : [...opts.known.values()].filter((s) => s.customerId === o.customerId).map((s) => s.id);
}

/** When an order took effect: its provisioning, else its creation. */
export const orderTime = (o: ApiOrder, now: string): string => o.provisioningDate ?? o.creationDate ?? now;

function orderMpns(o: ApiOrder): string[] {
  const lines = Array.isArray(o.details) ? o.details : [];
  const mpns = lines.map((d) => d?.mpn);
  // A line without an mpn leaves the products unknown: no guess then.
  return mpns.every((m): m is string => typeof m === 'string' && m !== '') ? [...new Set(mpns)] : [];
}

export function subscriptionIdsOf(o: ApiOrder | null | undefined): string[] {
  const ids = new Set<string>();
  if (typeof o?.subscriptionId === 'string' && o.subscriptionId) ids.add(o.subscriptionId);
  for (const p of Array.isArray(o?.products) ? o!.products : []) if (typeof p?.subscriptionId === 'string' && p.subscriptionId) ids.add(p.subscriptionId);
  return [...ids];
}
