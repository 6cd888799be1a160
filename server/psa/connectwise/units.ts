/**
 * Units of a product on an agreement on a date. ConnectWise keeps no history on an addition's quantity, so
 * each change is its own addition with an `effectiveDate` (and, once ended, a `cancelledDate`): the units on
 * a date are the sum over the additions of that product live on that date (research 2, "Quantity changes").
 * We read `cancelledDate` as the last day an addition counts, the way cut-over guides date it (end of the
 * last invoiced month, with the replacement effective the next day).
 */
import type { IsoDate } from '../types.js';
import { fromCwDate } from './facts.js';
import type { CwAddition } from './wire.js';

export function isLive(a: Pick<CwAddition, 'effectiveDate' | 'cancelledDate'>, onDate: IsoDate): boolean {
  const from = fromCwDate(a.effectiveDate);
  const until = fromCwDate(a.cancelledDate);
  return (from === null || from <= onDate) && (until === null || until >= onDate);
}

const sameProduct = (a: CwAddition, productId: string) => a.product?.id != null && String(a.product.id) === productId;

export function unitsOn(additions: readonly CwAddition[], productId: string, onDate: IsoDate): number {
  let sum = 0;
  for (const a of additions) if (sameProduct(a, productId) && isLive(a, onDate)) sum += a.quantity ?? 0;
  // Quantities are doubles on the wire; keep the sum free of float dust (0.1 + 0.2).
  return Math.round(sum * 1e6) / 1e6;
}

/** The addition whose price stands for "the agreement's price" of a product: the newest live one, else the newest. */
export function latestLine(additions: readonly CwAddition[], productId: string, onDate: IsoDate): CwAddition | null {
  const mine = additions.filter((a) => sameProduct(a, productId));
  const newest = (list: CwAddition[]) =>
    list.reduce<CwAddition | null>((best, a) => {
      if (!best) return a;
      const ka = `${a.effectiveDate ?? ''}#${String(a.id ?? 0).padStart(12, '0')}`;
      const kb = `${best.effectiveDate ?? ''}#${String(best.id ?? 0).padStart(12, '0')}`;
      return ka > kb ? a : best;
    }, null);
  return newest(mine.filter((a) => isLive(a, onDate))) ?? newest(mine);
}
