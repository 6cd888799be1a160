/**
 * Crash soak: proves "nothing lost, nothing twice" with real processes.
 *
 * The parent serves the Marketplace and Autotask sandboxes on 127.0.0.1 and owns a SQLite file. In each
 * round it changes random Marketplace counts, queues random Autotask faults (refusals, outages, answers
 * lost after the adjustment was saved, hung requests, failing reads), then starts a child process that
 * runs sync cycles against them over HTTP and SIGKILLs it at a random moment. At the end, with the faults
 * gone, a child drains the work; then every linked resource's Autotask units must equal its Marketplace
 * count, every adjustment Autotask accepted must be one posted row (no duplicate), and no row may be left
 * in flight.
 *
 *   npx tsx scripts/crash-soak.ts                 # bounded run (the test suite runs the same, smaller)
 *   npx tsx scripts/crash-soak.ts --long          # many more rounds and resources
 *   npx tsx scripts/crash-soak.ts --rounds 50 --resources 40 --seed 7
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq, isNull } from 'drizzle-orm';
import { openSqlite } from '../server/db/open-node.js';
import { demoAutotaskData } from '../server/sandboxes/autotask/index.js';
import { runCycle } from '../server/sync/cycle.js';
import { loadOpenRows } from '../server/sync/repo.js';
import { sandboxUnits, seedTenant, startSandboxes, TENANT, worldDeps, writeLinks, type LinkSpec } from '../tests/integration/sync/world.js';
import { mulberry32 } from '../server/sandboxes/marketplace/prng.js';

const here = fileURLToPath(import.meta.url);

export interface SoakOptions {
  rounds: number;
  /** Linked resources (at most what the demo world has). */
  resources: number;
  seed: number;
  /** A child is killed after a random time up to this (ms). */
  maxLifeMs: number;
  /** Keep the SQLite file for inspection. */
  keep?: boolean;
  log?: (line: string) => void;
}

export interface SoakReport {
  rounds: number;
  kills: number;
  resources: number;
  accepted: number;
  postedRows: number;
  mismatches: string[];
  duplicates: string[];
  inFlight: number;
  ok: boolean;
}

/** Deterministic PRNG so a failing seed can be replayed. */
const prng = mulberry32;

const CHILD_OPTIONS = { leaseTtlMs: 1200, settleAfterMs: 150, budgetMs: 30_000, concurrency: 3, retry: { transientBaseMs: 20, transientCapMs: 100, slowBaseMs: 20, slowCapMs: 100 } };

/** The child: run cycles until killed (`loop`) or until nothing is left to do (`drain`). */
async function child(args: Map<string, string>): Promise<void> {
  const store = openSqlite(args.get('db')!).store;
  const deps = worldDeps(store, { psaTimeoutMs: 400, options: CHILD_OPTIONS });
  const drain = args.get('mode') === 'drain';
  process.stdout.write('ready\n');
  for (let i = 0; i < (drain ? 200 : Infinity); i++) {
    const r = await runCycle(deps, TENANT, { trigger: 'soak' });
    if (!r) {
      await new Promise((res) => setTimeout(res, 150)); // a killed child's lease has not expired yet
      continue;
    }
    if (drain) {
      const open = (await loadOpenRows(store, TENANT, '0000-01-01')).filter((x) => x.status !== 'posted');
      const unreconciled = await store.db.select().from(store.t.resourceLinks).where(isNull(store.t.resourceLinks.ledgerUnits));
      if (open.length === 0 && unreconciled.length === 0 && (r.summary.planned as number) === 0) break;
      await new Promise((res) => setTimeout(res, 100));
    }
  }
  await store.close();
  process.exit(0);
}

function startChild(db: string, mode: 'loop' | 'drain'): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', here, '--child', '--db', db, '--mode', mode], { stdio: ['ignore', 'pipe', 'inherit'] });
}

/** Resolves when the child has opened the database and is about to run cycles (or has exited). */
function ready(p: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    p.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    p.once('exit', () => resolve());
  });
}

const exited = (p: ChildProcess) => new Promise<number | null>((resolve) => (p.exitCode !== null || p.signalCode ? resolve(p.exitCode) : p.once('exit', (code) => resolve(code))));

export async function runSoak(o: SoakOptions): Promise<SoakReport> {
  const log = o.log ?? (() => undefined);
  const rand = prng(o.seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const now = new Date();
  const today = now.toISOString().slice(0, 10);
  const world = await startSandboxes({ autotask: demoAutotaskData(now) });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crash-soak-'));
  const dbFile = path.join(dir, 'soak.sqlite');
  const { store } = openSqlite(dbFile);
  try {
    await seedTenant(store, world, now);
    const deps = worldDeps(store);
    await deps.marketplace.refresh(TENANT, { full: true });
    // Link monthly resources to free contract services of their company's contract (Venture Logistics'
    // contract ends this month, so its decreases would fail until extended: extend it up front).
    world.at.controls.extendContract(29747611, `${Number(today.slice(0, 4)) + 2}-12-31`);
    const { t } = store;
    const resources = await store.db.select({ sub: t.mpResources.odinSubscriptionId, res: t.mpResources.odinResourceId, mpn: t.mpResources.mpn, account: t.mpSubscriptions.odinAccountId, period: t.mpSubscriptions.billingPeriod })
      .from(t.mpResources).innerJoin(t.mpSubscriptions, eq(t.mpSubscriptions.odinSubscriptionId, t.mpResources.odinSubscriptionId));
    const links: (LinkSpec & { mpn: string | null; csId: number })[] = [];
    const used = new Set<number>();
    for (const r of resources.sort((a, b) => (a.sub + a.res < b.sub + b.res ? -1 : 1))) {
      if (links.length >= o.resources) break;
      const k = Number(r.account) - 1200000500;
      if (k < 0 || k > 9 || /12|year/.test(r.period ?? '')) continue;
      const contractId = 29747601 + k * 10;
      const cs = world.at.state.contractServices.find((c) => c.contractID === contractId && !used.has(c.id));
      if (!cs) continue;
      used.add(cs.id);
      const ledger = links.length % 2 === 0 ? sandboxUnits(world.at, cs.id, today) : null;
      links.push({ odinAccountId: r.account, odinSubscriptionId: r.sub, odinResourceId: r.res, psaAccountId: String(29683501 + k), psaContractId: String(contractId), psaServiceId: String(cs.serviceID), psaContractServiceId: String(cs.id), ledgerUnits: ledger, mpn: r.mpn, csId: cs.id });
      // Linked-with-ledger resources start in step with the PSA; the others get reconciled by the cycle.
      if (ledger !== null) world.mp.controls.setCount(r.sub, r.mpn ?? r.res, ledger);
    }
    await writeLinks(store, links, now);
    await deps.marketplace.refresh(TENANT, { full: false });
    log(`soak: ${links.length} linked resources, ${o.rounds} rounds, seed ${o.seed}`);

    const faultKinds = [
      () => ({ kind: 'status' as const, status: 500, method: 'POST', path: 'ServiceAdjustments', body: JSON.stringify({ errors: ['Injected refusal: the record is locked by another user.'] }) }),
      () => ({ kind: 'status' as const, status: 503, method: 'POST', path: 'ServiceAdjustments', body: 'Service Unavailable' }),
      () => ({ kind: 'status' as const, status: 429, method: 'POST', path: 'ServiceAdjustments', retryAfter: '0', body: JSON.stringify({ errors: ['The request threshold has been exceeded.'] }) }),
      () => ({ kind: 'status' as const, status: 502, method: 'POST', path: 'ServiceAdjustments', phase: 'after' as const, body: 'Bad Gateway' }),
      () => ({ kind: 'hang' as const, method: 'POST', path: 'ServiceAdjustments', phase: 'after' as const }),
      () => ({ kind: 'hang' as const, method: 'POST', path: 'ServiceAdjustments' }),
      () => ({ kind: 'status' as const, status: 503, path: 'ContractServiceUnits', body: 'Service Unavailable' }),
    ];
    let kills = 0;
    for (let round = 0; round < o.rounds; round++) {
      const changes = 1 + Math.floor(rand() * 3);
      for (let i = 0; i < changes; i++) {
        const l = pick(links);
        world.mp.controls.setCount(l.odinSubscriptionId, l.mpn ?? l.odinResourceId, Math.floor(rand() * 30));
      }
      world.at.controls.clearFaults();
      const faults = Math.floor(rand() * 3);
      for (let i = 0; i < faults; i++) world.at.controls.inject({ ...pick(faultKinds)(), times: 1 + Math.floor(rand() * 2) });
      const p = startChild(dbFile, 'loop');
      await ready(p);
      const life = Math.floor(rand() * o.maxLifeMs);
      await new Promise((r) => setTimeout(r, life));
      if (p.exitCode === null) {
        p.kill('SIGKILL');
        kills += 1;
      }
      await exited(p);
      if (round % 10 === 9) log(`soak: round ${round + 1}/${o.rounds}`);
    }
    world.at.controls.clearFaults();
    world.at.controls.releaseHung();
    const drain = startChild(dbFile, 'drain');
    const code = await exited(drain);
    if (code !== 0) throw new Error(`drain child exited with ${code}`);

    // Verdict.
    const far = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 2, 1)).toISOString().slice(0, 10);
    const snapshot = await store.db.select().from(t.mpResources);
    const counts = new Map(snapshot.map((r) => [`${r.odinSubscriptionId}|${r.odinResourceId}`, r.count]));
    const mismatches: string[] = [];
    for (const l of links) {
      const want = counts.get(`${l.odinSubscriptionId}|${l.odinResourceId}`) ?? 0;
      const have = sandboxUnits(world.at, l.csId, far);
      if (want !== have) mismatches.push(`resource ${l.odinResourceId}: Marketplace ${want}, Autotask ${have} on ${far}`);
    }
    const rows = await store.db.select().from(t.adjustments);
    const posted = rows.filter((r) => r.status === 'posted');
    const accepted = world.at.controls.adjustments();
    const duplicates: string[] = [];
    for (const l of links) {
      const mine = posted.filter((r) => r.psaContractServiceId === String(l.csId));
      const theirs = accepted.filter((a) => a.contractServiceID === l.csId);
      const key = (x: { unitChange: number; effectiveDate: string }) => `${x.effectiveDate.slice(0, 10)}:${x.unitChange}`;
      const a = mine.map(key).sort().join(',');
      const b = theirs.map(key).sort().join(',');
      if (a !== b) duplicates.push(`contract service ${l.csId}: posted rows [${a}] but Autotask accepted [${b}]`);
    }
    const inFlight = rows.filter((r) => r.status === 'posting' || r.status === 'unknown').length;
    const retried = rows.filter((r) => r.attempts > 1).length;
    const troubled = rows.filter((r) => r.lastErrorKind !== null).length;
    log(`soak: ${rows.length} rows, ${retried} sent more than once (after a refusal or a settled non-landing), ${troubled} met an error or a crash`);
    const report: SoakReport = { rounds: o.rounds, kills, resources: links.length, accepted: accepted.length, postedRows: posted.length, mismatches, duplicates, inFlight, ok: !mismatches.length && !duplicates.length && inFlight === 0 };
    log(`soak: ${kills} kills, ${accepted.length} adjustments accepted by Autotask, ${posted.length} posted rows, ${mismatches.length} mismatches, ${duplicates.length} duplicate/lost, ${inFlight} in flight -> ${report.ok ? 'OK' : 'FAILED'}`);
    for (const m of [...mismatches, ...duplicates]) log(`  ${m}`);
    for (const r of rows.filter((x) => x.status === 'posting' || x.status === 'unknown')) {
      log(`  in flight: ${r.psaContractServiceId} ${r.effectiveDate} ${r.unitChange} before=${r.unitsBefore} attempts=${r.attempts} ${r.status}: ${r.lastError}`);
    }
    return report;
  } finally {
    await store.close();
    await world.close();
    if (o.keep) log(`soak: database kept at ${dbFile}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

function parseArgs(argv: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) continue;
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) {
      out.set(a.slice(2), next);
      i++;
    } else out.set(a.slice(2), 'true');
  }
  return out;
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === here;
if (invokedDirectly) {
  const args = parseArgs(process.argv.slice(2));
  if (args.has('child')) {
    void child(args);
  } else {
    const long = args.has('long');
    runSoak({
      rounds: Number(args.get('rounds') ?? (long ? 200 : 30)),
      resources: Number(args.get('resources') ?? (long ? 24 : 12)),
      seed: Number(args.get('seed') ?? Date.now() % 100_000),
      maxLifeMs: Number(args.get('max-life') ?? 1500),
      keep: args.has('keep'),
      log: (l) => process.stdout.write(`${l}\n`),
    }).then(
      (r) => process.exit(r.ok ? 0 : 1),
      (err) => {
        process.stderr.write(`${(err as Error).stack ?? err}\n`);
        process.exit(2);
      },
    );
  }
}
