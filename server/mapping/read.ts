/**
 * The mapping screen's tree: companies of the Marketplace snapshot, a page at a time, with their
 * subscriptions and resources and each one's PSA counterpart. Four queries whatever the page size
 * (count, companies, subscriptions, resources): no query per company.
 *
 * Filters (we decide where the guide is silent):
 *  - showInactive: subscriptions whose status is not "active" are hidden unless it is on.
 *  - showUninvoiced: a resource is "uninvoiced" when its count is 0 or its Marketplace price is exactly 0
 *    (a free or included resource); those are hidden unless it is on. An unknown price (null) is not
 *    "uninvoiced". A resource that is linked is always shown, so a live relation never disappears.
 *  - hideCompleted: hides a company that is linked and whose every active resource (active subscription,
 *    not uninvoiced) is linked.
 *  - showExpired: applies to the PSA contract list (GET /api/psa/contracts), not to the Marketplace side.
 *  - search: case-insensitive, on company name/id, subscription name/id, resource name/MPN; a company
 *    matches when it or anything under it does, and is then shown whole.
 */
import { and, asc, count, eq, inArray, isNull, not, or, sql, type SQL } from 'drizzle-orm';
import type { Store, Tables } from '../db/store.js';
import { containsText, pageRows } from '../reports/sql.js';
import type { PsaKind } from '../psa/types.js';
import type { ResourceLink } from './resource.js';

export interface MappingFilters {
  hideCompleted: boolean;
  showExpired: boolean;
  showInactive: boolean;
  showUninvoiced: boolean;
  search: string;
  page: number;
  pageSize: number;
}

export interface ResourceNode {
  odinResourceId: string;
  name: string;
  mpn: string | null;
  unit: string | null;
  count: number;
  link: ResourceLink | null;
}

export interface SubscriptionNode {
  odinSubscriptionId: string;
  name: string;
  status: string;
  billingPeriod: string | null;
  link: { psaContractId: string; psaContractName: string } | null;
  resources: ResourceNode[];
}

export interface CompanyNode {
  odinAccountId: string;
  name: string;
  status: string;
  link: { psaAccountId: string; psaAccountName: string } | null;
  subscriptions: SubscriptionNode[];
}

export interface MappingPage {
  psaKind: PsaKind;
  total: number;
  page: number;
  pageSize: number;
  companies: CompanyNode[];
}

/** A subscription that counts as active (the Marketplace says "active"). */
export const isActiveSubscription = (t: Tables) => sql`lower(${t.mpSubscriptions.status}) = 'active'`;

/** A resource nobody is invoiced for: count 0 or a price of exactly 0. */
export const isUninvoiced = (t: Tables) =>
  // coalesce: an unknown price must not turn the whole test into NULL (and hide the row).
  sql`(${t.mpResources.count} = 0 or coalesce(${t.mpResources.unitPrice}, 1) = 0)`;

export async function readMappingPage(store: Store, tenantId: string, psaKind: PsaKind, f: MappingFilters): Promise<MappingPage> {
  const { db, t } = store;
  const c = t.mpCompanies;
  const cl = t.companyLinks;
  const companyLinkOn = and(eq(cl.tenantId, c.tenantId), eq(cl.odinAccountId, c.odinAccountId), eq(cl.psaKind, psaKind));
  const where = and(eq(c.tenantId, tenantId), ...companyConditions(store, tenantId, f));

  const [totalRow] = await db.select({ n: count() }).from(c).leftJoin(cl, companyLinkOn).where(where);
  const total = Number(totalRow?.n ?? 0);
  const companies = await pageRows(
    store,
    db
      .select({ odinAccountId: c.odinAccountId, name: c.name, status: c.status, psaAccountId: cl.psaAccountId, psaAccountName: cl.psaAccountName })
      .from(c)
      .leftJoin(cl, companyLinkOn)
      .where(where),
    // lower(): the same order on SQLite (byte order) and SQL Server (case-insensitive collation).
    [asc(sql`lower(${c.name})`), asc(c.odinAccountId)],
    f.pageSize,
    (f.page - 1) * f.pageSize,
  );
  const ids = companies.map((r) => r.odinAccountId);
  if (ids.length === 0) return { psaKind, total, page: f.page, pageSize: f.pageSize, companies: [] };

  const s = t.mpSubscriptions;
  const sl = t.subscriptionLinks;
  const subWhere = and(eq(s.tenantId, tenantId), inArray(s.odinAccountId, ids), f.showInactive ? undefined : isActiveSubscription(t));
  const subs = await db
    .select({
      odinAccountId: s.odinAccountId, odinSubscriptionId: s.odinSubscriptionId, name: s.name, status: s.status,
      billingPeriod: s.billingPeriod, psaContractId: sl.psaContractId, psaContractName: sl.psaContractName,
    })
    .from(s)
    .leftJoin(sl, and(eq(sl.tenantId, s.tenantId), eq(sl.odinSubscriptionId, s.odinSubscriptionId)))
    .where(subWhere)
    .orderBy(asc(sql`lower(${s.name})`), asc(s.odinSubscriptionId));

  const r = t.mpResources;
  const rl = t.resourceLinks;
  const res = await db
    .select({
      odinSubscriptionId: r.odinSubscriptionId, odinResourceId: r.odinResourceId, name: r.name, mpn: r.mpn, unit: r.unit,
      count: r.count, psaServiceId: rl.psaServiceId, psaContractServiceId: rl.psaContractServiceId, psaServiceName: rl.psaServiceName,
      decreasePolicy: rl.decreasePolicy, priceSource: rl.priceSource, customPrice: rl.customPrice,
    })
    .from(r)
    .innerJoin(s, and(eq(s.tenantId, r.tenantId), eq(s.odinSubscriptionId, r.odinSubscriptionId)))
    .leftJoin(rl, and(eq(rl.tenantId, r.tenantId), eq(rl.odinSubscriptionId, r.odinSubscriptionId), eq(rl.odinResourceId, r.odinResourceId)))
    .where(and(subWhere, f.showUninvoiced ? undefined : or(not(isUninvoiced(t)), sql`${rl.psaServiceId} is not null`)))
    .orderBy(asc(sql`lower(${r.name})`), asc(r.odinResourceId));

  const resBySub = new Map<string, ResourceNode[]>();
  for (const x of res) {
    const list = resBySub.get(x.odinSubscriptionId) ?? [];
    list.push({
      odinResourceId: x.odinResourceId, name: x.name, mpn: x.mpn, unit: x.unit, count: x.count,
      link: x.psaServiceId == null ? null : {
        psaServiceId: x.psaServiceId, psaContractServiceId: x.psaContractServiceId ?? null, psaServiceName: x.psaServiceName ?? '',
        decreasePolicy: x.decreasePolicy ?? 'next_period', priceSource: x.priceSource ?? 'catalog', customPrice: x.customPrice ?? null,
      },
    });
    resBySub.set(x.odinSubscriptionId, list);
  }
  const subsByCompany = new Map<string, SubscriptionNode[]>();
  for (const x of subs) {
    const list = subsByCompany.get(x.odinAccountId) ?? [];
    list.push({
      odinSubscriptionId: x.odinSubscriptionId, name: x.name, status: x.status, billingPeriod: x.billingPeriod,
      link: x.psaContractId == null ? null : { psaContractId: x.psaContractId, psaContractName: x.psaContractName ?? '' },
      resources: resBySub.get(x.odinSubscriptionId) ?? [],
    });
    subsByCompany.set(x.odinAccountId, list);
  }
  return {
    psaKind, total, page: f.page, pageSize: f.pageSize,
    companies: companies.map((x) => {
      const link = x.psaAccountId == null ? null : { psaAccountId: x.psaAccountId, psaAccountName: x.psaAccountName ?? '' };
      // Links below a company that is not linked (for this PSA) are stale: shown as none.
      const subscriptions = (subsByCompany.get(x.odinAccountId) ?? []).map((sub) =>
        link ? sub : { ...sub, link: null, resources: sub.resources.map((rr) => ({ ...rr, link: null })) },
      );
      return { odinAccountId: x.odinAccountId, name: x.name, status: x.status, link, subscriptions };
    }),
  };
}

/**
 * Company-level conditions (search, hide completed) as `odin_account_id IN (subquery)`: the subqueries
 * do not depend on the outer row, so each database computes them once rather than once per company.
 */
function companyConditions(store: Store, tenantId: string, f: MappingFilters): (SQL | undefined)[] {
  const { db, t } = store;
  const c = t.mpCompanies;
  const s = t.mpSubscriptions;
  const r = t.mpResources;
  const rl = t.resourceLinks;
  const resourcesWithSub = () => db.select({ id: s.odinAccountId }).from(s)
    .innerJoin(r, and(eq(r.tenantId, s.tenantId), eq(r.odinSubscriptionId, s.odinSubscriptionId)));
  const out: (SQL | undefined)[] = [];
  const q = f.search.trim();
  if (q) {
    out.push(or(
      containsText(c.name, q),
      containsText(c.odinAccountId, q),
      inArray(c.odinAccountId, db.select({ id: s.odinAccountId }).from(s)
        .where(and(eq(s.tenantId, tenantId), or(containsText(s.name, q), containsText(s.odinSubscriptionId, q))))),
      inArray(c.odinAccountId, resourcesWithSub()
        .where(and(eq(s.tenantId, tenantId), or(containsText(r.name, q), containsText(r.mpn, q), containsText(r.odinResourceId, q))))),
    ));
  }
  if (f.hideCompleted) {
    const withUnlinkedActive = resourcesWithSub()
      .leftJoin(rl, and(eq(rl.tenantId, r.tenantId), eq(rl.odinSubscriptionId, r.odinSubscriptionId), eq(rl.odinResourceId, r.odinResourceId)))
      .where(and(eq(s.tenantId, tenantId), isActiveSubscription(t), not(isUninvoiced(t)), isNull(rl.psaServiceId)));
    out.push(or(isNull(t.companyLinks.psaAccountId), inArray(c.odinAccountId, withUnlinkedActive)));
  }
  return out;
}
