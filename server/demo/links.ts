/**
 * Demo mode: once a demo tenant's Marketplace snapshot exists, link part of it to the sandbox PSA the way
 * a user would with the suggestions, and leave the rest for the user, so that the first sync cycle
 * already fills the reports and the adjustments log, and the mapping screen still has work to show.
 *
 * Deterministic: companies in ODIN-id order, every fourth one left unlinked; within a linked company,
 * every fifth subscription (counting across companies) left unlinked; resources linked when the
 * suggestion matcher finds their service on the contract (so "Acronis Cyber Protect", sold as "Managed
 * Antivirus", stays unlinked). Runs once: a tenant that already has a relation is left as it is.
 */
import { and, asc, eq } from 'drizzle-orm';
import { createMatcher } from '../domain/suggest.js';
import { cachedPsaLists, type PsaLists } from '../mapping/psa-source.js';
import { isActiveSubscription } from '../mapping/read.js';
import { setResourceLink } from '../mapping/resource.js';
import { loadTenantSettings } from '../mapping/tenant.js';
import { setCompanyLink, setSubscriptionLink, type MappingActor } from '../mapping/write.js';
import type { Services } from '../services.js';

export interface DemoLinkOutcome {
  skipped: boolean;
  companies: number;
  subscriptions: number;
  resources: number;
}

export interface DemoLinkOptions {
  /** PSA lists to link against; the tenant's cached lists by default. */
  lists?: PsaLists;
  /** Called for each linked resource (the app passes the sync engine's reconciliation). */
  afterResourceLinked?: (odinSubscriptionId: string, odinResourceId: string) => Promise<unknown>;
}

export async function linkDemoTenant(services: Services, tenantId: string, opts: DemoLinkOptions = {}): Promise<DemoLinkOutcome> {
  const { store } = services;
  const { db, t } = store;
  const outcome: DemoLinkOutcome = { skipped: false, companies: 0, subscriptions: 0, resources: 0 };
  const existing = await db.select({ id: t.companyLinks.odinAccountId }).from(t.companyLinks).where(eq(t.companyLinks.tenantId, tenantId));
  if (existing.length > 0) return { ...outcome, skipped: true };

  const settings = await loadTenantSettings(store, tenantId);
  const lists = opts.lists ?? (await cachedPsaLists(services, { tenantId, ...settings, budgeted: false }));
  const actor: MappingActor = { tenantId, by: 'demo', psaKind: settings.psaKind, now: services.clock.now().toISOString() };

  const companies = await db.select({ id: t.mpCompanies.odinAccountId, name: t.mpCompanies.name }).from(t.mpCompanies)
    .where(eq(t.mpCompanies.tenantId, tenantId)).orderBy(asc(t.mpCompanies.odinAccountId));
  const accounts = (await lists.accounts()).items.filter((a) => a.active);
  const accountMatcher = createMatcher(accounts.map((a) => ({ name: a.name, value: a })), 'company');
  let subIndex = 0;

  for (const [i, company] of companies.entries()) {
    if (i % 4 === 3) continue;
    const account = accountMatcher.best(company.name)?.candidate.value;
    if (!account) continue;
    await setCompanyLink(store, actor, company.id, { psaAccountId: account.id, psaAccountName: account.name });
    outcome.companies++;

    const contracts = (await lists.contracts(account.id)).items.filter((c) => !c.expired && !c.cancelled);
    if (contracts.length === 0) continue;
    const contractMatcher = createMatcher(contracts.map((c) => ({ name: c.name, value: c })), 'product', 0);
    const subs = await db.select({ id: t.mpSubscriptions.odinSubscriptionId, name: t.mpSubscriptions.name }).from(t.mpSubscriptions)
      .where(and(eq(t.mpSubscriptions.tenantId, tenantId), eq(t.mpSubscriptions.odinAccountId, company.id), isActiveSubscription(t)))
      .orderBy(asc(t.mpSubscriptions.odinSubscriptionId));
    for (const sub of subs) {
      if (subIndex++ % 5 === 4) continue;
      const contract = contractMatcher.best(sub.name)?.candidate.value ?? contracts[0]!;
      await setSubscriptionLink(store, actor, sub.id, { psaContractId: contract.id, psaContractName: contract.name });
      outcome.subscriptions++;
      outcome.resources += await linkResources(services, actor, lists, sub.id, contract.id, opts);
    }
  }
  return outcome;
}

async function linkResources(services: Services, actor: MappingActor, lists: PsaLists, odinSubscriptionId: string, contractId: string, opts: DemoLinkOptions) {
  const { db, t } = services.store;
  const taken = new Set((await db.select({ id: t.resourceLinks.psaServiceId }).from(t.resourceLinks)
    .innerJoin(t.subscriptionLinks, and(eq(t.subscriptionLinks.tenantId, t.resourceLinks.tenantId), eq(t.subscriptionLinks.odinSubscriptionId, t.resourceLinks.odinSubscriptionId)))
    .where(and(eq(t.resourceLinks.tenantId, actor.tenantId), eq(t.subscriptionLinks.psaContractId, contractId)))).map((r) => r.id));
  const psaServices = (await lists.services(contractId)).items.filter((s) => !taken.has(s.serviceId));
  const resources = await db.select({ id: t.mpResources.odinResourceId, name: t.mpResources.name, mpn: t.mpResources.mpn }).from(t.mpResources)
    .where(and(eq(t.mpResources.tenantId, actor.tenantId), eq(t.mpResources.odinSubscriptionId, odinSubscriptionId)))
    .orderBy(asc(t.mpResources.odinResourceId));
  let linked = 0;
  for (const res of resources) {
    const matcher = createMatcher(psaServices.filter((s) => !taken.has(s.serviceId)).map((s) => ({ name: s.name, code: s.code, value: s })), 'product');
    const service = matcher.best(res.name, res.mpn)?.candidate.value;
    if (!service) continue;
    taken.add(service.serviceId);
    await setResourceLink(services.store, actor, odinSubscriptionId, res.id, {
      psaServiceId: service.serviceId, psaContractServiceId: service.contractServiceId, psaServiceName: service.name,
    });
    linked++;
    await opts.afterResourceLinked?.(odinSubscriptionId, res.id);
  }
  return linked;
}
