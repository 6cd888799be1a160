/**
 * PSA lists for the mapping screen (docs/api.md "PSA lists"): accounts, an account's contracts, a
 * contract's services. `refresh=1` reads the PSA again. Expired and cancelled contracts are left out
 * unless `showExpired=1` (the mapping screen's "Show expired agreements" filter, as in the guide).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { currentUser, type AppContext, type AppEnv } from '../http/context.js';
import { readQuery } from '../http/validate.js';
import { cachedPsaLists, fromPsa, type PsaLists, type PsaListsFactory } from '../mapping/psa-source.js';
import { allowRefresh } from '../mapping/psa-budget.js';
import { loadTenantSettings } from '../mapping/tenant.js';

const id = z.string().trim().min(1).max(64);
const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');
export const accountsQuery = z.object({ refresh: flag.default(false) }).strict();
export const contractsQuery = z.object({ accountId: id, refresh: flag.default(false), showExpired: flag.default(false) }).strict();
export const servicesQuery = z.object({ contractId: id, refresh: flag.default(false) }).strict();

export function createPsaListRoutes(deps: { psaLists?: PsaListsFactory } = {}) {
  const app = new Hono<AppEnv>();
  const factory = deps.psaLists ?? cachedPsaLists;

  /** `list` names the list for the refresh limit (one refresh of the same list per interval and tenant). */
  const listsFor = async (c: AppContext, refresh?: { list: string }): Promise<PsaLists> => {
    const user = currentUser(c);
    const services = c.get('services');
    if (refresh) await allowRefresh(services.store, user.tenantId, refresh.list, services.clock.now());
    const { psaKind, timeZone } = await loadTenantSettings(services.store, user.tenantId);
    return fromPsa(() => factory(services, { tenantId: user.tenantId, psaKind, timeZone }));
  };

  app.get('/psa/accounts', async (c) => {
    currentUser(c);
    const q = readQuery(c, accountsQuery);
    const lists = await listsFor(c, q.refresh ? { list: 'accounts' } : undefined);
    return c.json(await fromPsa(() => lists.accounts({ refresh: q.refresh })));
  });

  app.get('/psa/contracts', async (c) => {
    currentUser(c);
    const q = readQuery(c, contractsQuery);
    const lists = await listsFor(c, q.refresh ? { list: `contracts:${q.accountId}` } : undefined);
    const list = await fromPsa(() => lists.contracts(q.accountId, { refresh: q.refresh }));
    const items = q.showExpired ? list.items : list.items.filter((x) => !x.expired && !x.cancelled);
    return c.json({ items, fetchedAt: list.fetchedAt });
  });

  app.get('/psa/services', async (c) => {
    currentUser(c);
    const q = readQuery(c, servicesQuery);
    const lists = await listsFor(c, q.refresh ? { list: `services:${q.contractId}` } : undefined);
    return c.json(await fromPsa(() => lists.services(q.contractId, { refresh: q.refresh })));
  });

  return app;
}

export const psaListRoutes = createPsaListRoutes();
