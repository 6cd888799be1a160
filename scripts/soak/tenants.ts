/**
 * The soak's tenants: each has its own Marketplace sandbox and its own PSA sandbox (Autotask or
 * ConnectWise) behind a fault front, its connections seeded in the shared SQLite file, and its monthly
 * resources linked to services of its customers' contracts. Mutations go through the product's own
 * code: counts change in the Marketplace, relations are cleared and re-pointed with server/mapping.
 */
import { eq } from 'drizzle-orm';
import type { Store } from '../../server/db/store.js';
import { DEMO_CUSTOMERS, DEMO_PRODUCTS } from '../../server/demo/roster.js';
import { createMarketplaceSandbox } from '../../server/sandboxes/marketplace/app.js';
import { clearResourceLink, setResourceLink } from '../../server/mapping/resource.js';
import type { MappingActor } from '../../server/mapping/write.js';
import { createAutotaskSandbox, demoAutotaskData } from '../../server/sandboxes/autotask/index.js';
import { createConnectWiseSandbox, DEMO_CREDENTIALS as CW_CREDENTIALS, demoConnectWiseData } from '../../server/sandboxes/connectwise/index.js';
import { listen, seedTenant, worldDeps, writeLinks, type LinkSpec } from '../../tests/integration/sync/world.js';
import { faultFront, type FaultFront } from './faults.js';
import { PSA_TIMEOUT_MS } from './options.js';

export interface Service { psaAccountId: string; psaContractId: string; psaServiceId: string; psaContractServiceId: string | null }
export interface SoakResource {
  odinAccountId: string; odinSubscriptionId: string; odinResourceId: string; mpn: string;
  /** The contract its subscription is linked to (stays when the resource's own relation is cleared). */
  contract: string;
  service: Service | null;
  counts: number[];
}

export interface SoakTenant {
  id: string;
  psa: 'autotask' | 'connectwise';
  resources: SoakResource[];
  /** Services never linked yet, by contract: re-points go there (a service is never reused, see below). */
  spares: Map<string, Service[]>;
  front: FaultFront;
  mp: ReturnType<typeof createMarketplaceSandbox>;
  at?: ReturnType<typeof createAutotaskSandbox>;
  cw?: ReturnType<typeof createConnectWiseSandbox>;
  close(): Promise<void>;
}

export async function createTenant(store: Store, i: number, psa: 'autotask' | 'connectwise', o: { resources: number; faultRate: number; rand: () => number; now: Date }): Promise<SoakTenant> {
  const id = `soak-${i}-${psa}`;
  const mp = createMarketplaceSandbox({});
  const at = psa === 'autotask' ? createAutotaskSandbox({ data: demoAutotaskData(o.now) }) : undefined;
  const cw = psa === 'connectwise' ? createConnectWiseSandbox({ data: demoConnectWiseData(o.now) }) : undefined;
  const front = faultFront((req) => (at ? at.app.fetch(req) : cw!.app.fetch(req)), { psa, rate: o.faultRate, rand: o.rand, timeoutMs: PSA_TIMEOUT_MS });
  front.enabled = false;
  const [mpServer, psaServer] = await Promise.all([listen(mp.app), listen({ fetch: front.fetch })]);
  await seedTenant(store, { mpUrl: mpServer.url, atUrl: psaServer.url }, o.now, id);
  const { t } = store;
  if (cw) {
    await store.db.update(t.tenants).set({ psaKind: 'connectwise' }).where(eq(t.tenants.id, id));
    const c = CW_CREDENTIALS;
    await store.db.insert(t.connections).values({ tenantId: id, kind: 'connectwise', settingsJson: JSON.stringify({ site: psaServer.url, companyId: c.companyId, clientId: c.clientId, additionStyle: 'replace' }), secretsBox: JSON.stringify({ publicKey: c.publicKey, privateKey: c.privateKey }), updatedAt: o.now.toISOString() });
    for (const a of cw.state.agreements.values()) a.prorateFlag = true;
  } else {
    at!.controls.setThreshold(1_000_000_000);
    // Venture Logistics' contract ends this month: its decreases would fail until extended.
    at!.controls.extendContract(29747611, `${o.now.getUTCFullYear() + 2}-12-31`);
  }
  await worldDeps(store).marketplace.refresh(id, { full: true });
  const snapshot = await store.db.select({ sub: t.mpResources.odinSubscriptionId, res: t.mpResources.odinResourceId, mpn: t.mpResources.mpn, count: t.mpResources.count, account: t.mpSubscriptions.odinAccountId, period: t.mpSubscriptions.billingPeriod, status: t.mpSubscriptions.status })
    .from(t.mpResources).innerJoin(t.mpSubscriptions, eq(t.mpSubscriptions.odinSubscriptionId, t.mpResources.odinSubscriptionId)).where(eq(t.mpResources.tenantId, id));
  const monthly = snapshot.filter((r) => r.status === 'active' && !/12|year|annual/i.test(r.period ?? '') && r.mpn && r.mpn.length > 0).sort((a, b) => (a.sub + a.res < b.sub + b.res ? -1 : 1));
  const servicesOf = (account: string): Service[] => (at ? autotaskServices(at, account) : connectWiseServices(account));
  const free = new Map<string, Service[]>();
  const resources: SoakResource[] = [];
  const seenSubs = new Set<string>();
  for (const r of monthly) {
    if (resources.length >= o.resources) break;
    if (!free.has(r.account)) free.set(r.account, servicesOf(r.account));
    const list = free.get(r.account)!;
    // One subscription, one contract: a second resource of it goes on the same contract.
    if (!list.length || seenSubs.has(`${r.sub}|${r.res}`)) continue;
    seenSubs.add(`${r.sub}|${r.res}`);
    resources.push({ odinAccountId: r.account, odinSubscriptionId: r.sub, odinResourceId: r.res, mpn: r.mpn!, contract: list[0]!.psaContractId, service: list.shift()!, counts: [r.count] });
  }
  const specs: LinkSpec[] = resources.map((r) => ({ odinAccountId: r.odinAccountId, odinSubscriptionId: r.odinSubscriptionId, odinResourceId: r.odinResourceId, ...r.service!, psaContractServiceId: r.service!.psaContractServiceId as string, ledgerUnits: null, decreasePolicy: o.rand() < 0.5 ? 'immediate' : 'next_period' }));
  await writeLinks(store, specs, o.now, id, psa);
  const spares = new Map<string, Service[]>();
  for (const list of free.values()) for (const s of list) spares.set(s.psaContractId, [...(spares.get(s.psaContractId) ?? []), s]);
  front.enabled = true;
  return { id, psa, resources, spares, front, mp, at, cw, async close() {
    at?.controls.releaseHung();
    cw?.controls.reset();
    await Promise.all([mpServer.close(), psaServer.close()]);
  } };
}

/** Contract services of the customer's main Autotask contract (demo data: customer k has contract 29747601 + 10k). */
function autotaskServices(at: ReturnType<typeof createAutotaskSandbox>, odinAccountId: string): Service[] {
  const k = Number(odinAccountId) - 1200000500;
  if (k < 0 || k > 9) return [];
  const contractId = 29747601 + k * 10;
  return at.state.contractServices.filter((c) => c.contractID === contractId)
    .map((c) => ({ psaAccountId: String(29683501 + k), psaContractId: String(contractId), psaServiceId: String(c.serviceID), psaContractServiceId: String(c.id) }));
}

/** Catalog products on the customer's main ConnectWise agreement (demo data: company 250 + i, agreement 1000 + 10i). */
function connectWiseServices(odinAccountId: string): Service[] {
  const i = DEMO_CUSTOMERS.filter((c) => c.psaName !== null).findIndex((c) => c.odinAccountId === odinAccountId);
  if (i < 0) return [];
  return DEMO_PRODUCTS.map((_, p) => ({ psaAccountId: String(250 + i), psaContractId: String(1000 + i * 10), psaServiceId: String(100 + p), psaContractServiceId: null }));
}

export interface MutationCounts { changes: number; sameDayReturns: number; clears: number; repoints: number }

/**
 * One random mutation of a tenant, through the product's code. A service is never linked twice: a
 * cleared service may still hold an unsettled write of its old resource, which a new resource's
 * reconciliation would misread; the product's own guard only checks current links.
 */
export async function mutate(store: Store, ten: SoakTenant, rand: () => number, n: MutationCounts): Promise<void> {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const actor: MappingActor = { tenantId: ten.id, by: 'soak', psaKind: ten.psa, now: new Date().toISOString() };
  const roll = rand();
  const r = pick(ten.resources);
  if (roll < 0.12 && r.service) {
    await clearResourceLink(store, actor, r.odinSubscriptionId, r.odinResourceId);
    r.service = null;
    n.clears += 1;
    return;
  }
  if (roll < 0.24) {
    const spare = ten.spares.get(r.contract)?.shift();
    if (spare) {
      await setResourceLink(store, actor, r.odinSubscriptionId, r.odinResourceId, { psaServiceId: spare.psaServiceId, psaContractServiceId: spare.psaContractServiceId, decreasePolicy: rand() < 0.5 ? 'immediate' : 'next_period' });
      r.service = spare;
      n.repoints += 1;
      return;
    }
  }
  const back = r.counts.length >= 2 && rand() < 0.35;
  const count = back ? r.counts[r.counts.length - 2]! : Math.floor(rand() * 30);
  ten.mp.controls.setCount(r.odinSubscriptionId, r.mpn, count);
  r.counts.push(count);
  n.changes += 1;
  if (back) n.sameDayReturns += 1;
}
