/**
 * Margins per customer and resource (issue 14 item 5): what the MSP pays the Marketplace per unit
 * (unit cost) against what its PSA bills (the service's unit price, or the relation's custom price),
 * for the month and in total. A PSA price below cost is a warning: every seat loses money. Pure.
 */
import { roundCents } from './proration.js';

export interface MarginInput {
  count: number;
  /** Marketplace unit cost per month; null when the Marketplace does not say. */
  unitCost: number | null;
  /** PSA unit price per month; null when unknown. */
  unitPrice: number | null;
}

export interface Margin {
  monthlyCost: number | null;
  monthlyRevenue: number | null;
  monthlyMargin: number | null;
  /** Margin as a percentage of revenue (one decimal); null without both prices or with no revenue. */
  marginPercent: number | null;
  belowCost: boolean;
}

export function marginOf(x: MarginInput): Margin {
  const cost = x.unitCost === null ? null : roundCents(x.count * x.unitCost);
  const revenue = x.unitPrice === null ? null : roundCents(x.count * x.unitPrice);
  const margin = cost === null || revenue === null ? null : roundCents(revenue - cost);
  const percent = margin === null || !revenue ? null : Math.round((margin / revenue) * 1000) / 10;
  return { monthlyCost: cost, monthlyRevenue: revenue, monthlyMargin: margin, marginPercent: percent, belowCost: x.unitCost !== null && x.unitPrice !== null && x.unitPrice < x.unitCost };
}

export interface MarginTotals {
  monthlyCost: number;
  monthlyRevenue: number;
  monthlyMargin: number;
  belowCost: number;
  /** Rows without a cost or a price: not in the sums. */
  unknown: number;
}

export function marginTotals(rows: readonly Margin[]): MarginTotals {
  const known = rows.filter((r) => r.monthlyMargin !== null);
  return {
    monthlyCost: roundCents(known.reduce((s, r) => s + r.monthlyCost!, 0)),
    monthlyRevenue: roundCents(known.reduce((s, r) => s + r.monthlyRevenue!, 0)),
    monthlyMargin: roundCents(known.reduce((s, r) => s + r.monthlyMargin!, 0)),
    belowCost: rows.filter((r) => r.belowCost).length,
    unknown: rows.length - known.length,
  };
}
