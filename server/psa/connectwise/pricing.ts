/**
 * Which price a new addition carries, from the mapping's price source (domain "Money"): the product's
 * catalog price, the price the agreement already bills the product at, or a custom price on the mapping.
 * Who owns `unitPrice` is a real choice in the field (Sherweb syncs cost only, CloudPanel overwrites price,
 * research 6), so it is explicit per mapping rather than guessed.
 */
import { ConnectorError } from '../../connector-error.js';
import type { AdjustmentPost, PriceSource } from '../types.js';

export interface PriceChoice {
  source: PriceSource;
  unitPrice: number | null;
  unitCost: number | null;
  /** Why the price differs from what the source alone would give (shown in logs). */
  note?: string;
}

type PriceLike = { unitPrice?: number | null; unitCost?: number | null };
type CatalogPrice = { price?: number | null; cost?: number | null };

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

const refuse = (message: string) => new ConnectorError({ kind: 'config', system: 'connectwise', retry: true, message });

export function choosePrice(
  adj: Pick<AdjustmentPost, 'priceSource' | 'unitPrice' | 'unitCost' | 'serviceId'>,
  catalog: CatalogPrice | null,
  agreementLine: PriceLike | null,
): PriceChoice | ConnectorError {
  const source: PriceSource = adj.priceSource ?? (num(adj.unitPrice) !== null ? 'custom' : 'catalog');
  const catalogCost = num(catalog?.cost);
  if (source === 'custom') {
    const unitPrice = num(adj.unitPrice);
    if (unitPrice === null || unitPrice < 0) {
      return refuse(`The mapping's price source is "custom" but it has no custom price: enter one on the mapping (product ${adj.serviceId}).`);
    }
    return { source, unitPrice, unitCost: num(adj.unitCost) ?? catalogCost };
  }
  if (source === 'agreement' && agreementLine) {
    return {
      source,
      unitPrice: num(agreementLine.unitPrice) ?? num(catalog?.price),
      unitCost: num(agreementLine.unitCost) ?? catalogCost,
    };
  }
  if (!catalog) {
    return refuse(`Product ${adj.serviceId} is not in the ConnectWise product catalog (Procurement > Product Catalog); map the resource to an existing product.`);
  }
  const choice: PriceChoice = { source, unitPrice: num(catalog.price), unitCost: catalogCost };
  if (source === 'agreement') choice.note = 'the agreement has no addition of this product yet: catalog price used';
  return choice;
}
