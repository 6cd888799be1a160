/**
 * The Adjustments log's "Customer contains" and "Subscription contains" filters are answered from the
 * log's own ids (no join per row): the same rows as the names the log shows, also for a company renamed
 * in the snapshot or gone from it (the log then shows, and filters on, its id). The page is found by id
 * first and read whole after, in the page's order.
 */
import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../../server/db/open-node.js';
import { parseReportQuery } from '../../../server/domain/report-query.js';
import { runReport, shapeOf, type ReportScope } from '../../../server/reports/engine.js';
import { REPORTS } from '../../../server/reports/index.js';

const scope: ReportScope = { tenantId: 't1', psaKind: 'autotask', context: null, timeZone: 'UTC' };
const NOW = '2026-03-05T10:00:00.000Z';

async function world() {
  const { store } = openSqlite(':memory:');
  const { t } = store;
  // acc1 "Harbor Dental", acc2 "Alpine Legal", acc7dental is gone from the snapshot (its id contains
  // "dental"), acc9 is gone too; another tenant has a "Dental" company with acc2's id.
  await store.db.insert(t.mpCompanies).values([
    { tenantId: 't1', odinAccountId: 'acc1', name: 'Harbor DENTAL', status: 'active', updatedAt: NOW },
    { tenantId: 't1', odinAccountId: 'acc2', name: 'Alpine Legal', status: 'active', updatedAt: NOW },
    { tenantId: 't2', odinAccountId: 'acc2', name: 'Other Dental', status: 'active', updatedAt: NOW },
  ]);
  await store.db.insert(t.mpSubscriptions).values([
    { tenantId: 't1', odinSubscriptionId: 's1', odinAccountId: 'acc1', name: 'Exchange Online (Plan 1)', status: 'active', updatedAt: NOW },
    { tenantId: 't1', odinSubscriptionId: 's2', odinAccountId: 'acc2', name: 'Microsoft 365 Business Premium', status: 'active', updatedAt: NOW },
  ]);
  const accounts = ['acc1', 'acc2', 'acc7dental', 'acc9'];
  const subs = ['s1', 's2', 'sub-exchange-gone', 's9'];
  await store.db.insert(t.adjustments).values(Array.from({ length: 24 }, (_, i) => ({
    id: `a${String(i).padStart(2, '0')}`, tenantId: 't1', dedupKey: `k${i}`, reason: 'count_change',
    odinAccountId: accounts[i % 4]!, odinSubscriptionId: subs[Math.floor(i / 4) % 4]!, odinResourceId: 'r',
    psaKind: 'autotask', psaAccountId: 'a', psaContractId: 'c', psaServiceId: 's', fromCount: 1, toCount: 2, unitChange: 1,
    effectiveDate: '2026-03-01', estimatedAmount: 1, status: i % 6 === 5 ? 'failed' : 'posted', attempts: 1,
    createdAt: NOW, updatedAt: NOW, postedAt: `2026-03-0${1 + (i % 3)}T10:00:00.000Z`,
  })) as never);
  return store;
}

/** What the filter must match: the shown name (snapshot name, else id) contains the text, any case. */
async function expected(store: Awaited<ReturnType<typeof world>>, key: 'companyName' | 'subscriptionName', text: string, sort: string[]) {
  const def = REPORTS.adjustments;
  const all = await runReport(store, def, scope, parseReportQuery({ sort, pageSize: ['200'] }, shapeOf(def, scope)));
  return all.rows.filter((r) => String(r[key]).toLowerCase().includes(text.toLowerCase())).map((r) => r.id);
}

describe('Adjustments log name filters without joins', () => {
  for (const [key, text] of [['companyName', 'dental'], ['companyName', 'Legal'], ['companyName', 'acc9'], ['subscriptionName', 'exchange'], ['subscriptionName', 's9']] as const) {
    it(`${key} contains "${text}": the rows whose shown name contains it, in the page's order`, async () => {
      const store = await world();
      const def = REPORTS.adjustments;
      for (const sort of [[], ['companyName'], ['-subscriptionName', 'date']]) {
        const want = await expected(store, key, text, sort);
        expect(want.length).toBeGreaterThan(0);
        const q = parseReportQuery({ [`filter.${key}`]: [text], sort, pageSize: ['3'] }, shapeOf(def, scope));
        const pages: unknown[] = [];
        let total = 0;
        for (let page = 1; page <= Math.ceil(want.length / 3); page++) {
          const res = await runReport(store, def, scope, { ...q, page });
          total = res.total;
          pages.push(...res.rows.map((r) => r.id));
          for (const r of res.rows) expect(String(r[key]).toLowerCase()).toContain(text.toLowerCase());
        }
        expect(total).toBe(want.length);
        expect(pages).toEqual(want);
      }
      await store.close();
    });
  }

  it('counts a name-filtered log from the log alone', async () => {
    const store = await world();
    const client = (store.db as unknown as { $client: { prepare(s: string): unknown } }).$client;
    const seen: string[] = [];
    const prepare = client.prepare.bind(client);
    client.prepare = (s: string) => { seen.push(s); return prepare(s); };
    const def = REPORTS.adjustments;
    const res = await runReport(store, def, scope, parseReportQuery({ 'filter.companyName': ['dental'], 'filter.subscriptionName': ['exchange'] }, shapeOf(def, scope)));
    expect(res.total).toBeGreaterThan(0);
    const counts = seen.filter((s) => /^select count\(\*\)/i.test(s));
    expect(counts).toHaveLength(1);
    expect(counts[0]).not.toMatch(/ join /i);
    await store.close();
  });
});
