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

export const isOpenOrder = (status: string | undefined) => !MARKETPLACE.finalOrderStatuses.includes(status ?? 'submitted');

export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
