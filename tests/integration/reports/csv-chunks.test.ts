/**
 * The CSV export reads the report in chunks that each start after the previous chunk's last sort keys
 * (keyset paging): every row exactly once, in the page's order, also when sort keys tie or are NULL.
 */
import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../../server/db/open-node.js';
import { parseReportQuery } from '../../../server/domain/report-query.js';
import { allReportRows, runReport, shapeOf, type ReportScope } from '../../../server/reports/engine.js';
import { REPORTS } from '../../../server/reports/index.js';

const scope: ReportScope = { tenantId: 't1', psaKind: 'autotask', context: null, timeZone: 'UTC' };

async function logOf(n: number) {
  const { store } = openSqlite(':memory:');
  const rows = Array.from({ length: n }, (_, i) => ({
    id: `a${String(i).padStart(3, '0')}`, tenantId: 't1', dedupKey: `k${i}`, reason: 'count_change',
    // Few distinct accounts and dates: long runs of equal sort keys across chunk boundaries.
    odinAccountId: `acc${i % 3}`, odinSubscriptionId: `s${i % 4}`, odinResourceId: 'r',
    psaKind: 'autotask', psaAccountId: 'a', psaContractId: 'c', psaServiceId: 's', fromCount: 1, toCount: 2, unitChange: (i % 5) - 2,
    effectiveDate: '2026-03-01', estimatedAmount: i % 7 === 0 ? null : i % 2, status: i % 6 === 0 ? 'failed' : 'posted', attempts: 1,
    lastError: i % 4 === 0 ? null : `e${i % 2}`,
    createdAt: `2026-03-0${1 + (i % 3)}T10:00:00.000Z`, updatedAt: '2026-03-05T10:00:00.000Z',
    postedAt: i % 6 === 0 ? null : `2026-03-0${1 + (i % 2)}T10:00:00.000Z`,
  }));
  await store.db.insert(store.t.adjustments).values(rows as never);
  return store;
}

describe('CSV chunks (keyset paging)', () => {
  for (const [report, sort] of [
    ['adjustments', []], ['adjustments', ['companyName', '-estimatedAmount']], ['adjustments', ['-unitChange']],
    ['failures', ['lastError']], ['failures', ['-lastError', 'date']],
  ] as const) {
    it(`${report} sorted by ${sort.join(',') || 'default'}: every row once, in the page's order`, async () => {
      const store = await logOf(60);
      const def = REPORTS[report];
      const q = parseReportQuery({ sort: [...sort], pageSize: ['200'] }, shapeOf(def, scope));
      const page = await runReport(store, def, scope, q);
      const chunks: string[][] = [];
      for await (const chunk of allReportRows(store, def, scope, q, 4)) chunks.push(chunk.map((r) => String(r.id)));
      expect(chunks.flat()).toEqual(page.rows.map((r) => r.id));
      expect(chunks.flat().length).toBe(page.total);
      expect(Object.keys((await allReportRows(store, def, scope, q, 4).next()).value![0]!).some((k) => k.startsWith('__'))).toBe(false);
      await store.close();
    });
  }

  it('no chunk query skips rows with OFFSET', async () => {
    const store = await logOf(30);
    const client = (store.db as unknown as { $client: { prepare(s: string): unknown } }).$client;
    const seen: string[] = [];
    const prepare = client.prepare.bind(client);
    client.prepare = (s: string) => { seen.push(s); return prepare(s); };
    const def = REPORTS.adjustments;
    for await (const chunk of allReportRows(store, def, scope, parseReportQuery({}, shapeOf(def, scope)), 4)) void chunk;
    const selects = seen.filter((s) => /^select/i.test(s));
    expect(selects.length).toBeGreaterThan(3);
    for (const s of selects) expect(s).not.toMatch(/offset \?/i);
    await store.close();
  });
});
