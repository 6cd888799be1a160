/** Test world for the sync engine: an in-memory store, a fake PSA (injected, no mocks), a fake Marketplace. */
import { openSqlite } from '../../../server/db/open-node.js';
import type { Store } from '../../../server/db/store.js';
import { ConnectorError } from '../../../server/connector-error.js';
import type { AdjustmentPost, PostOutcome, PsaClient, ServiceTarget } from '../../../server/psa/types.js';
import type { SyncDeps } from '../../../server/sync/deps.js';
import type { Logger } from '../../../server/services.js';

export const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

export type Fault =
  | { kind: 'fail'; message: string; errorKind?: ConnectorError['kind'] }
  | { kind: 'unknown-applied' }
  | { kind: 'unknown-lost' }
  | { kind: 'throw-applied' };

/** A PSA whose units are a list of dated adjustments per service; rejects same-day duplicates like Autotask. */
export class FakePsa implements PsaClient {
  readonly kind = 'autotask' as const;
  base = new Map<string, number>();
  accepted: { service: string; effectiveDate: string; unitChange: number; adjustmentId: string }[] = [];
  postFaults: Fault[] = [];
  readFaults = 0;
  posts = 0;
  reads = 0;
  contractEnd: string | null = null;
  constructor(public onePerDay = true) {}

  key(t: ServiceTarget) {
    return `${t.contractId}|${t.serviceId}`;
  }
  unitsOn(service: string, date: string): number {
    return (this.base.get(service) ?? 0) + this.accepted.filter((a) => a.service === service && a.effectiveDate <= date).reduce((s, a) => s + a.unitChange, 0);
  }
  async testCredentials() {
    return { ok: true as const, detail: 'fake' };
  }
  async listAccounts() {
    return [];
  }
  async listContracts() {
    return [];
  }
  async listServices() {
    return [];
  }
  async readUnits(target: ServiceTarget, onDate: string): Promise<number> {
    this.reads += 1;
    if (this.readFaults > 0) {
      this.readFaults -= 1;
      throw new ConnectorError({ kind: 'timeout', system: 'autotask', message: 'read timed out', retry: true });
    }
    return this.unitsOn(this.key(target), onDate);
  }
  async postAdjustment(adj: AdjustmentPost): Promise<PostOutcome> {
    this.posts += 1;
    const fault = this.postFaults.shift();
    const service = this.key(adj);
    if (fault?.kind === 'fail') {
      return { status: 'failed', error: new ConnectorError({ kind: fault.errorKind ?? 'rule', system: 'autotask', message: 'HTTP 500', vendorMessage: fault.message, status: 500, retry: false }) };
    }
    if (this.contractEnd && adj.effectiveDate > this.contractEnd) {
      const msg = 'ContractServiceAdjustment effectiveDate must be between the start date and end date of the Contract referenced by contractID.';
      return { status: 'failed', error: new ConnectorError({ kind: 'rule', system: 'autotask', message: 'HTTP 500', vendorMessage: msg, status: 500, retry: false }) };
    }
    if (this.onePerDay && this.accepted.some((a) => a.service === service && a.effectiveDate === adj.effectiveDate)) {
      const msg = 'Attempt to insert duplicate data into contract_service_period';
      return { status: 'failed', error: new ConnectorError({ kind: 'rule', system: 'autotask', message: 'HTTP 500', vendorMessage: msg, status: 500, retry: false }) };
    }
    if (this.unitsOn(service, '9999-12-31') + adj.unitChange < 0) {
      return { status: 'failed', error: new ConnectorError({ kind: 'rule', system: 'autotask', message: 'HTTP 500', vendorMessage: 'Units cannot be negative', retry: false }) };
    }
    if (fault?.kind === 'unknown-lost') return { status: 'unknown', error: new ConnectorError({ kind: 'timeout', system: 'autotask', message: 'timed out', retry: true, outcomeUnknown: true }) };
    this.accepted.push({ service, effectiveDate: adj.effectiveDate, unitChange: adj.unitChange, adjustmentId: adj.adjustmentId });
    if (fault?.kind === 'unknown-applied') return { status: 'unknown', error: new ConnectorError({ kind: 'malformed', system: 'autotask', message: 'itemId was null', retry: false, outcomeUnknown: true }) };
    if (fault?.kind === 'throw-applied') throw new ConnectorError({ kind: 'network', system: 'autotask', message: 'socket hang up', retry: true, outcomeUnknown: true });
    return { status: 'posted', psaReference: String(this.accepted.length) };
  }
}

export class FakeClock {
  constructor(public at: Date) {}
  now() {
    return new Date(this.at);
  }
  advance(ms: number) {
    this.at = new Date(this.at.getTime() + ms);
  }
}

export interface World {
  store: Store;
  psa: FakePsa;
  clock: FakeClock;
  deps: SyncDeps;
  refreshes: number;
  setCount(sub: string, res: string, count: number): Promise<void>;
  setStatus(sub: string, status: string): Promise<void>;
  link(sub: string, res: string, opts?: { service?: string; ledger?: number | null; decreasePolicy?: string; statusPolicyJson?: string }): Promise<void>;
  unlink(sub: string, res: string): Promise<void>;
  rows(): Promise<import('../../../server/db/sqlite/adjustments.js').AdjustmentRow[]>;
  linkRow(sub: string, res: string): Promise<{ ledgerUnits: number | null; plannedCount: number | null }>;
}

export const TENANT = 't1';

export async function makeWorld(opts: { now?: string; psaKind?: 'autotask' | 'connectwise'; timeZone?: string } = {}): Promise<World> {
  const { store } = openSqlite(':memory:');
  const { db, t } = store;
  const clock = new FakeClock(new Date(opts.now ?? '2025-03-15T12:00:00Z'));
  const psa = new FakePsa(opts.psaKind !== 'connectwise');
  const created = '2025-01-01T00:00:00.000Z';
  await db.insert(t.tenants).values({ id: TENANT, name: 'MSP', licenceCustomer: 'c', licenceKey: 'k', createdAt: created, psaKind: opts.psaKind ?? 'autotask', timeZone: opts.timeZone ?? 'UTC' });
  const secrets = { seal: async (s: string) => s, open: async (s: string) => s };
  for (const kind of ['autotask', 'connectwise']) {
    await db.insert(t.connections).values({ tenantId: TENANT, kind, settingsJson: '{}', secretsBox: '{}', updatedAt: created });
  }
  await db.insert(t.companyLinks).values({ tenantId: TENANT, odinAccountId: 'A1', psaKind: opts.psaKind ?? 'autotask', psaAccountId: '100', psaAccountName: 'Acme', createdAt: created, createdBy: 'u' });
  await db.insert(t.mpCompanies).values({ tenantId: TENANT, odinAccountId: 'A1', name: 'Acme', status: 'active', updatedAt: created });
  const world: World = {
    store,
    psa,
    clock,
    refreshes: 0,
    deps: {
      store,
      clock,
      logger: silent,
      secrets,
      config: { syncIntervalSeconds: null },
      psa: { autotask: () => psa, connectwise: () => psa as unknown as PsaClient },
      marketplace: { refresh: async () => (world.refreshes++, { changes: [] }) },
      random: () => 0.5,
      options: { settleAfterMs: 1000, reconcileWaitMs: 100 },
    },
    async setCount(sub, res, count) {
      await store.insertIfAbsent(t.mpSubscriptions, { tenantId: TENANT, odinSubscriptionId: sub, odinAccountId: 'A1', name: `Sub ${sub}`, status: 'active', billingPeriod: 'month', updatedAt: created }, [t.mpSubscriptions.tenantId, t.mpSubscriptions.odinSubscriptionId]);
      await store.insertIfAbsent(t.subscriptionLinks, { tenantId: TENANT, odinSubscriptionId: sub, odinAccountId: 'A1', psaContractId: 'C1', psaContractName: 'Contract', createdAt: created, createdBy: 'u' }, [t.subscriptionLinks.tenantId, t.subscriptionLinks.odinSubscriptionId]);
      await store.upsert(
        t.mpResources,
        { tenantId: TENANT, odinSubscriptionId: sub, odinResourceId: res, name: `Res ${res}`, count, unitPrice: 22, countChangedAt: created, updatedAt: created },
        [t.mpResources.tenantId, t.mpResources.odinSubscriptionId, t.mpResources.odinResourceId],
        { count },
      );
    },
    async setStatus(sub, status) {
      const { eq } = await import('drizzle-orm');
      await db.update(t.mpSubscriptions).set({ status }).where(eq(t.mpSubscriptions.odinSubscriptionId, sub));
    },
    async link(sub, res, o = {}) {
      await db.insert(t.resourceLinks).values({
        tenantId: TENANT,
        odinSubscriptionId: sub,
        odinResourceId: res,
        psaServiceId: o.service ?? `S-${res}`,
        psaServiceName: 'svc',
        decreasePolicy: o.decreasePolicy ?? 'next_period',
        statusPolicyJson: o.statusPolicyJson ?? null,
        ledgerUnits: o.ledger ?? null,
        plannedCount: o.ledger ?? null,
        createdAt: created,
        createdBy: 'u',
      });
    },
    async unlink(sub, res) {
      const { and, eq } = await import('drizzle-orm');
      await db.delete(t.resourceLinks).where(and(eq(t.resourceLinks.odinSubscriptionId, sub), eq(t.resourceLinks.odinResourceId, res)));
    },
    async rows() {
      const all = await db.select().from(t.adjustments);
      return all.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.effectiveDate < b.effectiveDate ? -1 : 1));
    },
    async linkRow(sub, res) {
      const { and, eq } = await import('drizzle-orm');
      const r = await db.select().from(t.resourceLinks).where(and(eq(t.resourceLinks.odinSubscriptionId, sub), eq(t.resourceLinks.odinResourceId, res)));
      return { ledgerUnits: r[0]!.ledgerUnits, plannedCount: r[0]!.plannedCount };
    },
  };
  return world;
}
