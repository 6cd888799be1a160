/**
 * What each demo customer buys in the demo Marketplace (products, quantities, terms, renewal dates), so that
 * the PSA sandboxes' demo data carries the services, units and contract terms a real MSP would have for those
 * purchases. Read from the Marketplace sandbox's own generator (same seed, same date), never guessed.
 */
import { demoMarketplaceData, isoDate } from './marketplace/data.js';

export interface DemoPurchase {
  odinSubscriptionId: string;
  /** Index into DEMO_PRODUCTS (the demo catalog is built from it in the same order). */
  product: number;
  quantity: number;
  termMonths: 1 | 12;
  creationDate: string;
  renewalDate: string;
}

/** The demo Marketplace as of `asOf`, by customer (ODIN account id), subscriptions in id order. */
export function demoPurchases(asOf: Date): Map<string, DemoPurchase[]> {
  const data = demoMarketplaceData(undefined, isoDate(asOf.getTime()));
  const out = new Map<string, DemoPurchase[]>();
  for (let i = 0; i < data.customerCount; i++) {
    const [from, to] = data.subscriptionsOfCustomer(i);
    const list: DemoPurchase[] = [];
    for (let j = from; j < to; j++) {
      const s = data.subscriptionAt(j);
      for (const l of s.lines) list.push({ odinSubscriptionId: s.id, product: l.product, quantity: l.quantity, termMonths: s.termMonths, creationDate: s.creationDate, renewalDate: s.renewalDate });
    }
    out.set(data.customerAt(i).id, list);
  }
  return out;
}

/** The last renewal date among `purchases` (the date a PSA contract must reach for their decreases), or null. */
export const lastRenewal = (purchases: readonly DemoPurchase[]): string | null =>
  purchases.reduce<string | null>((max, p) => (max === null || p.renewalDate > max ? p.renewalDate : max), null);
