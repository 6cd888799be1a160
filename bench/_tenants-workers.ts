/**
 * The Workers host under the tenants bench, in wrangler's local runtime (workerd, local D1 and Queues) as
 * tests/runtime/worker-host.test.ts starts it: the deployed wrangler.toml (queue consumer settings as
 * deployed) without the screens' assets, migrations applied by wrangler, the same tenant rows as the Node
 * host (sealed with the Worker's SECRETS_KEY, dumped to SQL and loaded with `wrangler d1 execute`). Local
 * wrangler runs no Cron by itself, so the bench calls `/__scheduled` at the deployed cadence (every minute)
 * while waiting, as Cron would. The store's runs are read straight from the local D1 file, read-only.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { createSecretBox } from '../server/auth/secret-box.js';
import { openSqlite } from '../server/db/open-node.js';
import type { SandboxProcess } from './_ipc.js';
import type { SandboxRequest, TenantWorld } from './_tenants-sandboxes.js';
import { seedTenants } from './_tenants-seed.js';
import { untilAllPosted, untilWarm, type HostRun, type RunRow } from './_tenants-figures.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const wrangler = path.join(root, 'node_modules/.bin/wrangler');
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true', NO_COLOR: '1' };
/** The deployed Cron cadence (wrangler.toml `crons = ["* * * * *"]`). */
const CRON_MS = 60_000;
/** How often a tenant is due: less than the Cron period, so every Cron tick finds every tenant due (the scheduler at capacity). */
const INTERVAL_S = 10;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function sqlValue(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (Buffer.isBuffer(v)) return `X'${v.toString('hex')}'`;
  return `'${String(v).replaceAll("'", "''")}'`;
}

/** Every row of every table but the migration journal, as INSERT statements. */
function dumpRows(file: string): string {
  const db = new Database(file, { readonly: true });
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%migrations%'").all() as { name: string }[]).map((r) => r.name);
  const out: string[] = [];
  for (const table of tables) {
    for (const row of db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[]) {
      const cols = Object.keys(row);
      out.push(`INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map((c) => sqlValue(row[c])).join(', ')});`);
    }
  }
  db.close();
  return out.join('\n');
}

function run(args: string[]): void {
  const r = spawnSync(wrangler, args, { cwd: root, env, encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) throw new Error(`wrangler ${args.slice(0, 3).join(' ')} failed: ${(r.stderr || r.stdout).slice(-1500)}`);
}

function findD1File(dir: string): string | null {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      const f = findD1File(p);
      if (f) return f;
    } else if (e.name.endsWith('.sqlite') && !p.includes('metadata')) return p;
  }
  return null;
}

export async function workersHost(sandboxes: SandboxProcess<SandboxRequest>, url: string, worlds: TenantWorld[]): Promise<HostRun> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'idsync-tenants-wrangler-'));
  const persist = path.join(work, 'persist');
  const config = path.join(work, 'wrangler.toml');
  fs.writeFileSync(config, fs.readFileSync(path.join(root, 'wrangler.toml'), 'utf8')
    .replace('main = "server/worker.ts"', `main = ${JSON.stringify(path.join(root, 'server/worker.ts'))}`)
    .replace(/\[build\]\n[^\n]*\n/, '')
    .replace(/\[assets\]\n[^\n]*\n[^\n]*\n/, '')
    .replace('migrations_dir = "migrations/d1"', `migrations_dir = ${JSON.stringify(path.join(root, 'migrations/d1'))}`));
  const key = crypto.getRandomValues(new Uint8Array(32));
  let child: ReturnType<typeof spawn> | null = null;
  let log = '';
  try {
    const t0 = performance.now();
    run(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persist, '-c', config]);
    const seedFile = path.join(work, 'seed.sqlite');
    const seeded = openSqlite(seedFile);
    await seedTenants(seeded.store, await createSecretBox(key), url, worlds, new Date());
    await seeded.store.close();
    fs.writeFileSync(path.join(work, 'seed.sql'), dumpRows(seedFile));
    run(['d1', 'execute', 'DB', '--local', '--persist-to', persist, '-c', config, '--file', path.join(work, 'seed.sql')]);
    const seededMs = performance.now() - t0;

    const port = await freePort();
    child = spawn(wrangler, ['dev', '-c', config, '--local', '--port', String(port), '--ip', '127.0.0.1', '--persist-to', persist, '--test-scheduled',
      '--var', 'DEMO_MODE:false', '--var', `SECRETS_KEY:${Buffer.from(key).toString('base64')}`, '--var', `SYNC_INTERVAL_SECONDS:${INTERVAL_S}`], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.stdout!.on('data', (d) => (log += d));
    child.stderr!.on('data', (d) => (log += d));
    const origin = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      if (await fetch(`${origin}/readyz`).then((r) => r.ok).catch(() => false)) break;
      if (child.exitCode !== null || i > 240) throw new Error(`wrangler dev did not answer: ${log.slice(-1500)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    const d1 = findD1File(persist);
    if (!d1) throw new Error('local D1 file not found');
    const readRuns = async (): Promise<RunRow[]> => {
      const db = new Database(d1, { readonly: true, fileMustExist: true });
      try {
        return db.prepare('SELECT tenant_id AS tenantId, "trigger", status, started_at AS startedAt, finished_at AS finishedAt, error FROM sync_runs').all() as RunRow[];
      } finally {
        db.close();
      }
    };
    let lastCron = 0;
    const cron = async () => {
      lastCron = performance.now();
      const r = await fetch(`${origin}/__scheduled?cron=*+*+*+*+*`);
      if (!r.ok) throw new Error(`/__scheduled answered ${r.status}`);
    };
    const cronOnSchedule = async () => {
      if (performance.now() - lastCron >= CRON_MS) await cron();
    };

    // Warm-up: Cron until every tenant has had a cycle (its first, full read) and a drift check.
    const w0 = performance.now();
    await cron();
    let driftAsked = false;
    await untilWarm(readRuns, worlds.length, Math.max(600_000, worlds.length * 8000), async (synced) => {
      // Once every tenant has a cycle its drift check is due: one Cron now rather than at the minute.
      if (synced >= worlds.length && !driftAsked) {
        driftAsked = true;
        await cron();
      } else await cronOnSchedule();
    });
    // Steady state: the queue has drained (no cycle running) and every tenant is due again.
    for (;;) {
      const runs = await readRuns();
      const newest = runs.filter((r) => r.trigger !== 'drift').reduce((m, r) => (r.startedAt > m ? r.startedAt : m), '');
      const due = Date.parse(newest) + INTERVAL_S * 1000 <= Date.now();
      if (due && runs.every((r) => r.finishedAt)) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    const warmMs = performance.now() - w0;

    const changedAtIso = new Date().toISOString();
    await sandboxes.ask({ op: 'change' });
    await cron();
    const latencies = await untilAllPosted(sandboxes, Math.max(300_000, worlds.length * 5000), cronOnSchedule);
    // Cycles already queued finish before the runs are read, so overlaps are judged on complete rows.
    for (let i = 0; i < 120 && (await readRuns()).some((r) => !r.finishedAt); i++) await new Promise((r) => setTimeout(r, 500));
    const errors = log.split('\n').filter((l) => l.includes('"level":"error"'));
    return {
      host: 'Workers', tenants: worlds.length, latencies, seededMs, warmMs, runs: await readRuns(), changedAtIso, productCpuS: null,
      errors: errors.length, firstError: errors[0] ?? null,
      note: `wrangler ${spawnSync(wrangler, ['--version'], { encoding: 'utf8' }).stdout.trim()} local, Cron every ${CRON_MS / 1000} s, tenants due every ${INTERVAL_S} s, queue consumer as deployed`,
    };
  } finally {
    if (child?.pid && child.exitCode === null) {
      process.kill(-child.pid, 'SIGTERM');
      await new Promise((r) => setTimeout(r, 1000));
      if (child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    }
    fs.rmSync(work, { recursive: true, force: true });
  }
}
