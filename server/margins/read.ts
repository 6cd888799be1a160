/**
 * The margin view (GET /api/margins): every linked resource with its Marketplace unit cost, the PSA's
 * unit price for its service (from the cached PSA service lists the mapping screen uses, so opening it
 * costs no PSA calls once cached; a custom price set on the relation wins), and the month's cost,
 * revenue and margin, plus this billing period's estimated adjustment amounts.
 */
import { and, eq, gte } from 'drizzle-orm';
import type { Store } from '../db/store.js';
import { periodContaining, CALENDAR_MONTH } from '../domain/billing-period.js';
import { todayInOrUtc } from '../domain/dates.js';
import { marginOf, marginTotals, type Margin } from '../domain/margin.js';
import { roundCents } from '../domain/proration.js';
import type { ReportColumn } from '../domain/report-query.js';
import type { PsaLists } from '../mapping/psa-source.js';
import { loadLinkedResources, loadTenant } from '../sync/repo.js';

export interface MarginRow extends Margin {
  companyName: string;
  resourceName: string;
  odinAccountId: string;
  odinSubscriptionId: string;
  odinResourceId: string;
  psaContractId: string;
  psaServiceId: string;
  count: number;
  unitCost: number | null;
  unitPrice: number | null;
  priceSource: string;
  warning: string | null;
}

export const MARGIN_COLUMNS: ReportColumn[] = [
  { key: 'companyName', label: 'Customer', type: 'text' },
  { key: 'resourceName', label: 'Resource', type: 'text' },
  { key: 'count', label: 'Units', type: 'number' },
  { key: 'unitCost', label: 'Marketplace unit cost', type: 'money' },
  { key: 'unitPrice', label: 'PSA unit price', type: 'money' },
  { key: 'monthlyCost', label: 'Monthly cost', type: 'money' },
  { key: 'monthlyRevenue', label: 'Monthly revenue', type: 'money' },
  { key: 'monthlyMargin', label: 'Monthly margin', type: 'money' },
  { key: 'marginPercent', label: 'Margin %', type: 'number' },
  { key: 'warning', label: 'Warning', type: 'text' },
];

export async function readMargins(store: Store, tenantId: string, now: Date, lists: PsaLists | null) {
  const tenant = await loadTenant(store, tenantId);
  if (!tenant) return { rows: [], totals: marginTotals([]), period: null, adjustmentsThisPeriod: 0 };
  const links = await loadLinkedResources(store, tenantId, tenant.psaKind);
  const contractIds = [...new Set(links.map((l) => l.psaContractId))];
  const prices = new Map<string, number | null>();
  if (lists && contractIds.length) {
    for (const s of (await lists.servicesOf(contractIds)).items) prices.set(`${s.contractId}|${s.serviceId}`, s.unitPrice);
  }
  const companies = await store.db.select({ id: store.t.mpCompanies.odinAccountId, name: store.t.mpCompanies.name }).from(store.t.mpCompanies).where(eq(store.t.mpCompanies.tenantId, tenantId));
  const names = new Map(companies.map((c) => [c.id, c.name]));
  const rows: MarginRow[] = links.map((l) => {
    const unitPrice = l.priceSource === 'custom' && l.customPrice !== null ? l.customPrice : (prices.get(`${l.psaContractId}|${l.psaServiceId}`) ?? null);
    const count = Math.max(0, l.count ?? 0);
    const m = marginOf({ count, unitCost: l.unitCost, unitPrice });
    return {
      companyName: names.get(l.odinAccountId) ?? l.odinAccountId, resourceName: l.resourceName ?? l.odinResourceId,
      odinAccountId: l.odinAccountId, odinSubscriptionId: l.odinSubscriptionId, odinResourceId: l.odinResourceId, psaContractId: l.psaContractId, psaServiceId: l.psaServiceId,
      count, unitCost: l.unitCost, unitPrice, priceSource: l.priceSource, ...m,
      warning: m.belowCost ? `PSA price ${unitPrice!.toFixed(2)} is below the Marketplace cost ${l.unitCost!.toFixed(2)}` : null,
    };
  });
  rows.sort((a, b) => a.companyName.localeCompare(b.companyName) || a.resourceName.localeCompare(b.resourceName));
  // This calendar month's estimated amounts of posted adjustments (the PSA bills them this period).
  const { today } = todayInOrUtc(tenant.timeZone, now);
  const period = periodContaining(today, CALENDAR_MONTH);
  const a = store.t.adjustments;
  const posted = await store.db.select({ amount: a.estimatedAmount }).from(a).where(and(eq(a.tenantId, tenantId), eq(a.status, 'posted'), gte(a.effectiveDate, period.start)));
  const adjustmentsThisPeriod = roundCents(posted.filter((p) => p.amount !== null && p.amount !== undefined).reduce((s, p) => s + (p.amount as number), 0));
  return { rows, totals: marginTotals(rows), period: { start: period.start, end: period.end }, adjustmentsThisPeriod };
}
