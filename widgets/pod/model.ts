/** The pod's data (GET /api/pod/contracts/{id}) and the pure helpers its view uses. */
export interface PodResource {
  odinSubscriptionId: string;
  subscriptionName: string;
  odinResourceId: string;
  name: string;
  marketplaceCount: number | null;
  marketplacePrice: number | null;
  psaServiceName: string;
  psaUnits: number | null;
  psaPrice: number | null;
}
export interface PodAdjustment {
  id: string;
  resourceName: string;
  unitChange: number;
  effectiveDate: string;
  estimatedAmount: number | null;
  status: string;
}
export interface PodFailure extends PodAdjustment {
  lastError: string | null;
  attempts: number;
  nextAttemptAt: string | null;
}
export interface PodDrift {
  id: string;
  resourceName: string;
  ledgerUnits: number;
  psaUnits: number;
  marketplaceCount: number;
  foundAt: string;
}
export interface PodData {
  contract: { psaContractId: string; name: string; subscriptions: { odinSubscriptionId: string; name: string }[] };
  resources: PodResource[];
  adjustments: PodAdjustment[];
  failures: PodFailure[];
  drift: PodDrift[];
}

/** "in step" when the PSA holds what the Marketplace counts; else the difference the next cycle posts. */
export function stepOf(r: PodResource): { inStep: boolean; label: string } {
  if (r.marketplaceCount === null || r.psaUnits === null) return { inStep: false, label: 'Not reconciled yet' };
  const diff = r.marketplaceCount - r.psaUnits;
  return diff === 0 ? { inStep: true, label: 'In step' } : { inStep: false, label: `${diff > 0 ? '+' : ''}${diff} to post` };
}

export const signed = (n: number) => `${n > 0 ? '+' : ''}${n}`;

/** Sum of this period's estimated amounts (the PSA computes the invoice; this is our estimate). */
export const periodTotal = (rows: PodAdjustment[]) => Math.round(rows.reduce((s, a) => s + (a.estimatedAmount ?? 0), 0) * 100) / 100;
