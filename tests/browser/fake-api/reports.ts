/** The fake's reports: the documented query (filter.*, sort, page, from/to, format=csv) over in-memory rows. */
import { subscriptionsReport } from '../../../server/reports/subscriptions.js';
import { linkedReport, unlinkedReport } from '../../../server/reports/links.js';
import { adjustmentsReport } from '../../../server/reports/log.js';
import { failuresReport } from '../../../server/reports/failure-log.js';
import type { ReportScope } from '../../../server/reports/engine.js';
import type { World } from './world.js';

type Col = { key: string; label: string; type: 'text' | 'number' | 'date' | 'money'; detail?: boolean };
type Row = Record<string, unknown>;

/** The server's own column lists (names from the one vocabulary, server/domain/columns.ts), never a copy. */
const scopeOf = (psaKind: Kind): ReportScope => ({ tenantId: 'fake', psaKind, context: psaKind, timeZone: 'UTC' });
type Kind = 'autotask' | 'connectwise';

function resources(w: World) {
  const out: Row[] = [];
  for (const c of w.companies)
    for (const s of c.subscriptions)
      for (const r of s.resources)
        out.push({
          odinAccountId: c.odinAccountId, companyName: c.name, odinSubscriptionId: s.odinSubscriptionId, subscriptionName: s.name, status: s.status, subscriptionStatus: s.status,
          odinResourceId: r.odinResourceId, resourceName: r.name, count: r.count, linked: !!(c.link && s.link && r.link),
          psaAccountId: c.link?.psaAccountId, psaAccountName: c.link?.psaAccountName, psaContractId: s.link?.psaContractId,
          psaContractName: s.link?.psaContractName, psaServiceId: r.link?.psaServiceId, psaServiceName: r.link?.psaServiceName, linkedAt: r.link?.linkedAt,
        });
  return out;
}

export function reportData(w: World, name: string, kind: Kind = 'autotask'): { columns: Col[]; rows: Row[]; dateKey: string | null } | null {
  const scope = scopeOf(kind);
  switch (name) {
    case 'subscriptions':
      return { columns: subscriptionsReport.columns(scope), rows: resources(w), dateKey: null };
    case 'unlinked':
      return { columns: unlinkedReport.columns(scope), rows: resources(w).filter((r) => !r.linked), dateKey: null };
    case 'linked':
      return { columns: linkedReport.columns(scope), rows: resources(w).filter((r) => r.linked), dateKey: null };
    case 'adjustments':
      return { columns: adjustmentsReport.columns(scope), rows: w.adjustments.filter((a) => a.status === 'posted') as unknown as Row[], dateKey: 'date' };
    case 'failures':
      return {
        columns: failuresReport.columns(scope),
        rows: w.adjustments.filter((a) => a.status === 'failed' || a.status === 'sync_failed') as unknown as Row[],
        dateKey: 'date',
      };
  }
  return null;
}

export function runQuery(all: Row[], cols: Col[], dateKey: string | null, q: URLSearchParams): Row[] {
  let rows = all;
  for (const [k, v] of q) {
    if (!k.startsWith('filter.')) continue;
    const key = k.slice(7);
    const needle = v.toLowerCase();
    rows = rows.filter((r) => String(r[key] ?? '').toLowerCase().includes(needle));
  }
  const from = q.get('from');
  const to = q.get('to');
  if (dateKey && from) rows = rows.filter((r) => String(r[dateKey]).slice(0, 10) >= from);
  if (dateKey && to) rows = rows.filter((r) => String(r[dateKey]).slice(0, 10) <= to);
  const sort = q.get('sort');
  const key = sort?.replace(/^-/, '');
  const col = cols.find((c) => c.key === key);
  if (sort && col) {
    const dir = sort.startsWith('-') ? -1 : 1;
    rows = [...rows].sort((a, b) => {
      const x = a[col.key];
      const y = b[col.key];
      return dir * (typeof x === 'number' && typeof y === 'number' ? x - y : String(x ?? '').localeCompare(String(y ?? '')));
    });
  }
  return rows;
}

export function toCsv(cols: Col[], rows: Row[]): string {
  const q = (v: unknown) => `"${String(v ?? '').replace(/"/g, '""')}"`;
  return '\uFEFF' + [cols.map((c) => q(c.label)).join(','), ...rows.map((r) => cols.map((c) => q(r[c.key])).join(','))].join('\r\n') + '\r\n';
}
