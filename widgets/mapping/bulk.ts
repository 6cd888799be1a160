/**
 * Manage Relations, pure: one row per resource with its current or proposed relation, what the checked
 * rows would change, and the bulk request split into batches so a long run can show progress.
 */
import { resourceKey } from './model.js';
import type { SuggestionIndex } from './model.js';
import type { BulkItem, MappingCompany } from '../types.js';

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
  /** linked: can be cleared; proposed: a suggestion can be set; incomplete: link in Billing first. */
  state: 'linked' | 'proposed' | 'incomplete';
  /** The suggested service, when the resource's contract is already linked. */
  proposal?: { psaServiceId: string; psaServiceName: string; score: number };
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
        };
        if (r.link) {
          if (showMapped) rows.push({ ...base, service: r.link.psaServiceName ?? r.link.psaServiceId, state: 'linked' });
          continue;
        }
        const p = sugg.resource.get(base.key);
        const a = !c.link ? sugg.company.get(c.odinAccountId) : undefined;
        if (p && s.link) rows.push({ ...base, service: p.psaServiceName, state: 'proposed', proposal: p });
        else if (a) rows.push({ ...base, account: a.psaAccountName, service: null, state: 'proposed', accountProposal: a });
        else rows.push({ ...base, service: p?.psaServiceName ?? null, state: 'incomplete' });
      }
  return rows;
}

export interface BulkPlan {
  set: BulkItem[];
  clear: BulkItem[];
}

/** The bulk request for the checked rows; a company suggested on several rows is set once, first. */
export function planBulk(rows: RelationRow[], checked: ReadonlySet<string>, action: 'set' | 'clear'): BulkPlan {
  const plan: BulkPlan = { set: [], clear: [] };
  const companies = new Set<string>();
  for (const r of rows) {
    if (!checked.has(r.key)) continue;
    const ids = { odinSubscriptionId: r.odinSubscriptionId, odinResourceId: r.odinResourceId };
    if (action === 'set' && r.accountProposal && !companies.has(r.odinAccountId)) {
      companies.add(r.odinAccountId);
      plan.set.push({ level: 'company', odinAccountId: r.odinAccountId, psaAccountId: r.accountProposal.psaAccountId, psaAccountName: r.accountProposal.psaAccountName });
    }
    if (action === 'set' && r.proposal)
      plan.set.push({ level: 'resource', ...ids, psaServiceId: r.proposal.psaServiceId, psaServiceName: r.proposal.psaServiceName });
    if (action === 'clear' && r.state === 'linked') plan.clear.push({ level: 'resource', ...ids });
  }
  plan.set.sort((a, b) => (a.level === b.level ? 0 : a.level === 'company' ? -1 : 1));
  return plan;
}

/** What the two buttons would change: relations to set (company or resource level) and to clear. */
export function countChanges(rows: RelationRow[], checked: ReadonlySet<string>) {
  const toSet = planBulk(rows, checked, 'set').set.length;
  const toClear = planBulk(rows, checked, 'clear').clear.length;
  return { toSet, toClear, checked: rows.filter((r) => checked.has(r.key)).length };
}

export const selectable = (r: RelationRow) => r.state !== 'incomplete';

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
