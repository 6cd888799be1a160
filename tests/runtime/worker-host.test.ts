/**
 * The Workers host in wrangler's local runtime (workerd + local D1 + local Queues + static assets):
 * migrations applied with `wrangler d1 migrations apply`, then the same app answers, the screens are
 * served from the prebuilt widgets, it signs in, a Cron tick enqueues tenants whose cycles the Queue
 * consumer runs, and /readyz, /metrics (bearer METRICS_TOKEN) and /api/openapi.json answer. A queued cycle that
 * always fails (D1 refuses its write) ends in the dead-letter queue and shows in the Failure log. Skipped with
 * a printed reason if wrangler cannot start.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const wrangler = path.join(root, 'node_modules/.bin/wrangler');
const persist = fs.mkdtempSync(path.join(os.tmpdir(), 'idsync-d1-'));
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true', NO_COLOR: '1' };
/**
 * wrangler.toml with the main queue's retries made short for the test (1 retry, no delay) and its paths made
 * absolute; everything else (bindings, the dead-letter queue and its consumer) is the deployed config.
 */
const config = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'idsync-wrangler-')), 'wrangler.toml');
fs.writeFileSync(config, fs.readFileSync(path.join(root, 'wrangler.toml'), 'utf8')
  .replace('main = "server/worker.ts"', `main = ${JSON.stringify(path.join(root, 'server/worker.ts'))}`)
  .replace('[build]\n', `[build]\ncwd = ${JSON.stringify(root)}\nwatch_dir = ${JSON.stringify(path.join(root, 'widgets'))}\n`)
  .replace('directory = "./dist/widgets"', `directory = ${JSON.stringify(path.join(root, 'dist/widgets'))}`)
  .replace('migrations_dir = "migrations/d1"', `migrations_dir = ${JSON.stringify(path.join(root, 'migrations/d1'))}`)
  .replace(/max_retries = 3\nretry_delay = 60/, 'max_retries = 1\nretry_delay = 0'));
/**
 * The fault: once the tenant has a successful cycle, D1 refuses to record any further queued cycle (as a
 * D1 outage would), so that message fails on every delivery. The dead letter's own run is let through.
 */
const FAULT = `CREATE TRIGGER dlq_test_fault BEFORE INSERT ON sync_runs
  WHEN NEW."trigger" = 'queue' AND EXISTS (SELECT 1 FROM sync_runs WHERE tenant_id = NEW.tenant_id AND status = 'ok')
  BEGIN SELECT RAISE(ABORT, 'D1 refused the write'); END;`;
let child: ChildProcess | null = null;
let origin = '';
let log = '';
let skipReason: string | null = null;
const metricsToken = 'worker-metrics-token-0123456789';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  const migrate = spawnSync(wrangler, ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persist, '-c', config], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
  if (migrate.status !== 0) {
    skipReason = `wrangler d1 migrations apply failed: ${migrate.stderr || migrate.stdout}`;
    return;
  }
  const fault = spawnSync(wrangler, ['d1', 'execute', 'DB', '--local', '--persist-to', persist, '-c', config, '--command', FAULT], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
  if (fault.status !== 0) {
    skipReason = `wrangler d1 execute failed: ${fault.stderr || fault.stdout}`;
    return;
  }
  const port = await freePort();
  const key = Buffer.alloc(32, 7).toString('base64');
  child = spawn(wrangler, ['dev', '-c', config, '--local', '--port', String(port), '--ip', '127.0.0.1', '--persist-to', persist, '--test-scheduled', '--var', 'DEMO_MODE:true', '--var', `SECRETS_KEY:${key}`, '--var', `METRICS_TOKEN:${metricsToken}`, '--var', 'SYNC_INTERVAL_SECONDS:10'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  origin = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    const ok = await fetch(`${origin}/readyz`).then((r) => r.ok).catch(() => false);
    if (ok) return;
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  skipReason = `wrangler dev did not answer: ${log.slice(-2000)}`;
}, 300_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

describe('Workers host (wrangler local runtime)', () => {
  it('serves health from D1 with the applied migration', async (ctx) => {
    if (skipReason) {
      console.log(`[worker] skipped: ${skipReason}`);
      return ctx.skip();
    }
    const health = (await (await fetch(`${origin}/healthz`)).json()) as { database: { dialect: string; migration: string } };
    expect(health.database.dialect).toBe('d1');
    expect(health.database.migration).toMatch(/^\d{14}_/);
  });

  it('serves the screens as static assets: the shell with its CSP for a screen URL, and the hashed script', async (ctx) => {
    if (skipReason) return ctx.skip();
    // A browser navigation (fetch() always sends Sec-Fetch-Mode: cors, so plain http here).
    const shell = await new Promise<{ status: number; csp: string; html: string }>((resolve, reject) => {
      http
        .get(`${origin}/reports/unlinked?context=autotask`, { headers: { 'sec-fetch-mode': 'navigate', accept: 'text/html' } }, (res) => {
          let html = '';
          res.on('data', (d) => (html += d)).on('end', () => resolve({ status: res.statusCode!, csp: String(res.headers['content-security-policy']), html }));
        })
        .on('error', reject);
    });
    expect(shell.status).toBe(200);
    expect(shell.csp).toMatch(/script-src 'self'/);
    const html = shell.html;
    const script = /src="(\/assets\/app\.[A-Z0-9]+\.js)"/.exec(html)?.[1];
    expect(script).toBeTruthy();
    const js = await fetch(`${origin}${script}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    // API calls are not navigations: they reach the Worker, not the shell.
    expect((await fetch(`${origin}/api/me`)).status).toBe(401);
  });

  it('signs in, and a Cron tick runs the due tenants through the Queue', async (ctx) => {
    if (skipReason) return ctx.skip();
    const login = await fetch(`${origin}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@demo.example', password: 'demo' }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    expect((await fetch(`${origin}/__scheduled?cron=*+*+*+*+*`)).status).toBe(200);
    let last: { status?: string; trigger?: string } | null = null;
    for (let i = 0; i < 60 && !last; i++) {
      await new Promise((r) => setTimeout(r, 500));
      const s = (await (await fetch(`${origin}/api/sync`, { headers: { cookie } })).json()) as { last: { status: string } | null };
      last = s.last;
    }
    expect(last).not.toBeNull();
    expect(last!.status).toBe('ok');
  }, 60_000);

  it('a queued cycle that fails on every delivery ends in the dead-letter queue and shows in the Failure log', async (ctx) => {
    if (skipReason) return ctx.skip();
    const login = await fetch(`${origin}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@demo.example', password: 'demo' }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    type Failures = { total: number; rows: { status: string; lastError: string; resourceName: string }[] };
    const failures = async () => ((await (await fetch(`${origin}/api/reports/failures?filter.status=sync_failed`, { headers: { cookie } })).json()) as Failures);
    // The tenant is due again once its interval (10 s) passed since the last recorded cycle: tick until the
    // queue has tried the message twice (max_retries = 1) and its dead letter is recorded.
    // A delivery that fails first shows as a failed cycle ("Sync cycle"); the dead letter replaces it.
    const deadLetter = (p: Failures) => p.rows.some((r) => r.resourceName === 'Queued sync (given up)');
    let page: Failures = { total: 0, rows: [] };
    for (let i = 0; i < 180 && !deadLetter(page); i++) {
      await fetch(`${origin}/__scheduled?cron=*+*+*+*+*`);
      await new Promise((r) => setTimeout(r, 1000));
      page = await failures();
    }
    // One row per tenant at most; under load the other demo tenant's cycle may have failed too.
    expect(page.total, log.slice(-3000)).toBeGreaterThanOrEqual(1);
    const row = page.rows.find((r) => r.resourceName === 'Queued sync (given up)');
    expect(row).toMatchObject({ status: 'sync_failed', resourceName: 'Queued sync (given up)' });
    // The count is the consumer's last msg.attempts as wrangler's local queue reports it (1 or 2 with max_retries = 1).
    expect(row!.lastError).toMatch(/^The sync for this tenant could not run: .*D1 refused the write.*; the queue gave up after [12] attempts?\./);
    // Messages enqueued by earlier ticks may still be failing: a newer failed cycle can replace the row by now,
    // so the CSV is checked for the tenant's sync row in either words.
    const csv = await (await fetch(`${origin}/api/reports/failures?format=csv&filter.status=sync_failed`, { headers: { cookie } })).text();
    expect(csv).toMatch(/The sync for this tenant could not run|Sync cycle/);
    const metrics = await (await fetch(`${origin}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })).text();
    // Counters live per isolate (README): the scrape may reach one that did not consume the dead letter, so
    // only a dead_letter line that is there is checked. The Failure log row above is the durable record.
    const deadLetters = metrics.match(/idsync_cycle_failures_total\{[^}]*where="dead_letter"[^}]*\} (\d+)/);
    if (deadLetters) expect(Number(deadLetters[1])).toBeGreaterThanOrEqual(1);
    expect(metrics).toMatch(/# TYPE idsync_sync_cycles_total counter/);
  }, 240_000);

  it('serves /metrics to the bearer of METRICS_TOKEN only, and the OpenAPI document', async (ctx) => {
    if (skipReason) return ctx.skip();
    expect((await fetch(`${origin}/metrics`)).status).toBe(401);
    const res = await fetch(`${origin}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/# TYPE idsync_sync_cycles_total counter/);
    const doc = (await (await fetch(`${origin}/api/openapi.json`)).json()) as { openapi: string };
    expect(doc.openapi).toBe('3.1.0');
  });
});
