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
  proposal?: { psaServiceId: string; psaServiceName: string; score: number };
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
        if (p && s.link) rows.push({ ...base, service: p.psaServiceName, state: 'proposed', proposal: p });
        else rows.push({ ...base, service: p?.psaServiceName ?? null, state: 'incomplete' });
      }
  return rows;
}

export interface BulkPlan {
  set: BulkItem[];
  clear: BulkItem[];
}

export function planBulk(rows: RelationRow[], checked: ReadonlySet<string>, action: 'set' | 'clear'): BulkPlan {
  const plan: BulkPlan = { set: [], clear: [] };
  for (const r of rows) {
    if (!checked.has(r.key)) continue;
    const ids = { odinSubscriptionId: r.odinSubscriptionId, odinResourceId: r.odinResourceId };
    if (action === 'set' && r.state === 'proposed' && r.proposal)
      plan.set.push({ level: 'resource', ...ids, psaServiceId: r.proposal.psaServiceId, psaServiceName: r.proposal.psaServiceName });
    if (action === 'clear' && r.state === 'linked') plan.clear.push({ level: 'resource', ...ids });
  }
  return plan;
}

/** "3 relations will be set" / "2 will be cleared": the counts on the two buttons. */
export function countChanges(rows: RelationRow[], checked: ReadonlySet<string>) {
  let toSet = 0;
  let toClear = 0;
  for (const r of rows) {
    if (!checked.has(r.key)) continue;
    if (r.state === 'proposed') toSet++;
    if (r.state === 'linked') toClear++;
  }
  return { toSet, toClear, checked: toSet + toClear };
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
