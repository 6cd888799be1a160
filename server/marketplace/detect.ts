/**
 * Pure rules of change detection: when to scan everything, which subscriptions' details to read,
 * where the order checkpoint moves, and how a subscription detail becomes snapshot rows. No I/O.
 */
import type { ApiSubscription } from './api-types.js';
import { MARKETPLACE } from './provider.js';

export const FULL_SCAN_EVERY_MS = 24 * 3_600_000;
/** Orders are read from a little before the checkpoint, for clock skew between us and the platform. */
export const ORDER_OVERLAP_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

export interface ScanState {
  checkpoint: string | null;
  lastFullScanAt: string | null;
}

export type ScanMode = 'full' | 'steady';

export function decideScan(state: ScanState | null, now: Date, opts: { full?: boolean } = {}, everyMs = FULL_SCAN_EVERY_MS): { mode: ScanMode; reason: string } {
  if (opts.full) return { mode: 'full', reason: 'full scan asked for' };
  if (!state?.lastFullScanAt) return { mode: 'full', reason: 'no full scan yet' };
  if (!state.checkpoint) return { mode: 'full', reason: 'no order checkpoint' };
  const age = now.getTime() - Date.parse(state.lastFullScanAt);
  if (!(age < everyMs)) return { mode: 'full', reason: `last full scan is ${Math.round(age / 3_600_000)} h old` };
  return { mode: 'steady', reason: 'changes since the checkpoint' };
}

/** A list item we can rely on. */
export interface ListedSubscription {
  id: string;
  customerId: string;
  name: string;
  status: string;
  lastModified: string | null;
  renewalDate: string | null;
  billingPeriod: string | null;
  /** The commitment term ("1 year" for NCE annual): tells annual from monthly terms billed monthly. */
  subscriptionPeriod?: string | null;
}

export interface StoredSubscription extends ListedSubscription {
  detailReadAt: string | null;
}

export function readListItem(raw: unknown): { ok: ListedSubscription } | { problem: string } {
  const s = (raw ?? {}) as Partial<ApiSubscription> & Record<string, unknown>;
  const missing = (['id', 'customerId', 'status'] as const).filter((k) => typeof s[k] !== 'string' || s[k] === '');
  if (missing.length) return { problem: `subscription list item lacks ${missing.join(', ')}` };
  const bp = s.billingPeriod;
  const sp = s.subscriptionPeriod;
  return {
    ok: {
      id: s.id!,
      customerId: s.customerId!,
      name: typeof s.name === 'string' && s.name ? s.name : `Subscription ${s.id}`,
      status: s.status!,
      lastModified: typeof s.lastModifiedDate === 'string' ? s.lastModifiedDate : null,
      renewalDate: typeof s.renewalDate === 'string' ? s.renewalDate : null,
      billingPeriod: bp && typeof bp.type === 'string' ? `${Number.isInteger(bp.duration) ? bp.duration : 1} ${bp.type}` : null,
      subscriptionPeriod: sp && typeof sp.type === 'string' ? `${Number.isInteger(sp.duration) ? sp.duration : 1} ${sp.type}` : null,
    },
  };
}

/**
 * The list fields to store after a detail read. The detail carries them too and is newer than a list item
 * (a stored one may be days old), so its values win where it has them; its lastModifiedDate must be stored,
 * or the list slice would read the subscription again when it passes.
 */
export function listFieldsAfterDetail(item: ListedSubscription | null, detail: unknown): { ok: ListedSubscription } | { problem: string } {
  const own = readListItem(detail);
  if (!item) return own;
  const d = (detail ?? {}) as { status?: unknown; name?: unknown };
  if ('problem' in own) return { ok: { ...item, status: typeof d.status === 'string' && d.status ? d.status : item.status } };
  const o = own.ok;
  return {
    ok: {
      ...item,
      customerId: o.customerId,
      status: o.status,
      name: typeof d.name === 'string' && d.name ? o.name : item.name,
      lastModified: o.lastModified ?? item.lastModified,
      renewalDate: o.renewalDate ?? item.renewalDate,
      billingPeriod: o.billingPeriod ?? item.billingPeriod,
      subscriptionPeriod: o.subscriptionPeriod ?? item.subscriptionPeriod ?? null,
    },
  };
}

/**
 * Why a subscription's detail must be read this cycle, or null. `lastModifiedDate` is a date, not a
 * time: a subscription modified on (or the day before, for time zones) the day we last read it may
 * have moved again since, so it is read again until that day has passed.
 */
export function detailReason(item: ListedSubscription, stored: StoredSubscription | undefined, mode: ScanMode, touchedByOrder: boolean): string | null {
  if (mode === 'full') return 'full scan';
  if (!stored) return 'new subscription';
  if (!stored.detailReadAt) return 'detail not read yet';
  if (touchedByOrder) return 'change or cancellation order';
  if (item.status !== stored.status) return `status ${stored.status} -> ${item.status}`;
  if (item.lastModified !== stored.lastModified) return 'lastModifiedDate moved';
  if (item.lastModified && item.lastModified >= isoDay(Date.parse(stored.detailReadAt) - DAY_MS)) return 'modified on the day of the last read';
  return null;
}

/** The next order checkpoint: the scan's start, held back to the oldest order still in progress. */
export function nextCheckpoint(scanStart: Date, openOrderTimes: string[]): string {
  let t = scanStart.getTime();
  for (const o of openOrderTimes) {
    const ms = Date.parse(o);
    if (Number.isFinite(ms) && ms < t) t = ms;
  }
  return new Date(t).toISOString();
}

/**
 * The v1.6 API has no feed of subscription changes made without an order (a count set by the provider, a
 * hold, a termination at the end of a term) and no modification-date filter on GET /subscriptions: each
 * steady cycle reads this many pages of the list, continuing where the last cycle stopped, so every list item
 * is compared with the stored one within ceil(total / (pages x page size)) cycles; the daily full scan is the
 * backstop. At 100 a page and 30,000 subscriptions that is 75 cycles (a little over 6 h at 5 min).
 */
export const SWEEP_PAGES_PER_CYCLE = 4;

/** Where the rotating slice of the subscription list stands: its next offset, and the list's total then. */
export interface SweepState {
  offset: number;
  total: number;
}

/**
 * Where this cycle's slice starts, given the list's total now. New subscriptions land on top of a newest-first
 * list and push the rest down (the slice reads some rows twice, never skips); rows leaving the list pull the
 * rest up by as many, so the slice steps back that far to re-cover them. Past the end it starts at the top.
 */
export function sweepStart(prev: SweepState | null, total: number): number {
  if (!prev) return 0;
  const lost = Math.max(0, prev.total - total);
  const from = Math.max(0, prev.offset - lost);
  return from >= total ? 0 : from;
}

/** The first creation date (YYYY-MM-DD) whose subscriptions a steady cycle reads as possibly new. */
export function newSubscriptionsFrom(checkpoint: string): string {
  // creationDate is a date without a zone: one day back covers any time zone and the order overlap.
  return isoDay(Date.parse(checkpoint) - ORDER_OVERLAP_MS - DAY_MS);
}

/**
 * The one subscription a change order's list item can be for, or null. The v1.6 list item names no
 * subscription, only the customer and, in `details[]`, the products. When exactly one of the customer's known
 * subscriptions holds every one of those products, and none of the customer's subscriptions is new to us,
 * the order is taken to be for it without reading the order's detail (one call per order saved); the
 * subscription's detail, read anyway, must then confirm it (orderConfirmedBy), or the order's detail is read.
 */
export function inferOrderSubscription(orderMpns: readonly string[], holdings: ReadonlyMap<string, ReadonlySet<string>>, customerHasNewSubscription: boolean): string | null {
  if (orderMpns.length === 0 || customerHasNewSubscription) return null;
  const holders = [...holdings].filter(([, mpns]) => orderMpns.every((m) => mpns.has(m)));
  return holders.length === 1 ? holders[0]![0] : null;
}

/**
 * A completed order modifies its subscription, so the subscription's lastModifiedDate (a date; one day's slack
 * for time zones) is on or after the order's day; an older one means the order was for another subscription.
 */
export function orderConfirmedBy(lastModified: string | null, orderAt: string): boolean {
  const at = Date.parse(orderAt);
  return !!lastModified && Number.isFinite(at) && lastModified >= isoDay(at - DAY_MS);
}

export const isOpenOrder = (status: string | undefined) => !MARKETPLACE.finalOrderStatuses.includes(status ?? 'submitted');

export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
