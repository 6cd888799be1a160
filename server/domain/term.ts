/**
 * Commitment terms (issue 14 item 3). The Marketplace's billingPeriod is the invoice cadence and its
 * subscriptionPeriod the commitment: NCE annual subscriptions are often billed monthly on a one-year
 * term, and their seats can be reduced only at the term's renewal. So a decrease of an annual-term
 * subscription waits (held) until the renewal date and is posted dated that day; an increase posts as
 * usual. A change planned for later than today on a resource whose decrease already waits for the
 * renewal waits with it, and at the renewal the waiting rows are folded into one (the PSA takes one
 * adjustment per service per day). Pure.
 */
import type { IsoDate } from './dates.js';

/** True when the commitment (or, without one, the billing period) is a year or more. */
export function isAnnualTerm(billingPeriod: string | null | undefined, subscriptionPeriod: string | null | undefined): boolean {
  const annual = (text: string) => /year|annual/i.test(text) || /\b(12|24|36)\s*month/i.test(text);
  if (subscriptionPeriod) return annual(subscriptionPeriod);
  return annual(billingPeriod ?? '');
}

export interface TermInput {
  annual: boolean;
  /** The term's next renewal (YYYY-MM-DD), null when unknown. */
  renewalDate: string | null;
  today: IsoDate;
  unitChange: number;
  effectiveDate: IsoDate;
  /** The renewal date a decrease of this resource already waits for, if any. */
  waitingUntil: IsoDate | null;
}

/** The date the adjustment must wait for, or null when it goes as planned. */
export function termHoldUntil(x: TermInput): IsoDate | null {
  if (x.waitingUntil && x.effectiveDate > x.today) return x.waitingUntil;
  if (!x.annual || x.unitChange >= 0 || !x.renewalDate) return null;
  const renewal = x.renewalDate.slice(0, 10);
  // A renewal today or past (a snapshot not yet moved on) leaves nothing to wait for.
  if (renewal <= x.today || x.effectiveDate >= renewal) return null;
  return renewal;
}

export interface WaitingRow {
  id: string;
  unitChange: number;
  fromCount: number;
}

/**
 * At the renewal: the resource's waiting rows become one adjustment (the first row keeps the sum) and
 * the others are cancelled; a sum of zero cancels them all.
 */
export function foldAtRenewal(rows: readonly WaitingRow[]): { keep: { id: string; unitChange: number; toCount: number } | null; cancel: string[] } {
  if (!rows.length) return { keep: null, cancel: [] };
  const sum = rows.reduce((s, r) => s + r.unitChange, 0);
  const [first, ...rest] = rows;
  if (sum === 0) return { keep: null, cancel: rows.map((r) => r.id) };
  return { keep: { id: first!.id, unitChange: sum, toCount: first!.fromCount + sum }, cancel: rest.map((r) => r.id) };
}
