/**
 * The agreement's billing periods, as ConnectWise invoices a recurring agreement: `billingCycle` sets the
 * period length (System > Setup Tables > Billing Cycle: Monthly, Quarterly, Semi-Annual, Annual...);
 * `invoicingCycle` = ContractYear runs the periods from the agreement's bill start (`billStartDate`, else
 * `startDate`), CalendarYear from 1 January (Agreement schema, spec 2025.8; research 2 "Agreement").
 * The exact anchoring is UNVERIFIED against a live instance (docs/vendor-notes.md).
 */
import type { CwAgreement } from './wire.js';
import { cwDay } from './vendor.js';

const MONTHS_PER_CYCLE: Record<string, number> = {
  monthly: 1, 'bi-monthly': 2, bimonthly: 2, quarterly: 3, 'semi-annual': 6, semiannual: 6, 'semi-annually': 6, annual: 12, annually: 12, yearly: 12,
};

export const monthsPerCycle = (a: Pick<CwAgreement, 'billingCycle'>): number =>
  MONTHS_PER_CYCLE[(a.billingCycle?.name ?? '').trim().toLowerCase()] ?? 1;

/** `from` moved by `months`, the day kept when the month has it, else the month's last day. */
function shift(from: string, months: number): string {
  const y = +from.slice(0, 4), m = +from.slice(5, 7) - 1 + months, d = +from.slice(8, 10);
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(d, last))).toISOString().slice(0, 10);
}

/** The period holding `day`: [start, end] inclusive. */
export function periodOf(a: Pick<CwAgreement, 'billingCycle' | 'invoicingCycle' | 'billStartDate' | 'startDate'>, day: string): { start: string; end: string } {
  const n = monthsPerCycle(a);
  const anchor = (a.invoicingCycle === 'ContractYear' ? cwDay(a.billStartDate) ?? cwDay(a.startDate) : null) ?? `${day.slice(0, 4)}-01-01`;
  const monthsApart = (+day.slice(0, 4) - +anchor.slice(0, 4)) * 12 + (+day.slice(5, 7) - +anchor.slice(5, 7));
  let k = Math.floor(monthsApart / n);
  while (shift(anchor, k * n) > day) k -= 1;
  while (shift(anchor, (k + 1) * n) <= day) k += 1;
  const next = shift(anchor, (k + 1) * n);
  return { start: shift(anchor, k * n), end: new Date(Date.parse(`${next}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10) };
}

/** Days from `from` to `to`, both included. */
export const daysIncl = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
