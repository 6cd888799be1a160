/**
 * The product as a user meets it, for end-to-end tests through its HTTP API: createApp over real services
 * (SQLite in memory, the real PSA registry, the demo seed), the three demo sandboxes served together on
 * 127.0.0.1 under /sandbox/* (as demo mode mounts them) so the product's real clients reach them over
 * HTTP, one TestClock shared by the product and the sandboxes, and the demo admin signed in.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { Hono } from 'hono';
import { parse } from 'csv-parse/sync';
import { createApp } from '../../../server/app.js';
import { csvValue } from '../../../server/reports/csv.js';
import { createDemoSandboxes } from '../../../server/demo/sandboxes.js';
import { DEMO_PASSWORD, DEMO_TENANTS, seedDemo } from '../../../server/demo/seed.js';
import { createPsaRegistry } from '../../../server/psa/registry.js';
import { createTestServices, TestClock } from '../../helpers/services.js';
import { signIn, type Agent } from '../../helpers/tenants.js';
import { listen } from '../sync/world.js';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const [AUTOTASK_TENANT, CONNECTWISE_TENANT] = DEMO_TENANTS;

export async function startProduct(at = new Date('2026-03-16T14:00:00Z')) {
  const clock = new TestClock(at);
  const sandboxes = createDemoSandboxes(clock);
  const host = new Hono();
  for (const m of sandboxes.mounts) host.route(m.path, m.app);
  const server = await listen(host);
  const { services } = await createTestServices({ clock, psa: createPsaRegistry({ clock }) });
  await seedDemo(services, server.url);
  const app = createApp(services);
  return {
    clock, services, app, sandboxes, url: server.url,
    signIn: (tenant: (typeof DEMO_TENANTS)[number]) => signIn(app, tenant.admin, DEMO_PASSWORD),
    async close() {
      sandboxes.autotask.controls.releaseHung();
      sandboxes.connectwise.controls.reset();
      await server.close();
      await services.store.close();
    },
  };
}

/** A JSON call that must answer `status`; returns the parsed body (null for 204). */
export async function call(agent: Agent, method: string, path: string, body?: unknown, status = 200): Promise<Json> {
  const res = await agent.request(method, path, body);
  const text = await res.text();
  expect(res.status, `${method} ${path} -> ${text}`).toBe(status);
  return text ? (JSON.parse(text) as Json) : {};
}

/** POST /api/sync, then poll GET /api/sync until that run finished; returns `last`. */
export async function syncNow(agent: Agent, body: { full?: boolean } = {}): Promise<Json> {
  const { runId } = await call(agent, 'POST', '/api/sync', body, 202);
  for (let i = 0; i < 1000; i++) {
    const s = await call(agent, 'GET', '/api/sync');
    if (!s.running && s.last?.id === runId) return s.last;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`sync ${runId} did not finish`);
}

/** Every row of a report (JSON), for the given filters. */
export async function report(agent: Agent, name: string, query: Record<string, string> = {}): Promise<Json[]> {
  const qs = new URLSearchParams({ pageSize: '500', ...query });
  const r = await call(agent, 'GET', `/api/reports/${name}?${qs}`);
  expect(r.total).toBeLessThanOrEqual(500);
  return r.rows as Json[];
}

export interface Resource { odinAccountId: string; odinSubscriptionId: string; odinResourceId: string; name: string; mpn: string; count: number; billingPeriod: string | null }

/** The mapping tree's resources of active monthly subscriptions of one Marketplace company. */
export async function monthlyResources(agent: Agent, odinAccountId: string): Promise<Resource[]> {
  const tree = await call(agent, 'GET', '/api/mapping?pageSize=500');
  const company = (tree.companies as Json[]).find((c) => c.odinAccountId === odinAccountId);
  expect(company, `company ${odinAccountId} in the mapping tree`).toBeTruthy();
  return (company!.subscriptions as Json[])
    .filter((s) => s.status === 'active' && !/year|annual|12/i.test(s.billingPeriod ?? ''))
    .flatMap((s) => (s.resources as Json[]).map((r) => ({ odinAccountId, odinSubscriptionId: s.odinSubscriptionId, odinResourceId: r.odinResourceId, name: r.name, mpn: r.mpn, count: r.count, billingPeriod: s.billingPeriod })));
}

/** The PSA side of one customer as the mapping screen lists it: account, its first active contract, the services on it. */
export async function psaSide(agent: Agent, accountName: string) {
  const accounts = (await call(agent, 'GET', '/api/psa/accounts')).items as Json[];
  const account = accounts.find((a) => a.name === accountName);
  expect(account, `PSA account ${accountName}`).toBeTruthy();
  const contracts = ((await call(agent, 'GET', `/api/psa/contracts?accountId=${account!.id}`)).items as Json[]).filter((c) => !c.expired && !c.cancelled);
  expect(contracts.length).toBeGreaterThan(0);
  const contract = contracts[0]!;
  const services = (await call(agent, 'GET', `/api/psa/services?contractId=${contract.id}`)).items as Json[];
  return { account: account!, contract, services };
}

export type Product = Awaited<ReturnType<typeof startProduct>>;
type DemoTenant = (typeof DEMO_TENANTS)[number];

/** One product per describe block: started, signed in as the tenant's admin, Marketplace read once. */
export function world(tenant: DemoTenant, at?: Date) {
  const w = {} as { p: Product; admin: Agent; today: string; nextDay(): Promise<string> };
  beforeAll(async () => {
    w.p = await startProduct(at);
    w.admin = await w.p.signIn(tenant);
    w.today = w.p.clock.now().toISOString().slice(0, 10);
    const first = await syncNow(w.admin, { full: true });
    expect(first.status).toBe('ok');
  });
  afterAll(async () => w.p?.close());
  /** A day later (a fresh sign-in: sessions last 12 hours); returns the new date. */
  w.nextDay = async () => {
    w.p.clock.advance(24 * 3600_000);
    w.admin = await w.p.signIn(tenant);
    w.today = w.p.clock.now().toISOString().slice(0, 10);
    return w.today;
  };
  return w;
}

export interface Pair { res: Resource; contractId: string; accountId: string; cs: Json }

/**
 * Pair a company's monthly resources with services on its PSA contract: `pick` lists [resource index,
 * service index] (in the mapping tree's and the PSA list's order); a number n pairs the first n in order.
 */
export async function pairs(admin: Agent, odinAccountId: string, psaAccountName: string, pick: number | [number, number][]): Promise<Pair[]> {
  const resources = await monthlyResources(admin, odinAccountId);
  const side = await psaSide(admin, psaAccountName);
  const picks = typeof pick === 'number' ? Array.from({ length: pick }, (_, i) => [i, i] as [number, number]) : pick;
  return picks.map(([r, s]) => {
    const res = resources[r];
    const cs = side.services[s];
    expect(res && cs, `resource ${r} and service ${s} of ${psaAccountName}`).toBeTruthy();
    return { res: res!, contractId: side.contract.id, accountId: side.account.id, cs: cs! };
  });
}

/** Manage Relations items linking each pair at all three levels. */
export function linkItems(list: Pair[]): Json[] {
  const items: Json[] = [];
  for (const p of list) {
    items.push({ level: 'resource', odinSubscriptionId: p.res.odinSubscriptionId, odinResourceId: p.res.odinResourceId, psaServiceId: p.cs.serviceId, psaContractServiceId: p.cs.contractServiceId, psaServiceName: p.cs.name });
    items.push({ level: 'subscription', odinSubscriptionId: p.res.odinSubscriptionId, psaContractId: p.contractId, psaContractName: `Contract ${p.contractId}` });
    items.push({ level: 'company', odinAccountId: p.res.odinAccountId, psaAccountId: p.accountId, psaAccountName: `Account ${p.accountId}` });
  }
  // Deliberately bottom-up and repeated: the API applies companies first, then subscriptions, then resources.
  return items;
}

/** The Autotask sandbox's log of accepted adjustments of one contract service: [unitChange, effective date]. */
export const accepted = (p: Product, csId: string) =>
  p.sandboxes.autotask.controls.adjustments().filter((a) => a.contractServiceID === Number(csId)).map((a) => [a.unitChange, a.effectiveDate.slice(0, 10)] as [number, string]);

/** A count changed in the Marketplace (outside the product). */
export function setCount(p: Product, r: Resource, n: number) {
  expect(p.sandboxes.marketplace.controls.setCount(r.odinSubscriptionId, r.mpn, n)).toBe(true);
}

export const same = (r: Json, res: Resource) => r.odinSubscriptionId === res.odinSubscriptionId && r.odinResourceId === res.odinResourceId;

/**
 * The report as CSV (format=csv) must hold exactly the JSON rows, in the same order, under the column
 * labels. Returns the number of data rows.
 */
export async function expectCsvMatchesJson(agent: Agent, name: string, query: Record<string, string>): Promise<number> {
  const json = await call(agent, 'GET', `/api/reports/${name}?${new URLSearchParams({ ...query, pageSize: '500' })}`);
  const res = await agent.request('GET', `/api/reports/${name}?${new URLSearchParams({ ...query, format: 'csv' })}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
  const records = parse(await res.text(), { bom: true }) as string[][];
  const columns = json.columns as Json[];
  expect(records[0]).toEqual(columns.map((c) => c.label));
  const me = await call(agent, 'GET', '/api/me');
  const cells = (row: Json) => columns.map((c) => csvValue(c as never, row[c.key], me.tenant.timeZone));
  expect(records.slice(1)).toEqual((json.rows as Json[]).map(cells));
  return records.length - 1;
}

export { TestClock };
