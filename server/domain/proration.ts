/**
 * The estimated prorated amount shown next to each adjustment. The PSA computes the invoice; this is our
 * estimate of it: `unitChange x unitPrice x daysRemaining / daysInPeriod`.
 *  - inclusive (default, IDSync/ConnectWise): days from the effective date to the period's last day, both
 *    counted. $22/month, +1 on 15 March -> 22 x 17/31 = 12.06.
 *  - exclusive (Ingram's connector: `(daysInPeriod - effectiveDay) x price / daysInPeriod`): one day fewer,
 *    16/31 = 11.35; a change on the period's first day is a full period in both (Ingram prorates only when
 *    the effective date differs from the period start).
 */
import { daysBetween, type IsoDate } from './dates.js';
import { periodContaining, type BillingPeriod } from './billing-period.js';

export type ProrationConvention = 'inclusive' | 'exclusive';

export interface ProrationInput {
  unitChange: number;
  unitPrice: number | null;
  effectiveDate: IsoDate;
  period: BillingPeriod;
  convention: ProrationConvention;
}

/** Days billed for a change effective on `effectiveDate`, and the period's length. */
export function prorationDays(effectiveDate: IsoDate, period: BillingPeriod, convention: ProrationConvention): { daysRemaining: number; daysInPeriod: number } {
  const p = periodContaining(effectiveDate, period);
  const inclusive = daysBetween(effectiveDate, p.end) + 1;
  const daysRemaining = convention === 'exclusive' && effectiveDate !== p.start ? inclusive - 1 : inclusive;
  return { daysRemaining, daysInPeriod: p.days };
}

/** The estimate in the price's currency, rounded to cents; null when the price is unknown. */
export function estimateProratedAmount(input: ProrationInput): number | null {
  if (input.unitPrice === null || !Number.isFinite(input.unitPrice)) return null;
  const { daysRemaining, daysInPeriod } = prorationDays(input.effectiveDate, input.period, input.convention);
  const raw = (input.unitChange * input.unitPrice * daysRemaining) / daysInPeriod;
  return roundCents(raw);
}

/** Half away from zero, so a credit and a charge of the same size round to the same magnitude. */
export function roundCents(x: number): number {
  const r = Math.round(Math.abs(x) * 100 + 1e-9) / 100;
  return x < 0 && r !== 0 ? -r : r;
}
