/**
 * The "Prorate Agreement" rule. ConnectWise prorates a mid-period addition only when the agreement's
 * `prorateFlag` is on; otherwise the addition bills the full amount from the next invoice (CEO Juice KB,
 * research 2 "How ConnectWise prorates"), and the MSP silently loses or overcharges the part period. So a
 * mid-period change to such an agreement is refused before any write, and the user is told to turn it on
 * (the guide's Failure Log entry "Failure to turn on Proration for a ConnectWise Agreement").
 */
import { ConnectorError } from '../../connector-error.js';
import type { IsoDate } from '../types.js';
import { CYCLE_MONTHS, fromCwDate } from './facts.js';
import type { CwAgreement } from './wire.js';

export type AgreementTerms = Pick<CwAgreement, 'name' | 'billingCycle' | 'invoicingCycle' | 'billStartDate' | 'startDate' | 'prorateFlag'> &
  Partial<Pick<CwAgreement, 'endDate' | 'noEndingDateFlag' | 'cancelledFlag'>>;

const parse = (d: IsoDate) => ({ y: Number(d.slice(0, 4)), m: Number(d.slice(5, 7)) - 1, day: Number(d.slice(8, 10)) });
const fmt = (date: Date) => date.toISOString().slice(0, 10);

/** anchor + n months, the day clamped to the month's length (31 Jan + 1 month = 28/29 Feb). */
function addMonths(anchor: IsoDate, n: number): IsoDate {
  const a = parse(anchor);
  const first = new Date(Date.UTC(a.y, a.m + n, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return fmt(new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(a.day, last))));
}

export function cycleMonths(terms: Pick<AgreementTerms, 'billingCycle'>): number {
  const name = terms.billingCycle?.name?.trim().toLowerCase() ?? '';
  return CYCLE_MONTHS[name] ?? 1;
}

/**
 * The billing period that holds `date`. Periods follow the calendar (1 Jan, 1 Feb...) unless the agreement
 * invoices on its contract year, when they start on the bill start (or start) date's day.
 */
export function billingPeriod(terms: AgreementTerms, date: IsoDate): { start: IsoDate; end: IsoDate } {
  const months = cycleMonths(terms);
  const contractAnchor = terms.invoicingCycle === 'ContractYear' ? fromCwDate(terms.billStartDate) ?? fromCwDate(terms.startDate) : null;
  const anchor = contractAnchor ?? `${date.slice(0, 4)}-01-01`;
  const a = parse(anchor);
  const d = parse(date);
  let k = Math.floor(((d.y - a.y) * 12 + (d.m - a.m)) / months) * months;
  let start = addMonths(anchor, k);
  if (start > date) {
    k -= months;
    start = addMonths(anchor, k);
  }
  const next = addMonths(anchor, k + months);
  const end = fmt(new Date(Date.parse(`${next}T00:00:00Z`) - 86_400_000));
  return { start, end };
}

export const isMidPeriod = (terms: AgreementTerms, date: IsoDate): boolean => billingPeriod(terms, date).start !== date;

/** The failure for a mid-period change to an agreement without proration; null when the post may go ahead. */
export function prorationRefusal(terms: AgreementTerms, effectiveDate: IsoDate): ConnectorError | null {
  if (terms.prorateFlag === true || !isMidPeriod(terms, effectiveDate)) return null;
  return new ConnectorError({
    kind: 'config',
    system: 'connectwise',
    // The engine keeps retrying: the post goes through within minutes of the user turning proration on.
    retry: true,
    message:
      `Turn on proration for the ConnectWise agreement "${terms.name}": open the agreement, tick "Prorate Agreement" ` +
      `(Recurring Invoicing Parameters), and save. A change effective ${effectiveDate} falls mid-period and ` +
      'would otherwise be billed in full from the next invoice. It will be posted once proration is on.',
  });
}

/**
 * A change dated after the agreement ended would never be invoiced (agreement invoicing stops at the end
 * date), and a cancelled agreement bills nothing: both are refused before any write, retryable so the post
 * goes through once the agreement is extended (or the subscription is linked to a current one).
 */
export function agreementRefusal(terms: AgreementTerms, effectiveDate: IsoDate): ConnectorError | null {
  const end = terms.noEndingDateFlag ? null : fromCwDate(terms.endDate);
  const what = terms.cancelledFlag
    ? `The ConnectWise agreement "${terms.name}" is cancelled`
    : end !== null && end < effectiveDate
      ? `The ConnectWise agreement "${terms.name}" ended on ${end}, before this change (effective ${effectiveDate})`
      : null;
  if (!what) return null;
  return new ConnectorError({
    kind: 'config',
    system: 'connectwise',
    retry: true,
    message: `${what}: extend or renew the agreement, or link the subscription to a current agreement.`,
  });
}
