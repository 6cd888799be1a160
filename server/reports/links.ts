/**
 * Linked and Unlinked reports (design/domain.md "Reports"; the guide's "Linked / Unlinked subscriptions").
 * One row per resource. A resource is linked when its company (for this PSA), its subscription and the
 * resource itself all have a relation; the Unlinked report shows what will go un-invoiced, so it leaves
 * out subscriptions the Marketplace has terminated or removed.
 */
import { and, eq, isNull, or, sql } from 'drizzle-orm';
import type { Db, Tables } from '../db/store.js';
import { col, psaColumnWords } from '../domain/columns.js';
import type { ReportColumn } from '../domain/report-query.js';
import type { Expr, ReportDefinition, ReportScope } from './engine.js';

/** The PSA's own words for its objects. */
export function psaWords(scope: ReportScope) {
  return psaColumnWords(scope.psaKind);
}

const ID_KEYS = ['odinAccountId', 'odinSubscriptionId', 'odinResourceId', 'psaKind', 'psaAccountId', 'psaContractId', 'psaServiceId'] as const;

/** A resource's relation with its subscription's and its company's (for this PSA): what makes it linked. */
function linkedChain(db: Db, t: Tables, scope: ReportScope, selection: Record<string, Expr>) {
  const { companyLinks: cl, subscriptionLinks: sl, resourceLinks: rl } = t;
  return db.select(selection as never).from(rl)
    .innerJoin(sl, and(eq(sl.tenantId, rl.tenantId), eq(sl.odinSubscriptionId, rl.odinSubscriptionId)))
    .innerJoin(cl, and(eq(cl.tenantId, sl.tenantId), eq(cl.odinAccountId, sl.odinAccountId), eq(cl.psaKind, scope.psaKind)));
}

export const linkedReport: ReportDefinition = {
  name: 'linked',
  columns(scope): ReportColumn[] {
    const w = psaWords(scope);
    return [
      { key: 'psaAccountName', label: w.account, type: 'text' },
      { key: 'psaContractName', label: w.contract, type: 'text' },
      { key: 'psaServiceId', label: w.serviceId, type: 'text' },
      { key: 'psaServiceName', label: w.service, type: 'text' },
      col('companyName', 'text'), col('subscriptionName', 'text'), col('resourceName', 'text'), col('count', 'number'), col('linkedAt', 'date'),
    ];
  },
  fields(t: Tables) {
    const { companyLinks: cl, subscriptionLinks: sl, resourceLinks: rl, mpCompanies: c, mpSubscriptions: s, mpResources: r } = t;
    return {
      psaAccountName: cl.psaAccountName, psaContractName: sl.psaContractName, psaServiceId: rl.psaServiceId, psaServiceName: rl.psaServiceName,
      companyName: sql`coalesce(${c.name}, ${sl.odinAccountId})`, subscriptionName: sql`coalesce(${s.name}, ${rl.odinSubscriptionId})`,
      resourceName: sql`coalesce(${r.name}, ${rl.odinResourceId})`, count: r.count, linkedAt: rl.createdAt,
      odinAccountId: sl.odinAccountId, odinSubscriptionId: rl.odinSubscriptionId, odinResourceId: rl.odinResourceId,
      psaKind: cl.psaKind, psaAccountId: cl.psaAccountId, psaContractId: sl.psaContractId,
    };
  },
  idKeys: ID_KEYS,
  dateKey: 'linkedAt',
  defaultSort: [{ key: 'psaAccountName', desc: false }, { key: 'psaContractName', desc: false }, { key: 'psaServiceName', desc: false }],
  from(db, t, scope, selection) {
    const { mpCompanies: c, mpSubscriptions: s, mpResources: r, resourceLinks: rl, subscriptionLinks: sl } = t;
    return linkedChain(db, t, scope, selection)
      .leftJoin(r, and(eq(r.tenantId, rl.tenantId), eq(r.odinSubscriptionId, rl.odinSubscriptionId), eq(r.odinResourceId, rl.odinResourceId)))
      .leftJoin(s, and(eq(s.tenantId, rl.tenantId), eq(s.odinSubscriptionId, rl.odinSubscriptionId)))
      .leftJoin(c, and(eq(c.tenantId, sl.tenantId), eq(c.odinAccountId, sl.odinAccountId))) as never;
  },
  // Counting needs the three relations only: the snapshot's names never add or drop a row.
  countFrom: (db, t, selection, scope) => linkedChain(db, t, scope, selection) as never,
  base: (t, scope) => eq(t.resourceLinks.tenantId, scope.tenantId),
  tiebreak: (t) => [t.resourceLinks.odinSubscriptionId, t.resourceLinks.odinResourceId],
};

/** Each resource with its subscription and whatever relations it has: the base decides which are missing. */
function unlinkedChain(db: Db, t: Tables, scope: ReportScope, selection: Record<string, Expr>) {
  const { companyLinks: cl, subscriptionLinks: sl, resourceLinks: rl, mpSubscriptions: s, mpResources: r } = t;
  return db.select(selection as never).from(r)
    .innerJoin(s, and(eq(s.tenantId, r.tenantId), eq(s.odinSubscriptionId, r.odinSubscriptionId)))
    .leftJoin(cl, and(eq(cl.tenantId, s.tenantId), eq(cl.odinAccountId, s.odinAccountId), eq(cl.psaKind, scope.psaKind)))
    .leftJoin(sl, and(eq(sl.tenantId, r.tenantId), eq(sl.odinSubscriptionId, r.odinSubscriptionId)))
    .leftJoin(rl, and(eq(rl.tenantId, r.tenantId), eq(rl.odinSubscriptionId, r.odinSubscriptionId), eq(rl.odinResourceId, r.odinResourceId)));
}

export const unlinkedReport: ReportDefinition = {
  name: 'unlinked',
  columns: (): ReportColumn[] => [
    col('odinAccountId', 'text'), col('companyName', 'text'), col('odinSubscriptionId', 'text'), col('subscriptionName', 'text'),
    col('odinResourceId', 'text'), col('resourceName', 'text'), col('count', 'number'), col('subscriptionStatus', 'text'),
    { key: 'missing', label: 'Relation missing at', type: 'text' },
  ],
  fields(t: Tables, scope: ReportScope) {
    const { companyLinks: cl, subscriptionLinks: sl, resourceLinks: rl, mpCompanies: c, mpSubscriptions: s, mpResources: r } = t;
    return {
      odinAccountId: s.odinAccountId, companyName: sql`coalesce(${c.name}, ${s.odinAccountId})`,
      odinSubscriptionId: r.odinSubscriptionId, subscriptionName: s.name, odinResourceId: r.odinResourceId, resourceName: r.name,
      count: r.count, subscriptionStatus: s.status,
      missing: sql`case when ${cl.psaAccountId} is null then 'company' when ${sl.psaContractId} is null then 'subscription' else 'resource' end`,
      psaKind: sql`${scope.psaKind}`, psaAccountId: cl.psaAccountId, psaContractId: sl.psaContractId, psaServiceId: rl.psaServiceId,
    };
  },
  idKeys: ID_KEYS,
  dateKey: null,
  defaultSort: [{ key: 'companyName', desc: false }, { key: 'subscriptionName', desc: false }, { key: 'resourceName', desc: false }],
  from(db, t, scope, selection) {
    const { mpCompanies: c, mpSubscriptions: s } = t;
    return unlinkedChain(db, t, scope, selection).leftJoin(c, and(eq(c.tenantId, s.tenantId), eq(c.odinAccountId, s.odinAccountId))) as never;
  },
  // Counting (and the dashboard's sums) need the relations only, not the company's name.
  countFrom: (db, t, selection, scope) => unlinkedChain(db, t, scope, selection) as never,
  base: (t, scope) => and(
    eq(t.mpResources.tenantId, scope.tenantId),
    // Terminated and removed subscriptions are no longer bought: nothing to invoice, nothing to link.
    sql`lower(${t.mpSubscriptions.status}) not in ('terminated', 'removed')`,
    or(isNull(t.companyLinks.psaAccountId), isNull(t.subscriptionLinks.psaContractId), isNull(t.resourceLinks.psaServiceId)),
  )!,
  tiebreak: (t) => [t.mpResources.odinSubscriptionId, t.mpResources.odinResourceId],
};
