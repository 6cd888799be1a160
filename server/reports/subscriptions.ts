/**
 * The Subscriptions report (design/domain.md "Reports"): every Marketplace resource of the tenant's
 * snapshot, linked or not, with the common query of docs/api.md (filter.<key>, sort=-key, format=csv).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { ReportColumn } from '../domain/report-query.js';
import { col } from '../domain/columns.js';
import type { ReportDefinition } from './engine.js';

export const subscriptionsReport: ReportDefinition = {
  name: 'subscriptions',
  // The column vocabulary's names (domain/columns.ts): the same words as every other report.
  columns: (): ReportColumn[] => [
    col('odinAccountId', 'text'), col('companyName', 'text'), col('odinSubscriptionId', 'text'), col('subscriptionName', 'text'),
    col('odinResourceId', 'text'), col('resourceName', 'text'), col('count', 'number'), col('status', 'text'),
  ],
  fields(t) {
    const { mpCompanies: c, mpSubscriptions: s, mpResources: r } = t;
    return {
      odinAccountId: s.odinAccountId, companyName: sql`coalesce(${c.name}, ${s.odinAccountId})`, odinSubscriptionId: r.odinSubscriptionId,
      subscriptionName: s.name, odinResourceId: r.odinResourceId, resourceName: r.name, count: r.count, status: s.status,
    };
  },
  idKeys: [],
  dateKey: null,
  defaultSort: [{ key: 'companyName', desc: false }, { key: 'subscriptionName', desc: false }, { key: 'resourceName', desc: false }],
  from(db, t, _scope, selection) {
    const { mpCompanies: c, mpSubscriptions: s, mpResources: r } = t;
    return db.select(selection as never).from(r)
      .innerJoin(s, and(eq(s.tenantId, r.tenantId), eq(s.odinSubscriptionId, r.odinSubscriptionId)))
      .leftJoin(c, and(eq(c.tenantId, s.tenantId), eq(c.odinAccountId, s.odinAccountId))) as never;
  },
  base: (t, scope) => eq(t.mpResources.tenantId, scope.tenantId),
  tiebreak: (t) => [t.mpResources.odinSubscriptionId, t.mpResources.odinResourceId],
};
