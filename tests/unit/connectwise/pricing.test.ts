import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../server/connector-error.js';
import { choosePrice } from '../../../server/psa/connectwise/pricing.js';

const catalog = { price: 22, cost: 19.8 };
const line = { unitPrice: 20, unitCost: 18 };
const adj = { serviceId: '102' };

describe('price source', () => {
  it('catalog: the product catalog price and cost', () => {
    expect(choosePrice({ ...adj, priceSource: 'catalog' }, catalog, line)).toEqual({ source: 'catalog', unitPrice: 22, unitCost: 19.8 });
  });

  it('agreement: the price the agreement bills the product at, else the catalog with a note', () => {
    expect(choosePrice({ ...adj, priceSource: 'agreement' }, catalog, line)).toEqual({ source: 'agreement', unitPrice: 20, unitCost: 18 });
    expect(choosePrice({ ...adj, priceSource: 'agreement' }, catalog, { unitPrice: 20, unitCost: null })).toMatchObject({ unitCost: 19.8 });
    expect(choosePrice({ ...adj, priceSource: 'agreement' }, catalog, null)).toMatchObject({ unitPrice: 22, note: expect.stringContaining('catalog price used') });
  });

  it('custom: the mapping price, the catalog cost unless one is given; refused without a price', () => {
    expect(choosePrice({ ...adj, priceSource: 'custom', unitPrice: 25 }, catalog, line)).toEqual({ source: 'custom', unitPrice: 25, unitCost: 19.8 });
    expect(choosePrice({ ...adj, priceSource: 'custom', unitPrice: 25, unitCost: 21 }, null, null)).toEqual({ source: 'custom', unitPrice: 25, unitCost: 21 });
    const none = choosePrice({ ...adj, priceSource: 'custom' }, catalog, line);
    expect(none).toBeInstanceOf(ConnectorError);
    expect(none).toMatchObject({ kind: 'config', retry: true });
    expect(choosePrice({ ...adj, priceSource: 'custom', unitPrice: -1 }, catalog, line)).toBeInstanceOf(ConnectorError);
  });

  it('without a source: a given price is custom, else catalog', () => {
    expect(choosePrice({ ...adj, unitPrice: 9 }, catalog, line)).toMatchObject({ source: 'custom', unitPrice: 9 });
    expect(choosePrice({ ...adj }, catalog, line)).toMatchObject({ source: 'catalog', unitPrice: 22 });
  });

  it('refuses a product missing from the catalog unless the price is custom', () => {
    expect(choosePrice({ ...adj, priceSource: 'catalog' }, null, null)).toMatchObject({ kind: 'config', message: expect.stringContaining('product catalog') });
  });
});
