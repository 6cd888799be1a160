/** Pure change-detection rules: scan mode, which details to read, the order checkpoint, list items. */
import { describe, expect, it } from 'vitest';
import { decideScan, detailReason, inferOrderSubscription, listFieldsAfterDetail, orderConfirmedBy, newSubscriptionsFrom, nextCheckpoint, readListItem, isOpenOrder, sweepStart, type ListedSubscription, type StoredSubscription } from '../../../server/marketplace/detect.js';

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

describe('the rotating slice of the subscription list', () => {
  it('starts at the top, goes on where the last cycle stopped, and starts again past the end', () => {
    expect(sweepStart(null, 500)).toBe(0);
    expect(sweepStart({ offset: 200, total: 500 }, 500)).toBe(200);
    // New subscriptions on top push rows down: the slice re-reads a few, never skips.
    expect(sweepStart({ offset: 200, total: 500 }, 530)).toBe(200);
    expect(sweepStart({ offset: 500, total: 500 }, 500)).toBe(0);
  });

  it('steps back as many rows as the list lost, so rows that moved up past its start are read', () => {
    expect(sweepStart({ offset: 200, total: 500 }, 490)).toBe(190);
    expect(sweepStart({ offset: 5, total: 500 }, 490)).toBe(0);
    expect(sweepStart({ offset: 400, total: 500 }, 300)).toBe(200);
  });

  it('reads subscriptions created since the day before the checkpoint, less the order overlap', () => {
    expect(newSubscriptionsFrom('2026-11-20T00:03:00Z')).toBe('2026-11-18');
    expect(newSubscriptionsFrom('2026-11-20T10:00:00Z')).toBe('2026-11-19');
  });
});

describe('listFieldsAfterDetail', () => {
  const item: ListedSubscription = { id: '1', customerId: 'c', name: 'Listed', status: 'active', lastModified: '2026-10-01', renewalDate: '2027-01-01', billingPeriod: '1 month', subscriptionPeriod: '1 year' };
  it("takes the detail's fields where it has them: it is newer than a stored list item", () => {
    const d = { id: '1', customerId: 'c', name: 'Detail', status: 'hold', lastModifiedDate: '2026-11-20' };
    expect(listFieldsAfterDetail(item, d)).toEqual({ ok: { ...item, name: 'Detail', status: 'hold', lastModified: '2026-11-20' } });
  });
  it('keeps the list name when the detail has none, and builds the item from the detail when there is no list item', () => {
    expect(listFieldsAfterDetail(item, { id: '1', customerId: 'c', status: 'active' })).toMatchObject({ ok: { name: 'Listed', lastModified: '2026-10-01' } });
    expect(listFieldsAfterDetail(null, { id: '9', customerId: 'c', status: 'active', lastModifiedDate: '2026-11-20' })).toMatchObject({ ok: { id: '9', lastModified: '2026-11-20' } });
    expect(listFieldsAfterDetail(null, { id: '9', status: 'active' })).toEqual({ problem: 'subscription list item lacks customerId' });
    expect(listFieldsAfterDetail(item, { id: '1', status: 'terminated' })).toEqual({ ok: { ...item, status: 'terminated' } });
  });
});

describe('change orders without their detail', () => {
  const holdings = new Map([
    ['s1', new Set(['A', 'B'])],
    ['s2', new Set(['C'])],
  ]);
  it("takes the order to be for the one subscription of the customer that holds all its products", () => {
    expect(inferOrderSubscription(['A'], holdings, false)).toBe('s1');
    expect(inferOrderSubscription(['A', 'B'], holdings, false)).toBe('s1');
    expect(inferOrderSubscription(['C'], holdings, false)).toBe('s2');
  });
  it('makes no guess when none or two hold them, the products are unknown, or the customer has a new subscription', () => {
    expect(inferOrderSubscription(['D'], holdings, false)).toBeNull();
    expect(inferOrderSubscription(['A', 'C'], holdings, false)).toBeNull();
    expect(inferOrderSubscription(['A'], new Map([...holdings, ['s3', new Set(['A'])]]), false)).toBeNull();
    expect(inferOrderSubscription([], holdings, false)).toBeNull();
    expect(inferOrderSubscription(['A'], holdings, true)).toBeNull();
  });
  it("is confirmed when the subscription's lastModifiedDate is on the order's day or later (a day's slack for zones)", () => {
    expect(orderConfirmedBy('2026-11-20', '2026-11-20T09:00:00Z')).toBe(true);
    expect(orderConfirmedBy('2026-11-19', '2026-11-20T09:00:00Z')).toBe(true);
    expect(orderConfirmedBy('2026-11-18', '2026-11-20T09:00:00Z')).toBe(false);
    expect(orderConfirmedBy(null, '2026-11-20T09:00:00Z')).toBe(false);
    expect(orderConfirmedBy('2026-11-20', 'garbage')).toBe(false);
  });
});
