/**
 * Manage Relations, pure: one row per resource with its current or proposed relation, what the checked
 * rows would change, and the bulk request split into batches so a long run can show progress.
 */
import { resourceKey } from './model.js';
import type { SuggestionIndex } from './model.js';
import type { BulkItem, MappingCompany } from '../types.js';
import type { Choice } from './choices.js';

export interface RelationRow {
  key: string;
  odinAccountId: string;
  odinSubscriptionId: string;
  odinResourceId: string;
  company: string;
  subscription: string;
  resource: string;
  account: string | null;
  contract: string | null;
  service: string | null;
  /** linked: can be cleared; proposed: a suggestion covers what is missing; open: the PSA side is chosen on the row. */
  state: 'linked' | 'proposed' | 'open';
  /** PSA ids already linked above this resource (null: that level is still to set). */
  psaAccountId: string | null;
  psaContractId: string | null;
  /** The suggested service (and its contract), from the resource suggestions. */
  proposal?: { psaServiceId: string; psaServiceName: string; psaContractId?: string; score: number };
  /** The suggested PSA account, when the company is not linked yet (the first level of the relation). */
  accountProposal?: { psaAccountId: string; psaAccountName: string; score: number };
}

export function relationRows(companies: MappingCompany[], sugg: SuggestionIndex, showMapped: boolean): RelationRow[] {
  const rows: RelationRow[] = [];
  for (const c of companies)
    for (const s of c.subscriptions)
      for (const r of s.resources) {
        const base = {
          key: resourceKey(s.odinSubscriptionId, r.odinResourceId),
          odinAccountId: c.odinAccountId,
          odinSubscriptionId: s.odinSubscriptionId,
          odinResourceId: r.odinResourceId,
          company: c.name,
          subscription: s.name,
          resource: r.name,
          account: c.link?.psaAccountName ?? c.link?.psaAccountId ?? null,
          contract: s.link?.psaContractName ?? s.link?.psaContractId ?? null,
          psaAccountId: c.link?.psaAccountId ?? null,
          psaContractId: s.link?.psaContractId ?? null,
        };
        if (r.link) {
          if (showMapped) rows.push({ ...base, service: r.link.psaServiceName ?? r.link.psaServiceId, state: 'linked' });
          continue;
        }
        const p = sugg.resource.get(base.key);
        const a = !c.link ? sugg.company.get(c.odinAccountId) : undefined;
        const row: RelationRow = { ...base, service: p?.psaServiceName ?? null, state: 'open' };
        if (p) row.proposal = p;
        if (a) Object.assign(row, { account: a.psaAccountName, accountProposal: a });
        if (p && s.link) row.state = 'proposed';
        else if (a && !p) row.state = 'proposed';
        rows.push(row);
      }
  return rows;
}

/**
 * What the user chose on the checked rows, by the level it links: one account per company, one contract
 * per subscription, one service per resource, so rows of one company or subscription share a choice.
 */
export interface Picks {
  account: Map<string, Choice>;
  contract: Map<string, Choice>;
  service: Map<string, Choice>;
}
export const noPicks = (): Picks => ({ account: new Map(), contract: new Map(), service: new Map() });

/** The PSA side a row would get: the user's choice, else the suggestion; null where neither exists. */
export function resolveRow(r: RelationRow, picks: Picks) {
  const account = r.psaAccountId ? null : picks.account.get(r.odinAccountId) ?? (r.accountProposal ? { id: r.accountProposal.psaAccountId, name: r.accountProposal.psaAccountName } : null);
  const accountId = r.psaAccountId ?? account?.id ?? null;
  const fromSuggestion = r.proposal?.psaContractId ? { id: r.proposal.psaContractId, name: r.proposal.psaContractId } : null;
  const contract = r.psaContractId ? null : picks.contract.get(r.odinSubscriptionId) ?? (accountId && !picks.account.has(r.odinAccountId) ? fromSuggestion : null);
  const contractId = r.psaContractId ?? contract?.id ?? null;
  // A suggested service belongs to the suggested contract: it does not follow another contract choice.
  const suggested: Choice | null = r.proposal && (!r.proposal.psaContractId || r.proposal.psaContractId === contractId) ? { id: r.proposal.psaServiceId, name: r.proposal.psaServiceName } : null;
  const service: Choice | null = r.state === 'linked' ? null : picks.service.get(r.key) ?? (contractId ? suggested : null);
  return { account, accountId, contract, contractId, service };
}

export interface BulkPlan {
  set: BulkItem[];
  clear: BulkItem[];
}

const LEVEL: Record<string, number> = { company: 0, subscription: 1, resource: 2 };

/** The bulk request for the checked rows: each company and subscription once, top level first. */
export function planBulk(rows: RelationRow[], checked: ReadonlySet<string>, action: 'set' | 'clear', picks: Picks = noPicks()): BulkPlan {
  const plan: BulkPlan = { set: [], clear: [] };
  const companies = new Set<string>();
  const subs = new Set<string>();
  for (const r of rows) {
    if (!checked.has(r.key)) continue;
    const ids = { odinSubscriptionId: r.odinSubscriptionId, odinResourceId: r.odinResourceId };
    if (action === 'clear') {
      if (r.state === 'linked') plan.clear.push({ level: 'resource', ...ids });
      continue;
    }
    const x = resolveRow(r, picks);
    if (x.account && !companies.has(r.odinAccountId)) {
      companies.add(r.odinAccountId);
      plan.set.push({ level: 'company', odinAccountId: r.odinAccountId, psaAccountId: x.account.id, psaAccountName: x.account.name });
    }
    if (x.contract && x.accountId && !subs.has(r.odinSubscriptionId)) {
      subs.add(r.odinSubscriptionId);
      plan.set.push({ level: 'subscription', odinSubscriptionId: r.odinSubscriptionId, psaContractId: x.contract.id, ...(x.contract.name !== x.contract.id ? { psaContractName: x.contract.name } : {}) });
    }
    if (x.service && x.contractId)
      plan.set.push({ level: 'resource', ...ids, psaServiceId: x.service.id, psaServiceName: x.service.name, ...(x.service.contractServiceId ? { psaContractServiceId: x.service.contractServiceId } : {}) });
  }
  plan.set.sort((a, b) => LEVEL[a.level]! - LEVEL[b.level]!);
  return plan;
}

/** The preview: relations to set per level, to clear, and checked rows still missing their service. */
export function countChanges(rows: RelationRow[], checked: ReadonlySet<string>, picks: Picks = noPicks()) {
  const set = planBulk(rows, checked, 'set', picks).set;
  const of = (level: string) => set.filter((i) => i.level === level).length;
  const mine = rows.filter((r) => checked.has(r.key));
  return {
    toSet: set.length,
    company: of('company'),
    subscription: of('subscription'),
    resource: of('resource'),
    toClear: planBulk(rows, checked, 'clear').clear.length,
    checked: mine.length,
    needChoice: mine.filter((r) => r.state !== 'linked' && !resolveRow(r, picks).service).length,
  };
}

/** Every row can be checked: a linked one to clear it, any other to choose its PSA side. */
export const selectable = (_r: RelationRow) => true;

export function toggleAll(rows: RelationRow[], checked: ReadonlySet<string>): Set<string> {
  const candidates = rows.filter(selectable).map((r) => r.key);
  const all = candidates.length > 0 && candidates.every((k) => checked.has(k));
  return all ? new Set() : new Set(candidates);
}

export function batches<T>(items: T[], size = 100): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
