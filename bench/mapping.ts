/**
 * Mapping screen and reports at size: 2,000 companies (4,000 subscriptions, 8,000 resources, a third of
 * them linked, 20,000 log rows) in an in-memory SQLite store. Times a page of the mapping tree with each
 * filter, a report page, a full CSV export, the dashboard, and suggestion matching of 2,000 unlinked
 * companies against 2,000 PSA accounts. Prints figures; asserts nothing about time.
 */
import { openSqlite } from '../server/db/open-node.js';
import type { Store } from '../server/db/store.js';
import { createMatcher } from '../server/domain/suggest.js';
import { parseReportQuery } from '../server/domain/report-query.js';
import { readMappingPage, type MappingFilters } from '../server/mapping/read.js';
import { buildDashboard } from '../server/reports/dashboard.js';
import { allReportRows, runReport, shapeOf, type ReportScope } from '../server/reports/engine.js';
import { REPORTS } from '../server/reports/index.js';

export const NOW = '2026-03-15T14:00:00.000Z';
const WORDS = ['Hall', 'Venture', 'Blue', 'Harbor', 'Northwind', 'Cimarron', 'Alpine', 'Sunrise', 'Repair', 'Transcorr', 'Geo', 'Light'];
const KINDS = ['Logistics', 'Dental', 'Clinic', 'Trucking', 'Legal', 'Bakery', 'Outfitters', 'Surveying'];
const nameOf = (i: number) => `${WORDS[i % WORDS.length]} ${KINDS[Math.floor(i / WORDS.length) % KINDS.length]} ${i}`;

async function insertChunks(store: Store, table: never, rows: Record<string, unknown>[]) {
  for (let i = 0; i < rows.length; i += 400) await store.db.insert(table).values(rows.slice(i, i + 400) as never);
}

/** The bench data set: 4 resources per company (a third linked) and `logRows` adjustments spread over
 * `logDays` days before NOW (a tenth failed, the rest posted). */
export async function seed(store: Store, companies: number, logRows = 20_000, logDays = 14) {
  const t = store.t;
  const c: Record<string, unknown>[] = [], s: Record<string, unknown>[] = [], r: Record<string, unknown>[] = [];
  const cl: Record<string, unknown>[] = [], sl: Record<string, unknown>[] = [], rl: Record<string, unknown>[] = [], adj: Record<string, unknown>[] = [];
  const tenantId = 'tenant-bench';
  for (let i = 0; i < companies; i++) {
    const acc = `${1200000000 + i}`;
    c.push({ tenantId, odinAccountId: acc, name: nameOf(i), status: 'active', updatedAt: NOW });
    const linked = i % 3 === 0;
    if (linked) cl.push({ tenantId, odinAccountId: acc, psaKind: 'autotask', psaAccountId: `a${i}`, psaAccountName: `${nameOf(i)} Inc`, createdAt: NOW, createdBy: 'bench' });
    for (let k = 0; k < 2; k++) {
      const sub = `${1000000 + i * 2 + k}`;
      s.push({ tenantId, odinSubscriptionId: sub, odinAccountId: acc, name: k ? 'Exchange Online (Plan 1)' : 'Microsoft 365 Business Premium', status: i % 17 === 0 && k ? 'terminated' : 'active', updatedAt: NOW });
      if (linked) sl.push({ tenantId, odinSubscriptionId: sub, odinAccountId: acc, psaContractId: `c${i}`, psaContractName: 'Cloud Services', createdAt: NOW, createdBy: 'bench' });
      for (let j = 0; j < 2; j++) {
        const res = `${100000 + j}`;
        r.push({ tenantId, odinSubscriptionId: sub, odinResourceId: res, name: j ? 'Add-on' : 'Seats', count: (i + j) % 9, unitPrice: 10, countChangedAt: NOW, updatedAt: NOW });
        if (linked) rl.push({ tenantId, odinSubscriptionId: sub, odinResourceId: res, psaServiceId: `s${k}${j}`, psaServiceName: 'Service', createdAt: NOW, createdBy: 'bench' });
      }
    }
  }
  const nowMs = Date.parse(NOW);
  for (let n = 0; n < logRows; n++) {
    const i = (n * 3) % companies;
    const at = logDays === 14 ? `2026-03-${String(1 + (n % 14)).padStart(2, '0')}T10:00:00.000Z` : new Date(nowMs - ((n * 7919) % (logDays * 86_400)) * 1000).toISOString();
    adj.push({
      id: `adj-${n}`, tenantId, dedupKey: `k${n}`, reason: 'count_change', odinAccountId: `${1200000000 + i}`, odinSubscriptionId: `${1000000 + i * 2}`, odinResourceId: '100000',
      psaKind: 'autotask', psaAccountId: `a${i}`, psaContractId: `c${i}`, psaServiceId: 's00', fromCount: 1, toCount: 2, unitChange: 1, effectiveDate: '2026-03-01',
      estimatedAmount: 12.06, status: n % 10 === 0 ? 'failed' : 'posted', attempts: 1, createdAt: at,
      updatedAt: NOW, postedAt: n % 10 === 0 ? null : at.replace(':00.000Z', ':01.000Z'),
    });
  }
  await insertChunks(store, t.mpCompanies as never, c);
  await insertChunks(store, t.mpSubscriptions as never, s);
  await insertChunks(store, t.mpResources as never, r);
  await insertChunks(store, t.companyLinks as never, cl);
  await insertChunks(store, t.subscriptionLinks as never, sl);
  await insertChunks(store, t.resourceLinks as never, rl);
  await insertChunks(store, t.adjustments as never, adj);
  return tenantId;
}

async function timed<T>(run: () => Promise<T>, repeat = 5): Promise<{ ms: number; out: T }> {
  let out = await run(); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < repeat; i++) out = await run();
  return { ms: (performance.now() - t0) / repeat, out };
}

export async function benchMapping(opts: { companies?: number } = {}): Promise<string[]> {
  const companies = opts.companies ?? 2000;
  const { store } = openSqlite(':memory:');
  const tenantId = await seed(store, companies);
  const lines = [`Mapping and reports (SQLite in memory, ${companies} companies, ${companies * 2} subscriptions, ${companies * 4} resources, 20,000 log rows)`];
  const base: MappingFilters = { hideCompleted: false, showExpired: false, showInactive: false, showUninvoiced: false, search: '', page: 1, pageSize: 50 };
  for (const [label, f] of [
    ['GET /api/mapping page 1 (defaults)', base],
    ['GET /api/mapping page 20', { ...base, page: 20 }],
    ['GET /api/mapping hideCompleted', { ...base, hideCompleted: true }],
    ['GET /api/mapping search "dental"', { ...base, search: 'dental' }],
    ['GET /api/mapping all filters on, pageSize 200', { ...base, showInactive: true, showUninvoiced: true, pageSize: 200 }],
  ] as const) {
    const { ms, out } = await timed(() => readMappingPage(store, tenantId, 'autotask', f));
    lines.push(`  ${label}: ${ms.toFixed(1)} ms (4 statements; total ${out.total}, ${out.companies.length} companies on the page)`);
  }
  const scope: ReportScope = { tenantId, psaKind: 'autotask', context: null, timeZone: 'America/New_York' };
  for (const name of ['linked', 'unlinked', 'adjustments', 'failures'] as const) {
    const def = REPORTS[name];
    const q = parseReportQuery({ 'filter.companyName': ['dental'], sort: [`-${def.columns(scope)[0]!.key}`] }, shapeOf(def, scope));
    const page = await timed(() => runReport(store, def, scope, q));
    const all = parseReportQuery({}, shapeOf(def, scope));
    const csv = await timed(async () => {
      let rows = 0;
      for await (const chunk of allReportRows(store, def, scope, all)) rows += chunk.length;
      return rows;
    }, 1);
    lines.push(`  report ${name}: filtered+sorted page ${page.ms.toFixed(1)} ms (${page.out.total} rows match); full CSV rows ${csv.out} in ${csv.ms.toFixed(0)} ms`);
  }
  const dash = await timed(() => buildDashboard(store, scope, new Date(NOW)));
  lines.push(`  GET /api/dashboard: ${dash.ms.toFixed(1)} ms`);
  const accounts = Array.from({ length: companies }, (_, i) => ({ name: `${nameOf(i).replace(/ \d+$/, '')} ${i} LLC`, value: i }));
  const t0 = performance.now();
  const matcher = createMatcher(accounts, 'company');
  let found = 0;
  for (let i = 0; i < companies; i++) if (matcher.best(nameOf(i))?.candidate.value === i) found++;
  lines.push(`  suggestions: ${companies} companies against ${companies} accounts in ${(performance.now() - t0).toFixed(0)} ms (${found} matched to their own account)`);
  await store.close();
  return lines;
}
