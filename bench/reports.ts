/**
 * Reports at a provider's size (issue 16 item 4): 15,000 companies with 60,000 resources and 100,000
 * adjustment rows a year in in-memory SQLite. p50/p95 of a filtered, sorted report page, the full CSV of
 * the Adjustments log (time, and memory growth while it streams), the dashboard, each beside its goal, and
 * the query plan (EXPLAIN QUERY PLAN) of every statement they run. Prints figures; asserts nothing.
 */
import type Database from 'better-sqlite3';
import { openSqlite } from '../server/db/open-node.js';
import { parseReportQuery } from '../server/domain/report-query.js';
import { reportCsvStream } from '../server/reports/csv.js';
import { buildDashboard } from '../server/reports/dashboard.js';
import { allReportRows, runReport, shapeOf, type ReportScope } from '../server/reports/engine.js';
import { REPORTS } from '../server/reports/index.js';
import { figure, quick } from './figures.js';
import { NOW, seed } from './mapping.js';

interface Statement { src: string; params: unknown[] }

/** Records the statements better-sqlite3 runs while `on` is set, with their parameters. */
function recorder(client: Database.Database) {
  const seen: Statement[] = [];
  let on = false;
  const prepare = client.prepare.bind(client);
  client.prepare = ((src: string) => {
    const st = prepare(src) as unknown as Record<string, (...a: unknown[]) => unknown>;
    for (const m of ['all', 'get', 'iterate', 'run']) {
      const f = st[m]!.bind(st);
      st[m] = (...params: unknown[]) => {
        if (on) seen.push({ src, params });
        return f(...params);
      };
    }
    return st;
  }) as never;
  return {
    async during<T>(run: () => Promise<T>): Promise<Statement[]> {
      seen.length = 0;
      on = true;
      try { await run(); } finally { on = false; }
      return [...seen];
    },
  };
}

function plan(client: Database.Database, s: Statement): string[] {
  const rows = client.prepare(`EXPLAIN QUERY PLAN ${s.src}`).all(...(s.params as never[])) as { detail: string }[];
  return rows.map((r) => r.detail);
}

/** This process's CPU time in ms: beside wall time, what a loaded shared machine does not inflate as much. */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

export async function benchReports(): Promise<string[]> {
  const companies = quick ? 1500 : 15_000;
  // A tenth of the seeded rows failed (the Failure log): 111,112 rows leave 100,000 posted ones, the
  // Adjustments log and its CSV at the issue's size.
  const logRows = quick ? 11_112 : 111_112;
  const { store } = openSqlite(':memory:');
  const client = (store.db as unknown as { $client: Database.Database }).$client;
  const rec = recorder(client);
  let t0 = performance.now();
  const tenantId = await seed(store, companies, logRows, 365);
  const lines = [`Reports (SQLite in memory): ${companies.toLocaleString('en-US')} companies, ${(companies * 4).toLocaleString('en-US')} resources, ` +
    `${logRows.toLocaleString('en-US')} adjustment rows (${(logRows - Math.ceil(logRows / 10)).toLocaleString('en-US')} posted) over a year (seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s)`];
  const scope: ReportScope = { tenantId, psaKind: 'autotask', context: null, timeZone: 'America/New_York' };
  const plans: string[] = [];
  const explain = async (label: string, run: () => Promise<unknown>) => {
    const statements = await rec.during(run);
    plans.push(`  ${label}:`);
    statements.forEach((s, i) => {
      plans.push(`    [${i + 1}] ${s.src.length > 160 ? `${s.src.slice(0, 157)}...` : s.src}`);
      for (const d of plan(client, s)) plans.push(`        ${d}`);
    });
  };

  // A filtered, sorted page: the Adjustments log filtered on a customer name, newest first (the screen's
  // default sort), and sorted by customer; p50/p95 over repeated runs.
  const adj = REPORTS.adjustments;
  const cases = [
    ['adjustments, customer contains "dental", newest first', { 'filter.companyName': ['dental'] }],
    ['adjustments, customer contains "dental", sorted by customer', { 'filter.companyName': ['dental'], sort: ['companyName'] }],
    ['adjustments, no filter, newest first, page 3', { page: ['3'] }],
  ] as const;
  for (const [label, raw] of cases) {
    const q = parseReportQuery(raw as unknown as Record<string, string[]>, shapeOf(adj, scope));
    const times: number[] = [];
    const cpus: number[] = [];
    let total = 0;
    for (let i = 0; i < (quick ? 5 : 15); i++) {
      const s = performance.now();
      const c = cpuMs();
      total = (await runReport(store, adj, scope, q)).total;
      times.push(performance.now() - s);
      cpus.push(cpuMs() - c);
    }
    lines.push(`  ${figure(`reports: page p50, ${label}`, percentile(times, 50), 'ms', { below: 50 }, 1)} (${total.toLocaleString('en-US')} rows match; CPU p50 ${percentile(cpus, 50).toFixed(1)} ms)`);
    lines.push(`  ${figure(`reports: page p95, ${label}`, percentile(times, 95), 'ms', { below: 50 }, 1)} (CPU p95 ${percentile(cpus, 95).toFixed(1)} ms)`);
    await explain(`page: ${label}`, () => runReport(store, adj, scope, q));
  }

  // The whole Adjustments log as CSV through the same stream the route returns, read to the end: once
  // for time, once with a GC after every piece to see what the stream keeps alive (constant memory
  // means that stays near one chunk's worth however long the file is).
  const all = parseReportQuery({ format: ['csv'] }, shapeOf(adj, scope));
  const readCsv = async (collect: boolean) => {
    let bytes = 0;
    let rows = 0;
    let livePeak = 0;
    const counted = (async function* () {
      for await (const chunk of allReportRows(store, adj, scope, all)) {
        rows += chunk.length;
        yield chunk;
      }
    })();
    const reader = reportCsvStream(adj.columns(scope), counted, scope.timeZone).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (collect) {
        globalThis.gc?.();
        livePeak = Math.max(livePeak, process.memoryUsage().heapUsed);
      }
    }
    return { bytes, rows, livePeak };
  };
  t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const { bytes, rows } = await readCsv(false);
  const csvMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  // CPU time beside wall time: on a shared, loaded machine the wall figure also counts other processes.
  lines.push(`  ${figure(`reports: CSV of the Adjustments log (${rows.toLocaleString('en-US')} rows, ${(bytes / 1048576).toFixed(1)} MB)`, csvMs / 1000, 's', { below: 1 })} ` +
    `(CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s)`);
  globalThis.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const { livePeak } = await readCsv(true);
  lines.push(`  ${figure('reports: live heap growth while the CSV streams (after GC, per piece)', (livePeak - heap0) / 1048576, 'MB', undefined, 1)} ` +
    `(the whole file is ${(bytes / 1048576).toFixed(1)} MB; ${globalThis.gc ? 'measured' : 'not measured: run with --expose-gc'})`);
  await explain('CSV chunks (first two statements)', async () => {
    let n = 0;
    for await (const chunk of allReportRows(store, adj, scope, all)) if (++n >= 2 || !chunk.length) break;
  });

  const now = new Date(NOW);
  const dashTimes: number[] = [];
  const dashCpus: number[] = [];
  for (let i = 0; i < (quick ? 3 : 7); i++) {
    const s = performance.now();
    const c = cpuMs();
    await buildDashboard(store, scope, now);
    dashTimes.push(performance.now() - s);
    dashCpus.push(cpuMs() - c);
  }
  lines.push(`  ${figure('reports: dashboard p50', percentile(dashTimes, 50), 'ms', { below: 50 }, 1)} (CPU p50 ${percentile(dashCpus, 50).toFixed(1)} ms)`);
  lines.push(`  ${figure('reports: dashboard p95', percentile(dashTimes, 95), 'ms', { below: 50 }, 1)} (CPU p95 ${percentile(dashCpus, 95).toFixed(1)} ms)`);
  await explain('dashboard', () => buildDashboard(store, scope, now));
  await store.close();
  return [...lines, '  Query plans (SQLite EXPLAIN QUERY PLAN):', ...plans];
}

export default benchReports;
