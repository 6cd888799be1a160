import { describe, expect, it } from 'vitest';
import { marginOf, marginTotals } from '../../../server/domain/margin.js';

describe('marginOf (hand-computed)', () => {
  it('10 seats, cost 17.60, price 22.00: 176.00 cost, 220.00 revenue, 44.00 margin, 20.0 %', () => {
    expect(marginOf({ count: 10, unitCost: 17.6, unitPrice: 22 })).toEqual({ monthlyCost: 176, monthlyRevenue: 220, monthlyMargin: 44, marginPercent: 20, belowCost: false });
  });
  it('a price below cost warns: 3 x (8.00 - 9.15) = -3.45', () => {
    expect(marginOf({ count: 3, unitCost: 9.15, unitPrice: 8 })).toEqual({ monthlyCost: 27.45, monthlyRevenue: 24, monthlyMargin: -3.45, marginPercent: -14.4, belowCost: true });
  });
  it('unknown cost or price: no margin, no warning', () => {
    expect(marginOf({ count: 3, unitCost: null, unitPrice: 8 })).toMatchObject({ monthlyMargin: null, belowCost: false, monthlyRevenue: 24 });
    expect(marginOf({ count: 3, unitCost: 5, unitPrice: null })).toMatchObject({ monthlyMargin: null, belowCost: false, monthlyCost: 15 });
  });
  it('no seats: zero money, no percentage', () => {
    expect(marginOf({ count: 0, unitCost: 5, unitPrice: 6 })).toEqual({ monthlyCost: 0, monthlyRevenue: 0, monthlyMargin: 0, marginPercent: null, belowCost: false });
  });
});

describe('marginTotals', () => {
  it('sums the known rows and counts the rest', () => {
    const rows = [marginOf({ count: 10, unitCost: 17.6, unitPrice: 22 }), marginOf({ count: 3, unitCost: 9.15, unitPrice: 8 }), marginOf({ count: 1, unitCost: null, unitPrice: 8 })];
    expect(marginTotals(rows)).toEqual({ monthlyCost: 203.45, monthlyRevenue: 244, monthlyMargin: 40.55, belowCost: 1, unknown: 1 });
  });
});
