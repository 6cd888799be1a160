/**
 * The tenants bench's sandboxes in their own process (forked by bench/tenants.ts with IPC): one small
 * Marketplace and one Autotask sandbox per tenant (each MSP has its own reseller account and its own
 * Autotask database), all served by one HTTP server on 127.0.0.1 under `/t/<n>/`. The parent asks it to move one count per tenant; this
 * process notes the time of that change and the time each tenant's first adjustment reaches its Autotask
 * sandbox, on one clock, so change-to-post latency is measured where the vendor would see it.
 */
import { Hono } from 'hono';
import { createMarketplaceSandbox } from '../server/sandboxes/marketplace/app.js';
import { DEMO_CATALOG, generateMarketplaceData, type MarketplaceData } from '../server/sandboxes/marketplace/data.js';
import { createAutotaskSandbox } from '../server/sandboxes/autotask/index.js';
import type { SandboxData } from '../server/sandboxes/autotask/state.js';
import { listen } from '../tests/integration/sync/world.js';
import { answerRequests } from './_ipc.js';

/** One tenant's world as the parent links it: its customer, subscription and resource with their counts. */
export interface TenantWorld {
  odinAccountId: string;
  odinSubscriptionId: string;
  resources: { odinResourceId: string; mpn: string; count: number; contractServiceId: number; serviceId: number }[];
  companyId: number;
  contractId: number;
}

export type SandboxRequest =
  | { op: 'start'; tenants: number }
  | { op: 'change' }
  | { op: 'posts' }
  | { op: 'usage' }
  | { op: 'stop' };

interface Tenant {
  mp: ReturnType<typeof createMarketplaceSandbox>;
  /** The Marketplace sandbox's routes are root-relative: mounted under the tenant's path, as demo mode mounts it. */
  mpMount: Hono;
  at: ReturnType<typeof createAutotaskSandbox>;
  world: TenantWorld;
  changedAt: number | null;
  postedAt: number | null;
}

const tenants: Tenant[] = [];
let server: { url: string; close(): Promise<void> } | null = null;
let requests = 0;

/** Tenant n: one customer with one monthly subscription of two products, all active. */
function tenantData(n: number, asOf: string): { mp: MarketplaceData; at: SandboxData; world: TenantWorld } {
  const mp = generateMarketplaceData({ seed: 7_000 + n, customers: 1, subscriptionsPerCustomer: 1, resourcesPerSubscription: 2, holdShare: 0, terminatedShare: 0, asOf });
  const sub = mp.subscriptionAt(0);
  const world: TenantWorld = { odinAccountId: sub.customerId, odinSubscriptionId: sub.id, companyId: 100, contractId: 200, resources: [] };
  const at: SandboxData = {
    companies: [{ id: 100, companyName: `Customer of MSP ${n}`, companyNumber: 'C1', companyType: 1, isActive: true }],
    contracts: [{ id: 200, companyID: 100, contractName: 'Cloud', contractNumber: 'RS-1', contractType: 7, contractPeriodType: 2, status: 1, startDate: '2026-01-01T00:00:00', endDate: '2027-12-31T00:00:00', renewedContractID: null }],
    services: [],
    contractServices: [],
  };
  sub.lines.forEach((l, k) => {
    const p = DEMO_CATALOG[l.product]!;
    at.services.push({ id: 300 + k, name: p.name, description: null, invoiceDescription: null, isActive: true, periodType: 2, unitPrice: p.unitPrice, unitCost: p.unitCost });
    at.contractServices.push({ id: 400 + k, contractID: 200, serviceID: 300 + k, unitPrice: p.unitPrice, unitCost: p.unitCost, internalCurrencyAdjustedPrice: null, invoiceDescription: null, internalDescription: null, units: l.quantity });
    world.resources.push({ odinResourceId: p.id, mpn: p.mpn, count: l.quantity, contractServiceId: 400 + k, serviceId: 300 + k });
  });
  return { mp, at, world };
}

const MOUNT = /^\/t\/(\d+)(?=\/)/;

async function route(req: Request): Promise<Response> {
  const path = new URL(req.url).pathname;
  const m = MOUNT.exec(path);
  const tenant = m ? tenants[Number(m[1])] : undefined;
  if (!tenant) return new Response('no such tenant', { status: 404 });
  requests++;
  const isPost = req.method === 'POST' && /\/contractserviceadjustments$/i.test(path);
  if (!isPost) return /\/(atservicesrest|atservices)\//i.test(path) ? tenant.at.app.fetch(req) : tenant.mpMount.fetch(req);
  const res = await tenant.at.app.fetch(req);
  // The first accepted adjustment after the change is the tenant's post.
  if (res.ok && tenant.changedAt !== null && tenant.postedAt === null) tenant.postedAt = performance.now();
  return res;
}

async function handle(m: SandboxRequest): Promise<unknown> {
  switch (m.op) {
    case 'start': {
      const asOf = new Date().toISOString().slice(0, 10);
      for (let n = 0; n < m.tenants; n++) {
        const d = tenantData(n, asOf);
        const mp = createMarketplaceSandbox({ data: d.mp });
        tenants.push({ mp, mpMount: new Hono().route(`/t/${n}`, mp.app), at: createAutotaskSandbox({ data: d.at }), world: d.world, changedAt: null, postedAt: null });
      }
      server = await listen({ fetch: route });
      return { url: server.url, worlds: tenants.map((t) => t.world) };
    }
    case 'change': {
      // Every tenant's first resource goes up by 2, all at once: the instant each latency is measured from.
      const at = performance.now();
      for (const t of tenants) {
        const r = t.world.resources[0]!;
        r.count += 2;
        if (!t.mp.controls.setCount(t.world.odinSubscriptionId, r.mpn, r.count)) throw new Error(`count of ${t.world.odinSubscriptionId} not set`);
        t.changedAt = at;
      }
      return { changed: tenants.length };
    }
    case 'posts':
      // Milliseconds from the change to the tenant's first accepted adjustment (null: not posted yet).
      return { latencies: tenants.map((t) => (t.changedAt !== null && t.postedAt !== null ? t.postedAt - t.changedAt : null)) };
    case 'usage': {
      const cpu = process.cpuUsage();
      return { cpuMicros: cpu.user + cpu.system, requests, rssMB: process.resourceUsage().maxRSS / 1024 };
    }
    case 'stop':
      await server?.close();
      setImmediate(() => process.exit(0));
      return {};
  }
}

answerRequests<SandboxRequest>(handle);
