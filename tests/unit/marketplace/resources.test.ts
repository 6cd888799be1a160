/** Products checked and merged into resource rows: bad input never zeroes or loses a stored count. */
import { describe, expect, it } from 'vitest';
import { mergeResources, readProducts, type ReadDetail, type StoredResource } from '../../../server/marketplace/resources.js';

const money = (amount: string) => ({ currency: 'USD', amount });
const ctx = { odinAccountId: 'A', status: 'active', now: '2026-11-20T10:00:00.000Z', changeAt: '2026-11-20T09:58:00Z' };
const stored = (id: string, count: number): StoredResource => ({
  odinSubscriptionId: 'S', odinResourceId: id, mpn: `M${id}`, name: `R${id}`, unit: null, count, unitPrice: 2, unitCost: 1, countChangedAt: '2026-01-01T00:00:00.000Z',
});
const ok = (r: ReturnType<typeof readProducts>) => {
  if ('problem' in r) throw new Error(r.problem);
  return r as ReadDetail;
};

describe('readProducts', () => {
  it('turns products into resources with prices as numbers', () => {
    const r = ok(readProducts('S', [{ id: '1', mpn: 'M1', name: 'R1', quantity: 3, unitPrice: money('22'), unitCost: money('19.8') }]));
    expect(r.resources).toEqual([{ odinSubscriptionId: 'S', odinResourceId: '1', mpn: 'M1', name: 'R1', unit: null, count: 3, unitPrice: 22, unitCost: 19.8 }]);
    expect(r.issues).toEqual([]);
  });
  it('reports duplicates, bad or missing quantities and products with neither mpn nor id, keeping those ids untouched', () => {
    const r = ok(readProducts('S', [{ id: '1', quantity: 3 }, { id: '1', quantity: 4 }, { id: '2', quantity: -1 }, { id: '3', quantity: 1.5 }, { id: '4' }, { quantity: 2 }, { id: '5', quantity: '6' }]));
    expect(r.resources).toEqual([]);
    expect([...r.keep].sort()).toEqual(['1', '2', '3', '4', '5']);
    expect(r.issues.map((i) => i.message)).toEqual([
      expect.stringMatching(/resource id 1 appears more than once/),
      expect.stringMatching(/quantity -1 is not a whole number/),
      expect.stringMatching(/quantity 1\.5/),
      expect.stringMatching(/no quantity/),
      expect.stringMatching(/has neither an mpn nor an id/),
      expect.stringMatching(/quantity "6"/),
    ]);
  });
  it('keys a resource by its mpn: keyed by id when first seen with one, the same row is found by mpn when the id is missing', () => {
    const first = ok(readProducts('S', [{ id: '77', mpn: 'M1', quantity: 3 }]));
    expect(first.resources.map((x) => x.odinResourceId)).toEqual(['77']);
    const later = ok(readProducts('S', [{ mpn: 'M1', quantity: 4 }, { mpn: 'M2', quantity: 1 }], first.resources));
    expect(later.resources.map((x) => [x.odinResourceId, x.count])).toEqual([['77', 4], ['M2', 1]]);
    // An id appearing later does not re-key a resource first stored under its mpn.
    const again = ok(readProducts('S', [{ id: '78', mpn: 'M2', quantity: 2 }], later.resources));
    expect(again.resources.map((x) => x.odinResourceId)).toEqual(['M2']);
  });
  it('rejects a detail without a products list', () => {
    expect(readProducts('S', undefined)).toEqual({ problem: 'subscription S: detail has no products[] list' });
  });
});

describe('mergeResources', () => {
  it('reports counts that moved, keeps the change time of those that did not', () => {
    const read = ok(readProducts('S', [{ id: '1', mpn: 'M1', name: 'R1', quantity: 5, unitPrice: money('2'), unitCost: money('1') }, { id: '2', mpn: 'M2', name: 'R2', quantity: 7, unitPrice: money('2'), unitCost: money('1') }]));
    const m = mergeResources(read, [stored('1', 5), stored('2', 6)], ctx);
    expect(m.changes).toEqual([{ odinAccountId: 'A', odinSubscriptionId: 'S', odinResourceId: '2', oldCount: 6, newCount: 7, at: ctx.changeAt, subscriptionStatus: 'active' }]);
    expect(m.rows.find((r) => r.odinResourceId === '1')!.countChangedAt).toBe('2026-01-01T00:00:00.000Z');
    expect(m.rows.find((r) => r.odinResourceId === '2')!.countChangedAt).toBe(ctx.now);
    expect(m.dirty).toBe(true);
  });
  it('is clean when nothing changed', () => {
    const read = ok(readProducts('S', [{ id: '1', mpn: 'M1', name: 'R1', quantity: 5, unitPrice: money('2'), unitCost: money('1') }]));
    expect(mergeResources(read, [stored('1', 5)], ctx)).toMatchObject({ changes: [], dirty: false });
  });
  it('keeps untrusted resources, and resources no longer listed, as stored; the latter with an issue', () => {
    const read = ok(readProducts('S', [{ id: '1', quantity: -3 }]));
    const m = mergeResources(read, [stored('1', 5), stored('2', 4)], ctx);
    expect(m.rows).toEqual([stored('1', 5), stored('2', 4)]);
    expect(m.changes).toEqual([]);
    expect(m.dirty).toBe(false);
    expect(m.issues).toEqual([expect.objectContaining({ objectKind: 'resource', objectId: '2', message: expect.stringMatching(/no longer lists resource 2.*count 4 is kept/) })]);
  });
  it('reports new resources with no old count', () => {
    const read = ok(readProducts('S', [{ id: '9', quantity: 1 }]));
    expect(mergeResources(read, [], ctx).changes).toEqual([expect.objectContaining({ odinResourceId: '9', oldCount: null, newCount: 1 })]);
  });
});
