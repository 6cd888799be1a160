/**
 * SQL Server cannot run here: the mapping, report and dashboard queries run against the recording mssql
 * client (tests/helpers/mssql-recorder.ts) and every statement is checked for SQL Server syntax, as the
 * repository suite does for the other areas.
 */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../server/db/store.js';
import { parseReportQuery } from '../../../server/domain/report-query.js';
import { readMappingPage } from '../../../server/mapping/read.js';
import { clearResourceLink, setResourceLink } from '../../../server/mapping/resource.js';
import { buildSuggestions } from '../../../server/mapping/suggestions.js';
import { clearCompanyLink, clearSubscriptionLink, setCompanyLink, setSubscriptionLink, type MappingActor } from '../../../server/mapping/write.js';
import { buildDashboard } from '../../../server/reports/dashboard.js';
import { allReportRows, runReport, shapeOf, type ReportScope } from '../../../server/reports/engine.js';
import { REPORTS } from '../../../server/reports/index.js';
import { createRecordingMssqlStore, NOT_TSQL } from '../../helpers/mssql-recorder.js';

/** Counts answer 3, the "is this service taken" check answers nothing, every other select one row. */
const answer = (sql: string): unknown[] => {
  if (/^select count\(\*\)/i.test(sql)) return [[3]];
  if (sql.includes('<>')) return [];
  return sql.startsWith('select') ? [['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13', '14', '15']] : [];
};

async function checkStatements(run: (store: Store) => Promise<unknown>) {
  const { store, queries } = createRecordingMssqlStore(answer);
  await run(store).catch((err: Error) => {
    if (queries.length === 0) throw err;
  });
  expect(queries.length).toBeGreaterThan(0);
  for (const q of queries) {
    for (const bad of NOT_TSQL) expect(q.sql).not.toMatch(bad);
    expect(q.sql).toMatch(/\[[a-z_]+\]/);
    expect(new Set(q.sql.match(/@par\d+/g) ?? []).size, q.sql).toBe(q.params.length);
  }
  return queries;
}

const scope: ReportScope = { tenantId: 'tenant-A', psaKind: 'autotask', context: null, timeZone: 'America/New_York' };
const actor: MappingActor = { tenantId: 'tenant-A', by: 'admin@a.example', psaKind: 'autotask', now: '2026-03-15T14:00:00.000Z' };

describe('mapping statements on SQL Server', () => {
  it('reads a page of the tree with every filter in four statements', async () => {
    const queries = await checkStatements((s) => readMappingPage(s, 'tenant-A', 'autotask', {
      hideCompleted: true, showExpired: false, showInactive: false, showUninvoiced: false, search: '50%', page: 2, pageSize: 50,
    }));
    expect(queries).toHaveLength(4);
    expect(queries[1]!.sql).toMatch(/offset @par\d+ rows fetch next @par\d+ rows only$/);
  });

  it('sets and clears relations', async () => {
    await checkStatements((s) => setCompanyLink(s, actor, '1200000500', { psaAccountId: '9' }));
    await checkStatements((s) => setSubscriptionLink(s, actor, '1000845', { psaContractId: '9' }));
    await checkStatements((s) => setResourceLink(s, actor, '1000845', '100237', { psaServiceId: '9' }));
    const cleared = await checkStatements((s) => clearCompanyLink(s, actor, '1200000500'));
    expect(cleared.some((q) => /^delete from \[resource_links\]/.test(q.sql))).toBe(true);
    await checkStatements((s) => clearSubscriptionLink(s, actor, '1000845'));
    await checkStatements((s) => clearResourceLink(s, actor, '1000845', '100237'));
  });

  it('gathers what suggestions need', async () => {
    const lists = {
      accounts: async () => ({ items: [{ id: '9', name: 'Hall Brothers', active: true }], fetchedAt: 'now' }),
      contracts: async () => ({ items: [], fetchedAt: 'now' }),
      services: async () => ({ items: [], fetchedAt: 'now' }),
      servicesOf: async () => ({ items: [], fetchedAt: 'now' }),
    };
    await checkStatements((s) => buildSuggestions(s, lists, 'tenant-A', 'autotask'));
  });
});

describe('report statements on SQL Server', () => {
  for (const [name, def] of Object.entries(REPORTS)) {
    it(`${name}: filtered, sorted, dated page and CSV chunks`, async () => {
      const raw: Record<string, string[]> = { page: ['2'], pageSize: ['1'], sort: [`-${def.columns(scope)[1]!.key}`], [`filter.${def.columns(scope)[0]!.key}`]: ['a_b'] };
      for (const col of def.columns(scope).filter((c) => c.type === 'number')) raw[`filter.${col.key}`] = ['1'];
      if (def.dateKey) Object.assign(raw, { from: ['2026-03-01'], to: ['2026-03-31'] });
      const q = parseReportQuery(raw, shapeOf(def, scope));
      const queries = await checkStatements((s) => runReport(s, def, scope, q));
      expect(queries[0]!.sql).toMatch(/^select count\(\*\)/);
      expect(queries[1]!.sql).toMatch(/order by .* offset @par\d+ rows fetch next @par\d+ rows only$/);
      // The Failure log is failed adjustments UNION ALL whole syncs that could not run, as a derived table.
      if (name === 'failures') expect(queries[1]!.sql).toMatch(/union all .* from \[sync_runs\] .*\) \[failure_log\]/s);
      if (process.env.PRINT_SQL === name) console.log(queries[1]!.sql);
      await checkStatements(async (s) => {
        for await (const chunk of allReportRows(s, def, scope, { ...q, format: 'csv' })) void chunk;
      });
    });
  }

  it('dashboard', async () => {
    await checkStatements((s) => buildDashboard(s, scope, new Date('2026-03-15T14:00:00Z')));
  });
});
