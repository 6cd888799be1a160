/**
 * Where the mapping screen's PSA lists come from: `cachedPsaLists` goes through the per-tenant cache in
 * psa_cache (server/psa/mapping-lists.ts), so opening the screen spends none of the PSA's request
 * budget. A missing connection is the user's to fix (409); a PSA error is upstream's (502, with the
 * PSA's own words).
 */
import { isConnectorError } from '../connector-error.js';
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
}

export type PsaListsFactory = (services: Services, ctx: PsaListContext) => Promise<PsaLists>;

/** The tenant's PSA client; 409 telling the user to configure the connection when there is none. */
export async function psaClientFor(services: Services, tenantId: string, psaKind: PsaKind): Promise<PsaClient> {
  const client = await tenantPsaClient(services, tenantId, psaKind);
  if (!client) throw new HttpError(409, 'conflict', notConfiguredMessage(psaKind));
  return client;
}

/** Lists through the per-tenant cache; `refresh` reads the PSA again and replaces the cached copy. */
export const cachedPsaLists: PsaListsFactory = async (services, ctx) => {
  const client = await psaClientFor(services, ctx.tenantId, ctx.psaKind);
  const deps = { store: services.store, clock: services.clock };
  const plain = <T>(l: { items: T[]; fetchedAt: string }): PsaList<T> => ({ items: l.items, fetchedAt: l.fetchedAt });
  return {
    accounts: async (opts = {}) => plain(await getAccounts(deps, ctx.tenantId, client, opts)),
    contracts: async (accountId, opts = {}) => plain(await getContracts(deps, ctx.tenantId, client, accountId, opts)),
    services: async (contractId, opts = {}) => plain(await getServices(deps, ctx.tenantId, client, [contractId], opts)),
    servicesOf: async (contractIds, opts = {}) => plain(await getServices(deps, ctx.tenantId, client, contractIds, opts)),
  };
};

/** Run a PSA read; a ConnectorError becomes 502 upstream_failed carrying the PSA's text. */
export async function fromPsa<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isConnectorError(err)) {
      const system = err.system === 'marketplace' ? 'The Marketplace' : PSA_NAMES[err.system];
      throw new HttpError(502, 'upstream_failed', `${system} answered: ${err.displayMessage}`);
    }
    throw err;
  }
}
