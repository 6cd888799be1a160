/**
 * Where the mapping screen's PSA lists come from: `cachedPsaLists` goes through the per-tenant cache in
 * psa_cache (server/psa/mapping-lists.ts), so opening the screen spends none of the PSA's request
 * budget. A missing connection is the user's to fix (409); a PSA error is upstream's (502, with the
 * PSA's own words).
 */
import { isConnectorError } from '../connector-error.js';
import { allowListRead } from './psa-budget.js';
import { HttpError } from '../http/errors.js';
import { getAccounts, getContracts, getServices } from '../psa/mapping-lists.js';
import { notConfiguredMessage, PSA_NAMES, tenantPsaClient } from '../psa/tenant-client.js';
import type { PsaAccount, PsaClient, PsaContract, PsaKind, PsaService } from '../psa/types.js';
import type { Services } from '../services.js';

export interface PsaList<T> {
  items: T[];
  fetchedAt: string;
}

export interface PsaListOptions {
  /** Read the PSA again instead of a cached copy. */
  refresh?: boolean;
}

export interface PsaLists {
  accounts(opts?: PsaListOptions): Promise<PsaList<PsaAccount>>;
  contracts(accountId: string, opts?: PsaListOptions): Promise<PsaList<PsaContract>>;
  services(contractId: string, opts?: PsaListOptions): Promise<PsaList<PsaService>>;
  /** Services of several contracts at once (the connector batches them). */
  servicesOf(contractIds: string[], opts?: PsaListOptions): Promise<PsaList<PsaService>>;
}

export interface PsaListContext {
  tenantId: string;
  psaKind: PsaKind;
  timeZone: string;
  /** Count PSA reads against the tenant's share for the screens (default); false for server jobs (demo links). */
  budgeted?: boolean;
}

export type PsaListsFactory = (services: Services, ctx: PsaListContext) => Promise<PsaLists>;

/** The tenant's PSA client for lists; 409 telling the user to configure the connection when there is none. */
export async function psaClientFor(services: Services, tenantId: string, psaKind: PsaKind): Promise<PsaClient> {
  const client = await tenantPsaClient(services, tenantId, psaKind, 'lists');
  if (!client) throw new HttpError(409, 'conflict', notConfiguredMessage(psaKind));
  return client;
}

/** The client with every list read first counted against the tenant's share (psa-budget.ts). */
function budgeted(services: Services, tenantId: string, client: PsaClient): PsaClient {
  const spend = () => allowListRead(services.store, tenantId, services.clock.now());
  return {
    ...client,
    kind: client.kind,
    testCredentials: () => client.testCredentials(),
    listAccounts: async () => (await spend(), client.listAccounts()),
    listContracts: async (o) => (await spend(), client.listContracts(o)),
    listServices: async (o) => (await spend(), client.listServices(o)),
    readUnits: (t, d) => client.readUnits(t, d),
    postAdjustment: (a) => client.postAdjustment(a),
  };
}

/** Lists through the per-tenant cache; `refresh` reads the PSA again and replaces the cached copy. */
export const cachedPsaLists: PsaListsFactory = async (services, ctx) => {
  const direct = await psaClientFor(services, ctx.tenantId, ctx.psaKind);
  const client = ctx.budgeted === false ? direct : budgeted(services, ctx.tenantId, direct);
  const deps = { store: services.store, clock: services.clock };
  const plain = <T>(l: { items: T[]; fetchedAt: string }): PsaList<T> => ({ items: l.items, fetchedAt: l.fetchedAt });
  return {
    accounts: async (opts = {}) => plain(await getAccounts(deps, ctx.tenantId, client, opts)),
    contracts: async (accountId, opts = {}) => plain(await getContracts(deps, ctx.tenantId, client, accountId, opts)),
    services: async (contractId, opts = {}) => plain(await getServices(deps, ctx.tenantId, client, [contractId], opts)),
    servicesOf: async (contractIds, opts = {}) => plain(await getServices(deps, ctx.tenantId, client, contractIds, opts)),
  };
};

/** Run a PSA read; a ConnectorError becomes 502 upstream_failed carrying the PSA's text (429 + Retry-After when throttled). */
export async function fromPsa<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!isConnectorError(err)) throw err;
    const system = err.system === 'marketplace' ? 'The Marketplace' : PSA_NAMES[err.system];
    if (err.kind === 'throttled') {
      // Our own pacing (lists stop at their share of the threshold) or the PSA's 429: later, not a fault.
      const seconds = Math.max(1, Math.ceil((err.retryAfterMs ?? 60_000) / 1000));
      throw new HttpError(429, 'too_many_requests', `${system} is at the part of its request limit the lists may use (${err.displayMessage}); the rest is kept for posting adjustments: try again in ${seconds} second(s)`, { 'Retry-After': String(seconds) });
    }
    throw new HttpError(502, 'upstream_failed', `${system} answered: ${err.displayMessage}`);
  }
}
