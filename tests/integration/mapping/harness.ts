/**
 * A small app around the mapping, PSA-list, report and dashboard route modules: the real store (SQLite in
 * memory, migrated), a fake session (header `x-test-user: admin-A | viewer-A | admin-B | viewer-B`), the
 * app's error body. The lead re-runs these tests on the real app factory; only this file changes then.
 */
import { Hono } from 'hono';
import { ConnectorError } from '../../../server/connector-error.js';
import { saveConnection } from '../../../server/connections/repo.js';
import type { AppEnv, SessionUser } from '../../../server/http/context.js';
import { HttpError } from '../../../server/http/errors.js';
import type { Reconciler } from '../../../server/mapping/reconcile.js';
import type { PsaAccount, PsaClient, PsaContract, PsaService } from '../../../server/psa/types.js';
import { createMappingRoutes } from '../../../server/routes/mapping.js';
import { createPsaListRoutes } from '../../../server/routes/psa-lists.js';
import { reportRoutes } from '../../../server/routes/reports.js';
import { dashboardRoutes } from '../../../server/routes/dashboard.js';
import type { Store } from '../../../server/db/store.js';
import { createTestServices } from '../../helpers/services.js';
import { seedTwoTenants } from '../../helpers/tenants.js';

export const USERS: Record<string, SessionUser> = Object.fromEntries(
  ['A', 'B'].flatMap((t) => [
    [`admin-${t}`, { userId: `admin-${t}`, tenantId: `tenant-${t}`, email: `admin@${t.toLowerCase()}.example`, role: 'admin' }],
    [`viewer-${t}`, { userId: `viewer-${t}`, tenantId: `tenant-${t}`, email: `viewer@${t.toLowerCase()}.example`, role: 'viewer' }],
  ]),
) as Record<string, SessionUser>;

/** A PSA held in memory, per tenant id, that can be told to fail the way a connector does. */
export class FakePsa {
  accounts: PsaAccount[] = [];
  contracts: PsaContract[] = [];
  services: PsaService[] = [];
  failWith: ConnectorError | null = null;
  calls = 0;
  client(kind: 'autotask' | 'connectwise'): PsaClient {
    const guard = <T>(v: () => T): Promise<T> => {
      this.calls++;
      return this.failWith ? Promise.reject(this.failWith) : Promise.resolve(v());
    };
    return {
      kind,
      testCredentials: () => guard(() => ({ ok: true as const, detail: 'fake' })),
      listAccounts: () => guard(() => this.accounts),
      listContracts: (o) => guard(() => this.contracts.filter((c) => !o?.accountId || c.accountId === o.accountId)),
      listServices: (o) => guard(() => this.services.filter((s) => o.contractIds.includes(s.contractId))),
      readUnits: () => guard(() => 0),
      postAdjustment: () => Promise.reject(new Error('the fake PSA does not post')),
    };
  }
}

export const upstreamError = (vendorMessage: string) =>
  new ConnectorError({ kind: 'auth', system: 'autotask', message: 'Autotask refused the credentials', vendorMessage, status: 401, retry: false });

export async function createHarness(opts: { reconcile?: Reconciler; extraRoutes?: Hono<AppEnv>[] } = {}) {
  const psa = new FakePsa();
  const { services, clock, store } = await createTestServices({
    psa: { autotask: () => psa.client('autotask'), connectwise: () => psa.client('connectwise') },
  });
  await seedTwoTenants(services);
  const reconciles: string[] = [];
  const reconcile: Reconciler = opts.reconcile ?? (async (_s, tenantId, sub, res) => {
    reconciles.push(`${tenantId}|${sub}|${res}`);
    return { status: 'posted', unitChange: 7, adjustmentId: `adj-${sub}-${res}` };
  });

  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    c.set('services', services);
    // As the app's middleware does: the request's own logger, a child carrying its id.
    const requestId = c.req.header('x-request-id') ?? 'test-request';
    c.set('requestId', requestId);
    c.set('logger', services.logger.child({ requestId }));
    c.set('session', null);
    c.set('user', USERS[c.req.header('x-test-user') ?? ''] ?? null);
    await next();
  });
  for (const routes of [createMappingRoutes({ reconcile }), createPsaListRoutes(), reportRoutes, dashboardRoutes, ...(opts.extraRoutes ?? [])]) app.route('/api', routes);
  app.onError((err, c) => {
    if (err instanceof HttpError) return c.json({ error: { code: err.code, message: err.message, requestId: 'test-request' } }, err.status);
    throw err;
  });

  const call = (user: string | null, method: string, path: string, body?: unknown) =>
    Promise.resolve(app.request(path, {
      method,
      headers: { ...(user ? { 'x-test-user': user } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    }));
  const configurePsa = (tenantId: string) =>
    saveConnection(store, services.secrets, tenantId, 'autotask', {}, { apiUser: 'api@example.com', secret: 's', integrationCode: 'IC' }, clock.now());
  return { app, services, store, clock, psa, reconciles, call, configurePsa };
}

export interface SeedCompany {
  id: string;
  name: string;
  subscriptions: { id: string; name: string; status?: string; resources: { id: string; name: string; count: number; unitPrice?: number | null; mpn?: string }[] }[];
}

/** Write Marketplace snapshot rows directly (the snapshot writer is another module's). */
export async function seedSnapshot(store: Store, tenantId: string, companies: SeedCompany[], now = '2026-03-01T00:00:00.000Z') {
  const { db, t } = store;
  for (const c of companies) {
    await db.insert(t.mpCompanies).values({ tenantId, odinAccountId: c.id, name: c.name, status: 'active', updatedAt: now });
    for (const s of c.subscriptions) {
      await db.insert(t.mpSubscriptions).values({
        tenantId, odinSubscriptionId: s.id, odinAccountId: c.id, name: s.name, status: s.status ?? 'active', billingPeriod: '1 month', updatedAt: now,
      });
      for (const r of s.resources) {
        await db.insert(t.mpResources).values({
          tenantId, odinSubscriptionId: s.id, odinResourceId: r.id, name: r.name, mpn: r.mpn ?? null, unit: 'user', count: r.count,
          unitPrice: r.unitPrice === undefined ? 10 : r.unitPrice, unitCost: null, countChangedAt: now, updatedAt: now,
        });
      }
    }
  }
}

/** The small world most tests use: tenant A with three companies, tenant B with one. */
export const WORLD_A: SeedCompany[] = [
  { id: '1200000500', name: 'Hall Bros. Transportation Co, Inc.', subscriptions: [
    { id: '1000845', name: 'Office 365 Business Premium', resources: [
      { id: '100237', name: 'Microsoft 365 Business Premium', count: 8, mpn: 'CFQ7TTC0LCHD' },
      { id: '100234', name: 'Exchange Online (Plan 1)', count: 3 },
    ] },
    { id: '1000846', name: 'Visio', status: 'terminated', resources: [{ id: '100300', name: 'Visio Plan 2', count: 1 }] },
  ] },
  { id: '1200000501', name: 'Venture Logistics', subscriptions: [
    { id: '1000823', name: 'Exchange Online (Plan 1)', resources: [
      { id: '100234', name: 'Exchange Online (Plan 1)', count: 4 },
      { id: '100999', name: 'Free trial seats', count: 0 },
    ] },
  ] },
  { id: '1200000510', name: 'Sunrise Bakery', subscriptions: [
    { id: '1000900', name: 'Exchange Online (Plan 1)', resources: [{ id: '100234', name: 'Exchange Online (Plan 1)', count: 2 }] },
  ] },
];
export const WORLD_B: SeedCompany[] = [
  { id: '1300000001', name: 'Other MSP Customer', subscriptions: [
    { id: '2000001', name: 'Exchange Online (Plan 1)', resources: [{ id: '200001', name: 'Exchange Online (Plan 1)', count: 5 }] },
  ] },
];

export function seedFakePsa(psa: FakePsa) {
  psa.accounts = [
    { id: '29683501', name: 'Hall Brothers Transportation', active: true },
    { id: '29683502', name: 'Venture Logistics', active: true },
    { id: '29683503', name: 'Repair and Wear LLC', active: true },
  ];
  const contract = (id: string, accountId: string, name: string, endDate = '2027-12-31'): PsaContract => ({
    id, accountId, name, startDate: '2026-01-01', endDate, expired: endDate < '2026-03-15', cancelled: false, prorate: true, billingCycle: 'Monthly',
  });
  psa.contracts = [
    contract('29684001', '29683501', 'Hall Brothers 2026 Cloud Services'),
    contract('29684002', '29683501', 'Hall Brothers 2025 Cloud Services', '2025-12-31'),
    contract('29684003', '29683502', 'Venture Logistics - The Cloud'),
  ];
  const service = (contractId: string, serviceId: string, name: string, code: string | null = null): PsaService => ({
    contractId, serviceId, contractServiceId: `${contractId}-${serviceId}`, name, code, unitPrice: 22, unitCost: 19.8, units: 1,
  });
  psa.services = [
    service('29684001', '501', 'Office 365 Business Premium (Monthly)'),
    service('29684001', '502', 'Exchange Online (Plan 1)'),
    service('29684001', '503', 'Managed Antivirus'),
    service('29684003', '502', 'Exchange Online (Plan 1)'),
  ];
}
