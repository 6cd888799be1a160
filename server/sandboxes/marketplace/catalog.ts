/** `GET /products` of the sandbox: the generated catalog as the spec's `Product` (v1.6 ResultListProduct). */
import type { MarketplaceData } from './data.js';

export interface CatalogFilter {
  name?: string;
  serviceName?: string;
  mpn?: string;
  vendor?: string;
}

export function listProducts(data: MarketplaceData, f: CatalogFilter, offset: number, limit: number) {
  const money = (n: number) => ({ currency: data.currency, amount: String(n), type: 'recurring' as const });
  const hits = data.catalog.filter(
    (p) =>
      (!f.name || p.name.toLowerCase().includes(f.name.toLowerCase())) &&
      (!f.serviceName || serviceOf(p.vendor).toLowerCase().includes(f.serviceName.toLowerCase())) &&
      (!f.mpn || p.mpn === f.mpn) &&
      (!f.vendor || p.vendor === f.vendor),
  );
  const items = hits.slice(offset, offset + limit).map((p) => ({
    mpn: p.mpn,
    vendor: p.vendor,
    id: p.id,
    serviceName: serviceOf(p.vendor),
    name: p.name,
    minimumQuantity: '1',
    maximumQuantity: '300',
    prices: [money(p.unitPrice)],
    costs: [money(p.unitCost)],
    billingPeriod: { type: 'month', duration: 1 },
    subscriptionPeriod: { type: 'year', duration: 1 },
    billingModel: 'chargeBeforeBillingPeriod',
  }));
  return { items, total: hits.length };
}

function serviceOf(vendor: string): string {
  return vendor === 'Microsoft' ? 'Microsoft 365' : `${vendor} Cloud`;
}
