/**
 * Suggestions for the mapping screen: for each unlinked company the most alike PSA account, and for each
 * unlinked resource of a linked subscription the most alike service on that subscription's contract.
 * The user confirms each with one click (a PUT); nothing is linked here.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Store } from '../db/store.js';
import { createMatcher, SUGGEST_THRESHOLD } from '../domain/suggest.js';
import type { PsaKind, PsaService } from '../psa/types.js';
import type { PsaLists } from './psa-source.js';

export interface CompanySuggestion {
  odinAccountId: string;
  name: string;
  psaAccountId: string;
  psaAccountName: string;
  score: number;
}

export interface ResourceSuggestion {
  odinSubscriptionId: string;
  odinResourceId: string;
  name: string;
  psaServiceId: string;
  psaServiceName: string;
  /** Extra to the contract: what a PUT needs to place the relation exactly. */
  psaContractId: string;
  psaContractServiceId: string | null;
  score: number;
}

/** Contracts whose services are read per request; more waits for the next request (after linking some). */
export const MAX_CONTRACTS_PER_REQUEST = 200;

export async function buildSuggestions(store: Store, lists: PsaLists, tenantId: string, psaKind: PsaKind) {
  const { db, t } = store;
  const c = t.mpCompanies;
  const cl = t.companyLinks;
  const unlinkedCompanies = await db.select({ odinAccountId: c.odinAccountId, name: c.name }).from(c)
    .leftJoin(cl, and(eq(cl.tenantId, c.tenantId), eq(cl.odinAccountId, c.odinAccountId), eq(cl.psaKind, psaKind)))
    .where(and(eq(c.tenantId, tenantId), isNull(cl.psaAccountId)));

  const companies: CompanySuggestion[] = [];
  if (unlinkedCompanies.length > 0) {
    const accounts = (await lists.accounts()).items.filter((a) => a.active);
    const matcher = createMatcher(accounts.map((a) => ({ name: a.name, value: a })), 'company');
    for (const company of unlinkedCompanies) {
      const best = matcher.best(company.name);
      if (best) companies.push({ ...company, psaAccountId: best.candidate.value.id, psaAccountName: best.candidate.value.name, score: best.score });
    }
  }

  const r = t.mpResources;
  const sl = t.subscriptionLinks;
  const rl = t.resourceLinks;
  const linkedSubOn = and(eq(sl.tenantId, r.tenantId), eq(sl.odinSubscriptionId, r.odinSubscriptionId));
  const companyOn = and(eq(cl.tenantId, sl.tenantId), eq(cl.odinAccountId, sl.odinAccountId), eq(cl.psaKind, psaKind));
  const rows = await db
    .select({ odinSubscriptionId: r.odinSubscriptionId, odinResourceId: r.odinResourceId, name: r.name, mpn: r.mpn, psaContractId: sl.psaContractId, linkedServiceId: rl.psaServiceId })
    .from(r)
    .innerJoin(sl, linkedSubOn)
    .innerJoin(cl, companyOn)
    .leftJoin(rl, and(eq(rl.tenantId, r.tenantId), eq(rl.odinSubscriptionId, r.odinSubscriptionId), eq(rl.odinResourceId, r.odinResourceId)))
    .where(eq(r.tenantId, tenantId));

  const byContract = new Map<string, { unlinked: typeof rows; taken: Set<string> }>();
  for (const row of rows) {
    const entry = byContract.get(row.psaContractId) ?? { unlinked: [], taken: new Set<string>() };
    if (row.linkedServiceId == null) entry.unlinked.push(row);
    else entry.taken.add(row.linkedServiceId);
    byContract.set(row.psaContractId, entry);
  }
  const contracts = [...byContract.entries()].filter(([, e]) => e.unlinked.length > 0).slice(0, MAX_CONTRACTS_PER_REQUEST);
  const services = contracts.length ? (await lists.servicesOf(contracts.map(([id]) => id))).items : [];
  const resources = contracts.flatMap(([contractId, entry]) => suggestOnContract(
    contractId, entry.unlinked, services.filter((s) => s.contractId === contractId && !entry.taken.has(s.serviceId)))).sort((a, b) => a.odinSubscriptionId.localeCompare(b.odinSubscriptionId) || a.odinResourceId.localeCompare(b.odinResourceId));
  companies.sort((a, b) => a.name.localeCompare(b.name));
  return { companies, resources };
}

/** Best pairs first, each service given to one resource only (one service on a contract takes one). */
function suggestOnContract(
  contractId: string,
  unlinked: { odinSubscriptionId: string; odinResourceId: string; name: string; mpn: string | null }[],
  services: PsaService[],
): ResourceSuggestion[] {
  const matcher = createMatcher(services.map((s) => ({ name: s.name, code: s.code, value: s })), 'product');
  const pairs = unlinked.flatMap((res) => matcher.rank(res.name, res.mpn)
    .filter((m) => m.score >= SUGGEST_THRESHOLD.product)
    .map((m) => ({ res, service: m.candidate.value, score: m.score })));
  pairs.sort((a, b) => b.score - a.score);
  const usedServices = new Set<string>();
  const usedResources = new Set<string>();
  const out: ResourceSuggestion[] = [];
  for (const p of pairs) {
    const resKey = `${p.res.odinSubscriptionId}|${p.res.odinResourceId}`;
    if (usedServices.has(p.service.serviceId) || usedResources.has(resKey)) continue;
    usedServices.add(p.service.serviceId);
    usedResources.add(resKey);
    out.push({
      odinSubscriptionId: p.res.odinSubscriptionId, odinResourceId: p.res.odinResourceId, name: p.res.name,
      psaServiceId: p.service.serviceId, psaServiceName: p.service.name, psaContractId: contractId,
      psaContractServiceId: p.service.contractServiceId, score: p.score,
    });
  }
  return out;
}
