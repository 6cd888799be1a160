/**
 * The home dashboard (docs/api.md GET /api/dashboard): headline numbers from the same report definitions
 * the report pages use (so the numbers agree with them), adjustments per day over the last 30 days in
 * the tenant's time zone, and the customers with the most licences.
 */
import { and, count, desc, eq, gte, isNotNull, sql, sum } from 'drizzle-orm';
import { billingPeriodOf } from '../domain/billing-period.js';
import type { Store } from '../db/store.js';
import { localDate, nextDay, startOfDayUtc, type ReportQuery } from '../domain/report-query.js';
import { countReport, type ReportScope, type Row } from './engine.js';
import { linkedReport, unlinkedReport } from './links.js';
import { failuresReport } from './failure-log.js';
import { adjustmentsReport } from './log.js';
import { pageRows } from './sql.js';

export const DASHBOARD_DAYS = 30;
/** The licences chart shows the customers with the most licences; a pie of 2,000 slices says nothing. */
export const TOP_CUSTOMERS = 50;

export interface Dashboard {
  linkedResources: number;
  unlinkedResources: number;
  /** Adjustments posted since the first day of this calendar month (tenant time zone). */
  adjustmentsThisPeriod: number;
  openFailures: number;
  /** Money of this period (tenant's calendar month) and what is not billed, in the tenant's currency. */
  money: {
    /** Sum of the estimated amounts of the adjustments posted this period. */
    postedThisPeriod: number;
    /** Change in monthly run-rate those adjustments made: unit change x unit price (annual prices / 12). */
    runRateChange: number;
    /** Monthly value of unlinked licences: Marketplace unit price x count (annual prices / 12). */
    revenueAtRisk: number;
    /** Unlinked resources without a Marketplace price: not in revenueAtRisk. */
    unpricedUnlinked: number;
  };
  lastSync: { id: string; status: string; startedAt: string; finishedAt: string | null; error: string | null } | null;
  adjustmentsByDay: { date: string; count: number; units: number }[];
  licensesPerCustomer: { odinAccountId: string; name: string; licenses: number }[];
}

const everything = (over: Partial<ReportQuery> = {}): ReportQuery => ({
  page: 1, pageSize: 1, sort: [], filters: [], from: null, to: null, context: null, format: 'json', ...over,
});

export async function buildDashboard(store: Store, scope: ReportScope, now: Date): Promise<Dashboard> {
  const { db, t } = store;
  const today = localDate(now, scope.timeZone);
  // The unlinked count comes from the same pass over the Unlinked rows as the revenue at risk.
  const [linkedResources, { money, unlinkedResources }, adjustmentsThisPeriod, openFailures] = await Promise.all([
    countReport(store, linkedReport, scope, everything()),
    periodMoney(store, scope, `${today.slice(0, 8)}01`),
    countReport(store, adjustmentsReport, scope, everything({ from: `${today.slice(0, 8)}01`, to: today })),
    countReport(store, failuresReport, scope, everything()),
  ]);

  const runs = await pageRows(store,
    db.select({ id: t.syncRuns.id, status: t.syncRuns.status, startedAt: t.syncRuns.startedAt, finishedAt: t.syncRuns.finishedAt, error: t.syncRuns.error })
      .from(t.syncRuns).where(and(eq(t.syncRuns.tenantId, scope.tenantId), isNotNull(t.syncRuns.finishedAt))),
    [desc(t.syncRuns.startedAt), desc(t.syncRuns.id)], 1, 0);

  // Days are the tenant's calendar days, so they are counted here rather than by a dialect's date SQL.
  let first = today;
  for (let i = 1; i < DASHBOARD_DAYS; i++) first = previousDay(first);
  const posted = await db.select({ postedAt: t.adjustments.postedAt, unitChange: t.adjustments.unitChange }).from(t.adjustments)
    .where(and(eq(t.adjustments.tenantId, scope.tenantId), eq(t.adjustments.status, 'posted'), gte(t.adjustments.postedAt, startOfDayUtc(first, scope.timeZone))));
  // Each day's UTC start, computed once: rows are bucketed by comparing ISO strings, not by formatting.
  const days: { date: string; start: string; count: number; units: number }[] = [];
  for (let d = first; d <= today; d = nextDay(d)) days.push({ date: d, start: startOfDayUtc(d, scope.timeZone), count: 0, units: 0 });
  for (const p of posted) {
    const at = new Date(p.postedAt!).toISOString();
    let lo = 0;
    let hi = days.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (days[mid]!.start <= at) lo = mid;
      else hi = mid - 1;
    }
    const day = days[lo]!;
    if (day.start <= at) {
      day.count++;
      day.units += p.unitChange;
    }
  }

  // Licences summed per account first, then named: one company lookup per account, not per resource.
  const { mpCompanies: c, mpSubscriptions: s, mpResources: r } = t;
  const perAccount = db.select({ account: s.odinAccountId, licences: sum(r.count).as('licences') }).from(r)
    .innerJoin(s, and(eq(s.tenantId, r.tenantId), eq(s.odinSubscriptionId, r.odinSubscriptionId)))
    .where(and(eq(r.tenantId, scope.tenantId), sql`lower(${s.status}) = 'active'`))
    .groupBy(s.odinAccountId)
    .as('per_account');
  const top = await pageRows(store,
    db.select({ odinAccountId: c.odinAccountId, name: c.name, licenses: perAccount.licences }).from(perAccount)
      .innerJoin(c, and(eq(c.tenantId, scope.tenantId), eq(c.odinAccountId, perAccount.account))),
    [desc(perAccount.licences), c.name, c.odinAccountId], TOP_CUSTOMERS, 0);

  return {
    linkedResources, unlinkedResources, adjustmentsThisPeriod, openFailures, money,
    lastSync: runs[0] ?? null,
    adjustmentsByDay: days.map(({ date, count, units }) => ({ date, count, units })),
    licensesPerCustomer: top.map((x) => ({ odinAccountId: x.odinAccountId, name: x.name, licenses: Number(x.licenses ?? 0) })).filter((x) => x.licenses > 0),
  };
}

function previousDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}

/** A price for the unit's billing period, as a monthly figure. */
const monthly = (price: number, billingPeriod: string | null) => (billingPeriodOf(billingPeriod, null).kind === 'annual' ? price / 12 : price);
const cents = (n: number) => Math.round(n * 100) / 100;

async function periodMoney(store: Store, scope: ReportScope, firstDay: string): Promise<{ money: Dashboard['money']; unlinkedResources: number }> {
  const { db, t } = store;
  const { adjustments: a, mpSubscriptions: s, mpResources: r } = t;
  // Summed by the database per billing period (annual prices count a twelfth a month).
  const posted = (await (db.select({
    billingPeriod: s.billingPeriod,
    amount: sql<number | null>`sum(${a.estimatedAmount})`,
    runRate: sql<number | null>`sum(case when ${a.unitPrice} is not null then ${a.unitChange} * ${a.unitPrice} end)`,
  })
    .from(a)
    .leftJoin(s, and(eq(s.tenantId, a.tenantId), eq(s.odinSubscriptionId, a.odinSubscriptionId)))
    .where(and(eq(a.tenantId, scope.tenantId), eq(a.status, 'posted'), gte(a.postedAt, startOfDayUtc(firstDay, scope.timeZone)))) as unknown as { groupBy(c: unknown): PromiseLike<Row[]> })
    .groupBy(s.billingPeriod)) as { billingPeriod: string | null; amount: number | null; runRate: number | null }[];
  let postedThisPeriod = 0;
  let runRateChange = 0;
  for (const p of posted) {
    postedThisPeriod += Number(p.amount ?? 0);
    runRateChange += monthly(Number(p.runRate ?? 0), p.billingPeriod);
  }
  // The Unlinked report's own rows, so the figure and the report it links to agree, summed by the
  // database per billing period (a few groups, not 60,000 rows brought here to be added up).
  const groups = (await (unlinkedReport.countFrom!(db, t, {
    billingPeriod: s.billingPeriod,
    resources: count(),
    unpriced: sql<number>`sum(case when ${r.unitPrice} is null then 1 else 0 end)`,
    value: sql<number>`sum(${r.count} * ${r.unitPrice})`,
  }, scope).where(unlinkedReport.base(t, scope)) as unknown as { groupBy(c: unknown): PromiseLike<Row[]> })
    .groupBy(s.billingPeriod)) as { billingPeriod: string | null; resources: number; unpriced: number | null; value: number | null }[];
  let revenueAtRisk = 0;
  let unpricedUnlinked = 0;
  let unlinkedResources = 0;
  for (const g of groups) {
    unlinkedResources += Number(g.resources);
    unpricedUnlinked += Number(g.unpriced ?? 0);
    revenueAtRisk += monthly(Number(g.value ?? 0), g.billingPeriod);
  }
  return {
    money: { postedThisPeriod: cents(postedThisPeriod), runRateChange: cents(runRateChange), revenueAtRisk: cents(revenueAtRisk), unpricedUnlinked },
    unlinkedResources,
  };
}
