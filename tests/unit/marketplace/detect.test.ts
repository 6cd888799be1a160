/** Pure change-detection rules: scan mode, which details to read, the order checkpoint, list items. */
import { describe, expect, it } from 'vitest';
import { decideScan, detailReason, nextCheckpoint, readListItem, isOpenOrder, type ListedSubscription, type StoredSubscription } from '../../../server/marketplace/detect.js';

const now = new Date('2026-11-20T10:00:00Z');

describe('decideScan', () => {
  it('scans everything on demand, on the first run, without a checkpoint, and once a day', () => {
    const fresh = { checkpoint: '2026-11-20T09:55:00Z', lastFullScanAt: '2026-11-20T01:00:00Z' };
    expect(decideScan(fresh, now, { full: true }).mode).toBe('full');
    expect(decideScan(null, now).mode).toBe('full');
    expect(decideScan({ ...fresh, checkpoint: null }, now).mode).toBe('full');
    expect(decideScan({ ...fresh, lastFullScanAt: '2026-11-19T09:59:59Z' }, now)).toMatchObject({ mode: 'full', reason: 'last full scan is 24 h old' });
    expect(decideScan({ ...fresh, lastFullScanAt: 'garbage' }, now).mode).toBe('full');
    expect(decideScan(fresh, now)).toEqual({ mode: 'steady', reason: 'changes since the checkpoint' });
  });
});

describe('detailReason', () => {
  const item: ListedSubscription = { id: '1', customerId: 'c', name: 'S', status: 'active', lastModified: '2026-10-01', renewalDate: null, billingPeriod: null };
  const stored: StoredSubscription = { ...item, detailReadAt: '2026-11-19T08:00:00Z' };
  it('reads everything in a full scan', () => expect(detailReason(item, stored, 'full', false)).toBe('full scan'));
  it('reads a subscription it has not seen or never read', () => {
    expect(detailReason(item, undefined, 'steady', false)).toBe('new subscription');
    expect(detailReason(item, { ...stored, detailReadAt: null }, 'steady', false)).toBe('detail not read yet');
  });
  it('reads what an order touched, a status change and a moved lastModifiedDate', () => {
    expect(detailReason(item, stored, 'steady', true)).toBe('change or cancellation order');
    expect(detailReason({ ...item, status: 'terminated' }, stored, 'steady', false)).toBe('status active -> terminated');
    expect(detailReason({ ...item, lastModified: '2026-10-02' }, { ...stored, lastModified: '2026-10-01' }, 'steady', false)).toBe('lastModifiedDate moved');
  });
  it('reads again while the modification day may still hold changes it has not seen', () => {
    const today = { ...item, lastModified: '2026-11-19' };
    expect(detailReason(today, { ...stored, lastModified: '2026-11-19', detailReadAt: '2026-11-19T08:00:00Z' }, 'steady', false)).toBe('modified on the day of the last read');
    expect(detailReason(today, { ...stored, lastModified: '2026-11-19', detailReadAt: '2026-11-20T08:00:00Z' }, 'steady', false)).toBe('modified on the day of the last read');
    expect(detailReason(today, { ...stored, lastModified: '2026-11-19', detailReadAt: '2026-11-21T08:00:00Z' }, 'steady', false)).toBeNull();
  });
  it('skips an unchanged subscription', () => expect(detailReason(item, stored, 'steady', false)).toBeNull());
});

describe('nextCheckpoint', () => {
  it('is the scan start, held back to the oldest order still in progress', () => {
    expect(nextCheckpoint(now, [])).toBe('2026-11-20T10:00:00.000Z');
    expect(nextCheckpoint(now, ['2026-11-20T09:00:00Z', '2026-11-20T08:30:00Z', 'bad'])).toBe('2026-11-20T08:30:00.000Z');
    expect(nextCheckpoint(now, ['2026-11-20T11:00:00Z'])).toBe('2026-11-20T10:00:00.000Z');
  });
  it('knows which order statuses are final', () => {
    expect(['submitted', 'processing', undefined].map(isOpenOrder)).toEqual([true, true, true]);
    expect(['completed', 'error', 'cancelled'].map(isOpenOrder)).toEqual([false, false, false]);
  });
});

describe('readListItem', () => {
  it('takes the fields it needs and formats the billing period', () => {
    expect(readListItem({ id: '1', customerId: 'c', status: 'active', name: 'N', lastModifiedDate: '2026-01-01', billingPeriod: { type: 'month', duration: 1 } })).toEqual({
      ok: { id: '1', customerId: 'c', status: 'active', name: 'N', lastModified: '2026-01-01', renewalDate: null, billingPeriod: '1 month', subscriptionPeriod: null },
    });
    // NCE annual billed monthly: the term is in subscriptionPeriod.
    expect(readListItem({ id: '1', customerId: 'c', status: 'active', billingPeriod: { type: 'month', duration: 1 }, subscriptionPeriod: { type: 'year', duration: 1 } } as never)).toMatchObject({
      ok: { billingPeriod: '1 month', subscriptionPeriod: '1 year' },
    });
  });
  it('names the missing fields', () => {
    expect(readListItem({ id: '1' })).toEqual({ problem: 'subscription list item lacks customerId, status' });
    expect(readListItem(null)).toEqual({ problem: 'subscription list item lacks id, customerId, status' });
  });
});
