/**
 * Mapping API (docs/api.md "Mapping"): the three-level tree, set/clear one relation, Manage Relations in
 * bulk, and suggestions. Reads for every signed-in user of the tenant; writes for admins.
 */
import { Hono } from 'hono';
import { currentUser, requireAdmin, type AppContext, type AppEnv } from '../http/context.js';
import { readJson, readQuery } from '../http/validate.js';
import { auditedBulkChange, auditedLinkChange, namedLinks } from '../audit/links.js';
import { applyBulk } from '../mapping/bulk.js';
import { cachedPsaLists, fromPsa, type PsaListsFactory } from '../mapping/psa-source.js';
import { readMappingPage } from '../mapping/read.js';
import { NOTHING_TO_RECONCILE, reconcileAfterLink, reconcileWithSyncEngine, type Reconciler, type Reconciliation } from '../mapping/reconcile.js';
import { clearResourceLink, setResourceLink } from '../mapping/resource.js';
import { bulkBody, companyBody, mappingQuery, resourceBody, subscriptionBody, suggestionsQuery } from '../mapping/schemas.js';
import { buildSuggestions } from '../mapping/suggestions.js';
import { loadTenantSettings } from '../mapping/tenant.js';
import { clearCompanyLink, clearSubscriptionLink, setCompanyLink, setSubscriptionLink, type MappingActor } from '../mapping/write.js';

/** Reconciliations a bulk request runs itself (PSA calls within one HTTP request). */
export const MAX_RECONCILIATIONS_PER_BULK = 25;
const LEFT_TO_CYCLE: Reconciliation = { status: 'planned', unitChange: 0, adjustmentId: null, message: 'The next sync cycle reconciles this relation' };

export interface MappingRouteDeps {
  /** The sync engine's reconcileResourceLink (server/sync/reconcile.ts). */
  reconcile: Reconciler;
  /** PSA lists for suggestions; the cached ones when wired. */
  psaLists?: PsaListsFactory;
}

/** Who acts, checked before anything else is read (401/403 come before 422). */
async function actorOf(c: AppContext, write: boolean): Promise<MappingActor & { timeZone: string }> {
  const user = write ? requireAdmin(c) : currentUser(c);
  const services = c.get('services');
  const { psaKind, timeZone } = await loadTenantSettings(services.store, user.tenantId);
  return { tenantId: user.tenantId, by: user.email, psaKind, timeZone, now: services.clock.now().toISOString() };
}

/** Who the audit trail names for a mapping change. */
const auditWho = (c: AppContext, a: MappingActor) => ({ tenantId: a.tenantId, actor: a.by, at: () => c.get('services').clock.now().toISOString() });

export function createMappingRoutes(deps: MappingRouteDeps) {
  const app = new Hono<AppEnv>();
  const psaLists = deps.psaLists ?? cachedPsaLists;

  app.get('/mapping', async (c) => {
    const a = await actorOf(c, false);
    const f = readQuery(c, mappingQuery);
    return c.json(await readMappingPage(c.get('services').store, a.tenantId, a.psaKind, f));
  });

  app.get('/mapping/suggestions', async (c) => {
    const a = await actorOf(c, false);
    readQuery(c, suggestionsQuery);
    const services = c.get('services');
    return c.json(await fromPsa(async () => {
      const lists = await psaLists(services, { tenantId: a.tenantId, psaKind: a.psaKind, timeZone: a.timeZone });
      return buildSuggestions(services.store, lists, a.tenantId, a.psaKind);
    }));
  });

  app.put('/mapping/companies/:odinAccountId', async (c) => {
    const a = await actorOf(c, true);
    const body = await readJson(c, companyBody);
    const ids = { odinAccountId: c.req.param('odinAccountId') };
    const { link } = await auditedLinkChange(c.get('services').store, auditWho(c, a), 'company', ids, () => setCompanyLink(c.get('services').store, a, ids.odinAccountId, body));
    return c.json({ link });
  });

  app.put('/mapping/subscriptions/:odinSubscriptionId', async (c) => {
    const a = await actorOf(c, true);
    const body = await readJson(c, subscriptionBody);
    const ids = { odinSubscriptionId: c.req.param('odinSubscriptionId') };
    const { link } = await auditedLinkChange(c.get('services').store, auditWho(c, a), 'subscription', ids, () => setSubscriptionLink(c.get('services').store, a, ids.odinSubscriptionId, body));
    return c.json({ link });
  });

  app.put('/mapping/resources/:odinSubscriptionId/:odinResourceId', async (c) => {
    const a = await actorOf(c, true);
    const body = await readJson(c, resourceBody);
    const services = c.get('services');
    const { odinSubscriptionId, odinResourceId } = c.req.param();
    const out = await auditedLinkChange(services.store, auditWho(c, a), 'resource', { odinSubscriptionId, odinResourceId }, () => setResourceLink(services.store, a, odinSubscriptionId, odinResourceId, body));
    const reconciliation = out.retargeted
      ? await reconcileAfterLink(deps.reconcile, services, a.tenantId, odinSubscriptionId, odinResourceId, c.get('logger'))
      : NOTHING_TO_RECONCILE;
    return c.json({ link: out.link, reconciliation });
  });

  app.delete('/mapping/companies/:odinAccountId', async (c) => {
    const a = await actorOf(c, true);
    const ids = { odinAccountId: c.req.param('odinAccountId') };
    await auditedLinkChange(c.get('services').store, auditWho(c, a), 'company', ids, () => clearCompanyLink(c.get('services').store, a, ids.odinAccountId));
    return c.body(null, 204);
  });

  app.delete('/mapping/subscriptions/:odinSubscriptionId', async (c) => {
    const a = await actorOf(c, true);
    const ids = { odinSubscriptionId: c.req.param('odinSubscriptionId') };
    await auditedLinkChange(c.get('services').store, auditWho(c, a), 'subscription', ids, () => clearSubscriptionLink(c.get('services').store, a, ids.odinSubscriptionId));
    return c.body(null, 204);
  });

  app.delete('/mapping/resources/:odinSubscriptionId/:odinResourceId', async (c) => {
    const a = await actorOf(c, true);
    const { odinSubscriptionId, odinResourceId } = c.req.param();
    await auditedLinkChange(c.get('services').store, auditWho(c, a), 'resource', { odinSubscriptionId, odinResourceId }, () => clearResourceLink(c.get('services').store, a, odinSubscriptionId, odinResourceId));
    return c.body(null, 204);
  });

  app.post('/mapping/bulk', async (c) => {
    const a = await actorOf(c, true);
    const body = await readJson(c, bulkBody);
    const services = c.get('services');
    // Each reconciliation reads (and may post to) the PSA: a few run now, the rest in the next cycle,
    // which reconciles every relation whose ledger is still unknown the same way.
    let reconciledNow = 0;
    const named = namedLinks([...body.clear, ...body.set]);
    const outcome = await auditedBulkChange(services.store, auditWho(c, a), named, () => applyBulk(services.store, a, body, (sub, res) =>
      reconciledNow++ < MAX_RECONCILIATIONS_PER_BULK ? reconcileAfterLink(deps.reconcile, services, a.tenantId, sub, res, c.get('logger')) : Promise.resolve(LEFT_TO_CYCLE)));
    return c.json(outcome);
  });

  return app;
}

/** The module the app mounts: reconciliation through the sync engine, PSA lists through the cache. */
export const mappingRoutes = createMappingRoutes({ reconcile: reconcileWithSyncEngine });
