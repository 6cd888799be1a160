import { describe, expect, it } from 'vitest';
import { toAccount, toContract, toServices } from '../../../server/psa/connectwise/lists.js';
import { isLive, latestLine, unitsOn } from '../../../server/psa/connectwise/units.js';
import type { CwAddition, CwAgreement, CwCatalogItem } from '../../../server/psa/connectwise/wire.js';

const add = (id: number, productId: number, quantity: number, eff: string, cancelled?: string, price = 10): CwAddition => ({
  id,
  product: { id: productId, identifier: `P${productId}` },
  quantity,
  unitPrice: price,
  unitCost: price * 0.8,
  billCustomer: 'Billable',
  effectiveDate: `${eff}T00:00:00Z`,
  ...(cancelled ? { cancelledDate: `${cancelled}T00:00:00Z` } : {}),
});

const additions = [add(1, 7, 10, '2026-01-01'), add(2, 7, 3, '2026-11-24'), add(3, 7, -2, '2026-12-01'), add(4, 7, 4, '2026-01-01', '2026-06-30'), add(5, 8, 1, '2026-01-01')];

describe('units on a date', () => {
  it('sums the live additions of the product; cancelledDate is the last day counted', () => {
    expect(unitsOn(additions, '7', '2026-11-23')).toBe(10);
    expect(unitsOn(additions, '7', '2026-11-24')).toBe(13);
    expect(unitsOn(additions, '7', '2026-12-01')).toBe(11);
    expect(unitsOn(additions, '7', '2026-06-30')).toBe(14);
    expect(unitsOn(additions, '7', '2026-07-01')).toBe(10);
    expect(unitsOn(additions, '9', '2026-07-01')).toBe(0);
    expect(unitsOn([add(1, 7, 0.1, '2026-01-01'), add(2, 7, 0.2, '2026-01-01')], '7', '2026-02-01')).toBe(0.3);
  });

  it('an addition without dates is live', () => {
    expect(isLive({}, '2026-01-01')).toBe(true);
  });

  it('the agreement price is the newest live line, else the newest at all', () => {
    expect(latestLine(additions, '7', '2026-11-24')?.id).toBe(2);
    expect(latestLine(additions, '7', '2025-01-01')?.id).toBe(3);
    expect(latestLine(additions, '9', '2026-01-01')).toBeNull();
  });
});

describe('mapping-list rows', () => {
  it('accounts: inactive status or deleted is not active', () => {
    expect(toAccount({ id: 1, identifier: 'A', name: 'A', status: { name: 'Active' } }).active).toBe(true);
    expect(toAccount({ id: 1, identifier: 'A', name: 'A', status: { name: 'Inactive' } }).active).toBe(false);
    expect(toAccount({ id: 1, identifier: 'A', name: 'A', status: { name: 'Not-Approved' } }).active).toBe(false);
    expect(toAccount({ id: 1, identifier: 'A', name: 'A', deletedFlag: true }).active).toBe(false);
  });

  it('contracts: expired relative to the read date, no end date when open-ended', () => {
    const a: CwAgreement = { id: 5, name: 'X', type: {}, company: { id: 9 }, contact: {}, startDate: '2025-01-01T00:00:00Z', endDate: '2025-12-31T00:00:00Z', cancelledFlag: false, prorateFlag: true, billingCycle: { name: 'Monthly' } };
    expect(toContract(a, '2026-01-01')).toEqual({ id: '5', accountId: '9', name: 'X', startDate: '2025-01-01', endDate: '2025-12-31', expired: true, cancelled: false, prorate: true, billingCycle: 'Monthly' });
    expect(toContract(a, '2025-12-31').expired).toBe(false);
    expect(toContract({ ...a, noEndingDateFlag: true }, '2030-01-01')).toMatchObject({ endDate: null, expired: false });
    expect(toContract({ ...a, cancelledFlag: true, prorateFlag: null, billingCycle: undefined }, '2025-06-01')).toMatchObject({ cancelled: true, prorate: false, billingCycle: null });
  });

  it('services: products on the agreement with units, then the rest of the catalog at 0', () => {
    const catalog = [7, 8, 9].map((id) => ({ id, identifier: `P${id}`, description: `Product ${id}`, price: id, cost: id - 1 }) as CwCatalogItem);
    const rows = toServices('1000', additions, catalog, '2026-11-24');
    expect(rows.map((r) => [r.serviceId, r.units, r.unitPrice])).toEqual([
      ['7', 13, 10],
      ['8', 1, 10],
      ['9', 0, 9],
    ]);
    expect(rows[0]).toMatchObject({ contractId: '1000', contractServiceId: null, name: 'Product 7', code: 'P7', onAgreement: true });
    expect(rows[2]?.onAgreement).toBe(false);
  });
});
