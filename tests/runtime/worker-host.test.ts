/**
 * The Workers host in wrangler's local runtime (workerd + local D1 + local Queues + static assets):
 * migrations applied with `wrangler d1 migrations apply`, then the same app answers, the screens are
 * served from the prebuilt widgets, it signs in, a Cron tick enqueues tenants whose cycles the Queue
 * consumer runs, and /readyz, /metrics (bearer METRICS_TOKEN) and /api/openapi.json answer. Skipped with a printed reason if wrangler cannot start.
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
  const migrate = spawnSync(wrangler, ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persist], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
  if (migrate.status !== 0) {
    skipReason = `wrangler d1 migrations apply failed: ${migrate.stderr || migrate.stdout}`;
    return;
  }
  const port = await freePort();
  const key = Buffer.alloc(32, 7).toString('base64');
  child = spawn(wrangler, ['dev', '--local', '--port', String(port), '--ip', '127.0.0.1', '--persist-to', persist, '--test-scheduled', '--var', 'DEMO_MODE:true', '--var', `SECRETS_KEY:${key}`, '--var', `METRICS_TOKEN:${metricsToken}`], {
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
}, 180_000);

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
