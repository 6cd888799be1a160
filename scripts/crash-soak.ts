/**
 * The soak: proves "nothing lost, nothing twice, nothing drifted" with real processes, many tenants on
 * both PSAs, a stormy network and random SIGKILLs.
 *
 * The parent owns a SQLite file and, per tenant, a Marketplace sandbox and an Autotask or ConnectWise
 * sandbox behind a fault front (scripts/soak/faults.ts: 5xx, 429, refusals, timeouts and unreadable
 * bodies, before the PSA saw a call or after it carried it out). Each tenant has a child process running
 * its sync cycles (scripts/soak/child.ts); the parent SIGKILLs it after a random moment, changes the
 * tenant through the product's own code (a count up or down, a same-day return to the previous count, a
 * relation cleared or pointed at another service), and starts the next child, which takes the dead
 * child's lease over at once. At the end the faults go off, a child drains each tenant, and the verdict
 * (scripts/soak/verdict.ts) compares each PSA with what the product believes.
 *
 *   npm run soak                          # bounded: 4 tenants, 60 kills
 *   npm run soak -- --long                # 8 tenants, 1,000 kills
 *   npm run soak -- --kills 300 --tenants 6 --resources 8 --fault-rate 0.4 --seed 7 --minutes 20
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSqlite } from '../server/db/open-node.js';
import { mulberry32 } from '../server/sandboxes/marketplace/prng.js';
import { createTenant, mutate, type MutationCounts, type SoakTenant } from './soak/tenants.js';
import { verdict } from './soak/verdict.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface SoakOptions {
  /** Tenants, alternately Autotask and ConnectWise. */
  tenants: number;
  /** Linked resources per tenant (at most what its customers' contracts offer). */
  resources: number;
  /** Stop after this many SIGKILLs in all. */
  kills: number;
  seed: number;
  /** A child is killed after a random time up to this (ms). */
  maxLifeMs: number;
  /** Share of PSA calls that fail. */
  faultRate: number;
  /** Also stop killing after this many minutes (a bound for a shared machine); the drain and verdict follow. */
  maxMinutes?: number;
  keep?: boolean;
  log?: (line: string) => void;
}

export interface SoakReport extends MutationCounts {
  tenants: number;
  resources: number;
  kills: number;
  psaCalls: number;
  faults: number;
  faultsByKind: Record<string, number>;
  posted: number;
  accepted: number;
  duplicates: string[];
  lost: string[];
  drifted: string[];
  inFlight: string[];
  ok: boolean;
}

/** The child as one bundled file: starting it costs a fraction of loading TypeScript through tsx. */
async function bundleChild(): Promise<string> {
  // Two levels below the repository root, as server/db/open-node.ts is: it finds migrations/ from there.
  const out = path.join(here, '..', 'node_modules', '.cache', 'idsync-soak-child.mjs');
  const { build } = await import('esbuild');
  // Dependencies go in too (half the start-up time on a loaded machine), except native and optional ones.
  await build({
    entryPoints: [path.join(here, 'soak', 'child.ts')], outfile: out, bundle: true, platform: 'node', format: 'esm', logLevel: 'error',
    external: ['better-sqlite3', 'mssql', 'tedious', 'soap', 'nodemailer', 'pino', 'pino-pretty', 'thread-stream'],
    banner: { js: "import { createRequire as __soakRequire } from 'node:module'; const require = __soakRequire(import.meta.url);" },
  });
  return out;
}

function startChild(bundle: string, db: string, tenant: string, mode: 'loop' | 'drain'): Promise<ChildProcess> {
  const p = spawn(process.execPath, [bundle, '--db', db, '--tenant', tenant, '--mode', mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => {
    p.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve(p));
    p.once('exit', () => resolve(p));
  });
}

const exited = (p: ChildProcess) => new Promise<number | null>((resolve) => (p.exitCode !== null || p.signalCode ? resolve(p.exitCode) : p.once('exit', (code) => resolve(code))));

export async function runSoak(o: SoakOptions): Promise<SoakReport> {
  const log = o.log ?? (() => undefined);
  const rand = mulberry32(o.seed);
  const now = new Date();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soak-'));
  const dbFile = path.join(dir, 'soak.sqlite');
  const { store } = openSqlite(dbFile);
  const tenants: SoakTenant[] = [];
  try {
    const bundle = await bundleChild();
    for (let i = 0; i < o.tenants; i++) tenants.push(await createTenant(store, i, i % 2 === 0 ? 'autotask' : 'connectwise', { resources: o.resources, faultRate: o.faultRate, rand, now }));
    const linked = tenants.reduce((s, t) => s + t.resources.length, 0);
    log(`soak: ${tenants.length} tenants (${tenants.filter((t) => t.psa === 'autotask').length} Autotask, ${tenants.filter((t) => t.psa === 'connectwise').length} ConnectWise), ${linked} linked resources, seed ${o.seed}, fault rate ${o.faultRate}`);

    const n: MutationCounts = { changes: 0, sameDayReturns: 0, clears: 0, repoints: 0 };
    let kills = 0;
    const stopAt = Date.now() + (o.maxMinutes ?? Infinity) * 60_000;
    // One child per tenant at a time, all tenants at once; every kill is followed by changes to that tenant.
    await Promise.all(tenants.map(async (ten) => {
      while (kills < o.kills && Date.now() < stopAt) {
        const p = await startChild(bundle, dbFile, ten.id, 'loop');
        // The kill comes at a random moment after the child started talking to the PSA (however slow a
        // loaded machine makes its start); a child with nothing to send is killed after a while anyway.
        let idle: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([ten.front.nextCall(), exited(p), new Promise((r) => (idle = setTimeout(r, 10 * o.maxLifeMs)))]);
        clearTimeout(idle);
        await new Promise((r) => setTimeout(r, Math.floor(rand() * o.maxLifeMs)));
        if (p.exitCode !== null || p.signalCode) throw new Error(`the sync child of ${ten.id} stopped by itself (${p.exitCode ?? p.signalCode})`);
        p.kill('SIGKILL');
        kills += 1;
        if (kills % 100 === 0) log(`soak: ${kills} kills`);
        await exited(p);
        for (let m = 1 + Math.floor(rand() * 2); m > 0; m--) await mutate(store, ten, rand, n);
      }
    }));

    for (const ten of tenants) {
      ten.front.enabled = false;
      ten.at?.controls.releaseHung();
      ten.cw?.controls.reset();
    }
    await Promise.all(tenants.map(async (ten) => {
      const code = await exited(await startChild(bundle, dbFile, ten.id, 'drain'));
      if (code !== 0) log(`soak: the drain of ${ten.id} exited with ${code}`);
    }));

    const far = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 2, 1)).toISOString().slice(0, 10);
    const v = await verdict(store, tenants, far);
    const psaCalls = tenants.reduce((s, t) => s + t.front.counts.calls, 0);
    const faults = tenants.reduce((s, t) => s + t.front.counts.faulted, 0);
    const faultsByKind: Record<string, number> = {};
    for (const t of tenants) for (const [k, c] of Object.entries(t.front.counts.byKind)) faultsByKind[k] = (faultsByKind[k] ?? 0) + c;
    const report: SoakReport = { tenants: tenants.length, resources: linked, kills, ...n, psaCalls, faults, faultsByKind, posted: v.posted, accepted: v.accepted, duplicates: v.duplicates, lost: v.lost, drifted: v.drifted, inFlight: v.inFlight, ok: !v.duplicates.length && !v.lost.length && !v.drifted.length && !v.inFlight.length };
    const pct = psaCalls ? ((100 * faults) / psaCalls).toFixed(1) : '0';
    log(`soak: changes made ${n.changes} (same-day returns ${n.sameDayReturns}), relations cleared ${n.clears}, re-pointed ${n.repoints}`);
    log(`soak: kills ${kills}, PSA calls under faults ${psaCalls}, faults injected ${faults} (${pct}% of those calls): ${Object.entries(faultsByKind).sort().map(([k, c]) => `${k} ${c}`).join(', ')}`);
    log(`soak: adjustments posted ${v.posted}, accepted by the PSAs ${v.accepted}`);
    log(`soak: duplicates ${v.duplicates.length}, lost ${v.lost.length}, drifted ${v.drifted.length}, in flight ${v.inFlight.length} -> ${report.ok ? 'OK' : 'FAILED'}`);
    for (const line of [...v.duplicates, ...v.lost, ...v.drifted, ...v.inFlight].slice(0, 40)) log(`  ${line}`);
    return report;
  } finally {
    await store.close();
    await Promise.all(tenants.map((t) => t.close()));
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

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = parseArgs(process.argv.slice(2));
  const long = args.has('long');
  runSoak({
    tenants: Number(args.get('tenants') ?? (long ? 8 : 4)),
    resources: Number(args.get('resources') ?? (long ? 8 : 6)),
    kills: Number(args.get('kills') ?? (long ? 1000 : 60)),
    seed: Number(args.get('seed') ?? Date.now() % 100_000),
    maxLifeMs: Number(args.get('max-life') ?? 1500),
    faultRate: Number(args.get('fault-rate') ?? 0.35),
    maxMinutes: args.has('minutes') ? Number(args.get('minutes')) : undefined,
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
