/**
 * One column vocabulary for every report, log and screen (issue 13 §8): the same thing carries the same
 * name wherever it shows, on screen and in CSV headers. Pure: report definitions build their columns from
 * here, and the DOM test of every screen (tests/unit/widgets/consistency.test.ts) checks headers against it.
 */
import type { ColumnType, ReportColumn } from './report-query.js';

/** Keys whose meaning is the same in every report, with the one name each carries. */
export const COLUMN_WORDS: Record<string, string> = {
  companyName: 'Customer',
  subscriptionName: 'Subscription',
  resourceName: 'Resource',
  count: 'Units',
  marketplaceCount: 'Marketplace units',
  psaUnits: 'PSA units',
  ledgerUnits: 'Posted units',
  marketplacePrice: 'Marketplace price',
  psaPrice: 'PSA price',
  foundAt: 'Found',
  fromCount: 'From',
  toCount: 'To',
  unitChange: 'Unit change',
  effectiveDate: 'Effective date',
  heldUntil: 'Held until',
  estimatedAmount: 'Estimated amount',
  estimatedAmount360: 'Estimated amount (30/360)',
  changedBy: 'Changed by',
  monthlyChange: 'Monthly run-rate change',
  status: 'Status',
  // Unlinked reads the subscription's status where Subscriptions reads `status`: the same thing, one name.
  subscriptionStatus: 'Status',
  linkedAt: 'Linked on',
  attempts: 'Attempts',
  nextAttemptAt: 'Next retry',
  lastError: 'PSA message',
  errorCause: 'Cause',
  id: 'Adjustment ID',
  odinAccountId: 'ODIN account ID',
  odinSubscriptionId: 'ODIN subscription ID',
  odinResourceId: 'ODIN resource ID',
};

/** Names an earlier screen used for a vocabulary word: a header reading one of them is out of step. */
export const RETIRED_WORDS = [
  'Company', 'ODIN company', 'ODIN subscription', 'ODIN resource', 'Count', 'Change', 'PSA', 'Marketplace', 'Price',
  'New units', 'Estimated prorated amount', 'Amount', 'Qty', 'Quantity', 'State', 'ODIN Account ID', 'ODIN Subscription ID',
  'ODIN Resource ID', 'Subscription status', 'Account', 'Contract', 'Service', 'We posted', 'PSA shows',
];

export type PsaKindWords = 'autotask' | 'connectwise' | null | undefined;

/** The PSA side in the PSA's own words (Autotask account/contract/service, ConnectWise company/agreement/product). */
export function psaColumnWords(kind: PsaKindWords) {
  const cw = kind === 'connectwise';
  const account = cw ? 'PSA company' : 'PSA account';
  const contract = cw ? 'PSA agreement' : 'PSA contract';
  const service = cw ? 'PSA product' : 'PSA service';
  return {
    account, contract, service, serviceId: `${service} ID`,
    words: {
      psaAccountName: account, psaContractName: contract, psaServiceName: service,
      psaAccountId: `${account} ID`, psaContractId: `${contract} ID`, psaServiceId: `${service} ID`,
    } as Record<string, string>,
  };
}

/** The name a key carries (null when the key is a report's own, e.g. a margin or an audit field). */
export function wordFor(key: string, kind?: PsaKindWords): string | null {
  return COLUMN_WORDS[key] ?? psaColumnWords(kind).words[key] ?? null;
}

/** A column of the vocabulary: `col('count', 'number')` is `{key: 'count', label: 'Units', type: 'number'}`. */
export function col(key: string, type: ColumnType, opts: { detail?: boolean; kind?: PsaKindWords } = {}): ReportColumn {
  const label = wordFor(key, opts.kind);
  if (!label) throw new Error(`"${key}" is not in the column vocabulary`);
  return opts.detail ? { key, label, type, detail: true } : { key, label, type };
}
