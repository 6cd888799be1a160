/**
 * The Billing (mapping) screen's view-model, pure: filter settings <-> URL <-> API query, the three-level
 * tree flattened into rows for the virtualised list, per-company progress, and inline suggestions.
 */
import type { CompanySuggestion, MappingCompany, MappingResource, MappingSubscription, ResourceSuggestion, Suggestions } from '../types.js';
import type { Query } from '../api.js';
import { formatMoney, formatNumber, type MoneyFormat } from '../ui/format.js';

export interface Filters {
  hideCompleted: boolean;
  showExpired: boolean;
  showInactive: boolean;
  showUninvoiced: boolean;
  showBadges: boolean;
  search: string;
}

export const FILTER_LABELS: [keyof Omit<Filters, 'search'>, string][] = [
  ['hideCompleted', 'Hide completed mappings'],
  ['showExpired', 'Show expired agreements'],
  ['showInactive', 'Show inactive subscriptions'],
  ['showUninvoiced', 'Show uninvoiced resources'],
  ['showBadges', 'Show metadata badges'],
];

export function filtersFromQuery(q: URLSearchParams): Filters {
  const on = (k: string) => q.get(k) === '1';
  return {
    hideCompleted: on('hideCompleted'),
    showExpired: on('showExpired'),
    showInactive: on('showInactive'),
    showUninvoiced: on('showUninvoiced'),
    showBadges: on('showBadges'),
    search: q.get('search') ?? '',
  };
}

export function filtersToQuery(f: Filters): URLSearchParams {
  const q = new URLSearchParams();
  for (const [k] of FILTER_LABELS) if (f[k]) q.set(k, '1');
  if (f.search.trim()) q.set('search', f.search.trim());
  return q;
}

/** showBadges is a display choice only; the rest are the API's filters. */
export function mappingQuery(f: Filters, page: number, pageSize: number): Query {
  return {
    hideCompleted: f.hideCompleted,
    showExpired: f.showExpired,
    showInactive: f.showInactive,
    showUninvoiced: f.showUninvoiced,
    search: f.search.trim() || undefined,
    page,
    pageSize,
  };
}

export type Row =
  | { kind: 'company'; key: string; company: MappingCompany; progress: Progress; expanded: boolean }
  | { kind: 'subscription'; key: string; company: MappingCompany; sub: MappingSubscription }
  | { kind: 'resource'; key: string; company: MappingCompany; sub: MappingSubscription; res: MappingResource };

export interface Progress {
  linked: number;
  total: number;
  complete: boolean;
}

export function companyProgress(c: MappingCompany): Progress {
  let total = 0;
  let linked = 0;
  for (const s of c.subscriptions)
    for (const r of s.resources) {
      total++;
      if (r.link && s.link && c.link) linked++;
    }
  return { linked, total, complete: !!c.link && total > 0 && linked === total };
}

export const resourceKey = (subId: string, resId: string) => `${subId}/${resId}`;

/** One row per company, subscription and resource, in display order; collapsed companies hide theirs. */
export function flattenMapping(companies: MappingCompany[], collapsed: ReadonlySet<string>): Row[] {
  const rows: Row[] = [];
  for (const company of companies) {
    const expanded = !collapsed.has(company.odinAccountId);
    rows.push({ kind: 'company', key: `c:${company.odinAccountId}`, company, progress: companyProgress(company), expanded });
    if (!expanded) continue;
    for (const sub of company.subscriptions) {
      rows.push({ kind: 'subscription', key: `s:${sub.odinSubscriptionId}`, company, sub });
      for (const res of sub.resources)
        rows.push({ kind: 'resource', key: `r:${resourceKey(sub.odinSubscriptionId, res.odinResourceId)}`, company, sub, res });
    }
  }
  return rows;
}

/** Row heights the list starts from before it measures (px); the CSS keeps rows close to these. */
export const ESTIMATE: Record<Row['kind'], number> = { company: 64, subscription: 56, resource: 60 };

export interface SuggestionIndex {
  company: Map<string, CompanySuggestion>;
  resource: Map<string, ResourceSuggestion>;
}

/** The best suggestion per unlinked company/resource; weak ones (below minScore) are not offered. */
export function indexSuggestions(s: Suggestions | null, minScore = 0.5): SuggestionIndex {
  const company = new Map<string, CompanySuggestion>();
  const resource = new Map<string, ResourceSuggestion>();
  for (const c of s?.companies ?? []) {
    const prev = company.get(c.odinAccountId);
    if (c.score >= minScore && (!prev || c.score > prev.score)) company.set(c.odinAccountId, c);
  }
  for (const r of s?.resources ?? []) {
    const k = resourceKey(r.odinSubscriptionId, r.odinResourceId);
    const prev = resource.get(k);
    if (r.score >= minScore && (!prev || r.score > prev.score)) resource.set(k, r);
  }
  return { company, resource };
}

export const percent = (score: number) => `${Math.round(score * 100)}%`;

export interface Totals {
  companies: number;
  resources: number;
  linkedResources: number;
}
export function totals(companies: MappingCompany[]): Totals {
  let resources = 0;
  let linkedResources = 0;
  for (const c of companies) {
    const p = companyProgress(c);
    resources += p.total;
    linkedResources += p.linked;
  }
  return { companies: companies.length, resources, linkedResources };
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
const units = (n: number) => `${signed(n)} unit${Math.abs(n) === 1 ? '' : 's'}`;

/** What Set Relation did on the PSA side (the one-time reconciliation of the guide, fig. 3-28..3-30). */
const DATE_WHY: Record<string, string> = {
  today: 'from today',
  next_period: 'at the next period start',
  moved: 'the next free day: Autotask takes one adjustment per service per day',
};

/** "PSA had 1 unit, the Marketplace has 8. " and ", effective 2026-12-03 (from today), estimated $58.06" */
function figures(r: import('../types.js').Reconciliation, money?: MoneyFormat): { before: string; after: string } {
  const d = r.details;
  if (!d) return { before: '', after: '' };
  const before = d.psaUnitsBefore !== null && d.marketplaceCount !== null
    ? `PSA had ${formatNumber(d.psaUnitsBefore)} unit${d.psaUnitsBefore === 1 ? '' : 's'}, the Marketplace has ${formatNumber(d.marketplaceCount)}. `
    : '';
  const when = d.effectiveDate ? `, effective ${d.effectiveDate}${d.dateRule && DATE_WHY[d.dateRule] ? ` (${DATE_WHY[d.dateRule]})` : ''}` : '';
  const amount = d.estimatedAmount !== null ? `, estimated ${formatMoney(d.estimatedAmount, money)}` : '';
  return { before, after: when + amount };
}

export function describeReconciliation(r: import('../types.js').Reconciliation, money?: MoneyFormat): { tone: 'ok' | 'warn' | 'error'; text: string } {
  const f = figures(r, money);
  switch (r.status) {
    case 'posted':
      return { tone: 'ok', text: `Relation set. ${f.before}Reconciled: posted ${units(r.unitChange)} to the PSA${f.after}.` };
    case 'none':
      return { tone: 'ok', text: `Relation set. ${f.before}Units already match; nothing to post.` };
    case 'planned':
      return r.unitChange
        ? { tone: 'ok', text: `Relation set. ${f.before}Reconciliation of ${units(r.unitChange)} queued for the next sync${f.after}.` }
        : { tone: 'ok', text: 'Relation set. The next sync compares the units and posts any difference.' };
    case 'unknown':
      return { tone: 'warn', text: `Relation set. The PSA did not confirm the ${units(r.unitChange)} adjustment${r.message ? `: ${r.message}` : ''}. IDSync checks the PSA before posting again.` };
    case 'failed':
      return { tone: 'error', text: `Relation set, but the reconciliation of ${units(r.unitChange)} failed: ${r.message ?? 'no message'}. It is retried automatically; see the Failure log.` };
    case 'held':
      return { tone: 'warn', text: `Relation set. The reconciliation of ${units(r.unitChange)} waits for review in the Review queue.` };
  }
}

export const UNSET_MESSAGE: Record<Row['kind'], string> = {
  company: "You're about to unset a company. Its subscriptions and resources will be unlinked too, and nothing is posted to the PSA. Are you sure you want to continue?",
  subscription: "You're about to unset a subscription. Its resources will be unlinked too. Are you sure you want to continue?",
  resource: "You're about to unset a resource. Are you sure you want to continue?",
};

/** Local copy of the tree after a link changed, so 2,000 companies are not reloaded for one click. */
export function applyLink(companies: MappingCompany[], row: Row, link: unknown): MappingCompany[] {
  const id = row.company.odinAccountId;
  return companies.map((c) => {
    if (c.odinAccountId !== id) return c;
    if (row.kind === 'company') {
      const l = link as MappingCompany['link'];
      if (l) return { ...c, link: l };
      return { ...c, link: null, subscriptions: c.subscriptions.map((s) => ({ ...s, link: null, resources: s.resources.map((r) => ({ ...r, link: null })) })) };
    }
    return {
      ...c,
      subscriptions: c.subscriptions.map((s) => {
        if (s.odinSubscriptionId !== row.sub.odinSubscriptionId) return s;
        if (row.kind === 'subscription') {
          const l = link as MappingSubscription['link'];
          return l ? { ...s, link: l } : { ...s, link: null, resources: s.resources.map((r) => ({ ...r, link: null })) };
        }
        return { ...s, resources: s.resources.map((r) => (r.odinResourceId === row.res.odinResourceId ? { ...r, link: link as MappingResource['link'] } : r)) };
      }),
    };
  });
}
