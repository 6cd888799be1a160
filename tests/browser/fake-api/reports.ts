/** The fake's reports: the documented query (filter.*, sort, page, from/to, format=csv) over in-memory rows. */
import type { World } from './world.js';

type Col = { key: string; label: string; type: 'text' | 'number' | 'date' | 'money'; detail?: boolean };
type Row = Record<string, unknown>;

const ODIN: Col[] = [
  { key: 'odinAccountId', label: 'ODIN account ID', type: 'text' },
  { key: 'companyName', label: 'ODIN company', type: 'text' },
  { key: 'odinSubscriptionId', label: 'ODIN subscription ID', type: 'text' },
  { key: 'subscriptionName', label: 'ODIN subscription', type: 'text' },
  { key: 'odinResourceId', label: 'ODIN resource ID', type: 'text' },
  { key: 'resourceName', label: 'ODIN resource', type: 'text' },
  { key: 'count', label: 'Count', type: 'number' },
];
/** The logs as docs/api.md gives them: what a billing manager reads first, then details (hidden on screen). */
const d = (key: string, label: string): Col => ({ key, label, type: 'text', detail: true });
const LEAD: Col[] = [
  { key: 'companyName', label: 'Customer', type: 'text' },
  { key: 'resourceName', label: 'Resource', type: 'text' },
  { key: 'fromCount', label: 'From', type: 'number' },
  { key: 'toCount', label: 'To', type: 'number' },
  { key: 'unitChange', label: 'Unit change', type: 'number' },
  { key: 'effectiveDate', label: 'Effective date', type: 'date' },
  { key: 'dateReason', label: 'Why this date', type: 'text' },
  { key: 'estimatedAmount', label: 'Estimated amount', type: 'money' },
  { key: 'status', label: 'Status', type: 'text' },
];
const DETAILS: Col[] = [
  d('subscriptionName', 'Subscription'), d('psaAccountName', 'PSA account'), d('psaContractName', 'PSA contract'), d('psaServiceName', 'PSA service'),
  d('id', 'Adjustment ID'), d('odinAccountId', 'ODIN account ID'), d('odinSubscriptionId', 'ODIN subscription ID'), d('odinResourceId', 'ODIN resource ID'),
];
const LOG: Col[] = [...LEAD, { key: 'date', label: 'Posted', type: 'date' }, ...DETAILS];
const FAILURES: Col[] = [
  ...LEAD, { key: 'date', label: 'Since', type: 'date' },
  { key: 'attempts', label: 'Attempts', type: 'number', detail: true }, { key: 'nextAttemptAt', label: 'Next retry', type: 'date', detail: true },
  d('lastError', 'PSA message'), d('errorCause', 'Cause'), ...DETAILS,
];

function resources(w: World) {
  const out: Row[] = [];
  for (const c of w.companies)
    for (const s of c.subscriptions)
      for (const r of s.resources)
        out.push({
          odinAccountId: c.odinAccountId, companyName: c.name, odinSubscriptionId: s.odinSubscriptionId, subscriptionName: s.name,
          odinResourceId: r.odinResourceId, resourceName: r.name, count: r.count, linked: !!(c.link && s.link && r.link),
          psaAccountId: c.link?.psaAccountId, psaAccountName: c.link?.psaAccountName, psaContractId: s.link?.psaContractId,
          psaContractName: s.link?.psaContractName, psaServiceId: r.link?.psaServiceId, psaServiceName: r.link?.psaServiceName, linkedAt: r.link?.linkedAt,
        });
  return out;
}

export function reportData(w: World, name: string): { columns: Col[]; rows: Row[]; dateKey: string | null } | null {
  switch (name) {
    case 'subscriptions':
      return { columns: ODIN, rows: resources(w), dateKey: null };
    case 'unlinked':
      return { columns: ODIN, rows: resources(w).filter((r) => !r.linked), dateKey: null };
    case 'linked':
      return {
        columns: [
          { key: 'psaAccountName', label: 'PSA account', type: 'text' }, { key: 'psaContractName', label: 'PSA contract', type: 'text' },
          { key: 'psaServiceId', label: 'PSA service ID', type: 'text' }, { key: 'psaServiceName', label: 'PSA service', type: 'text' },
          { key: 'companyName', label: 'ODIN company', type: 'text' }, { key: 'subscriptionName', label: 'ODIN subscription', type: 'text' },
          { key: 'resourceName', label: 'ODIN resource', type: 'text' }, { key: 'count', label: 'Count', type: 'number' },
          { key: 'linkedAt', label: 'Linked on', type: 'date' },
        ],
        rows: resources(w).filter((r) => r.linked),
        dateKey: null,
      };
    case 'adjustments':
      return { columns: LOG, rows: w.adjustments.filter((a) => a.status === 'posted') as unknown as Row[], dateKey: 'date' };
    case 'failures':
      return {
        columns: FAILURES,
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
