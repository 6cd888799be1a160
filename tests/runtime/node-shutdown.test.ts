/**
 * Graceful shutdown of the Node host as a real process: SIGTERM while a cycle's Autotask post is held by
 * the sandbox (a slow Autotask). The host stops taking requests (503, /readyz 503) and starting cycles,
 * lets the held post finish once the sandbox answers, records it exactly once, closes the store and
 * exits 0. Every wait is on an event: the sandbox says the post is held, the process says it exited.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');
let child: ReturnType<typeof spawn> | null = null;

afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

async function until<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('Node host shutdown', () => {
  it('on SIGTERM lets the post in flight finish, records it once, and exits 0', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'idsync-stop-'));
    child = spawn(tsx, ['server/node.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'info', SCHEDULER: 'false', PORT: '0', DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    const origin = await until(async () => /running at (http:\/\/\S+)/.exec(out)?.[1]);
    await until(async () => ((await fetch(`${origin}/readyz`)).status === 200 ? true : undefined));

    const json = { 'content-type': 'application/json' };
    const login = await fetch(`${origin}/api/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ email: 'admin@demo.example', password: 'demo' }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const linked = (await (await fetch(`${origin}/api/reports/linked?pageSize=500`, { headers: { cookie } })).json()) as { rows: { odinSubscriptionId: string; odinResourceId: string; count: number }[] };
    const resource = linked.rows.find((r) => typeof r.count === 'number')!;
    expect(resource).toBeTruthy();

    // Autotask will hold the next adjustment post until released; the Marketplace count goes up by 2.
    const hold = await fetch(`${origin}/sandbox/autotask/_control/faults`, { method: 'POST', headers: json, body: JSON.stringify({ kind: 'hold', path: 'ServiceAdjustments', method: 'POST' }) });
    expect(hold.status).toBe(200);
    const counts = await fetch(`${origin}/sandbox/marketplace/_control/counts`, {
      method: 'POST', headers: json, body: JSON.stringify({ subscriptionId: resource.odinSubscriptionId, product: resource.odinResourceId, quantity: resource.count + 2 }),
    });
    expect(counts.status).toBe(200);
    const sync = await fetch(`${origin}/api/sync`, { method: 'POST', headers: { ...json, cookie, 'x-csrf-token': csrfToken }, body: '{}' });
    expect(sync.status).toBe(202);
    const { runId } = (await sync.json()) as { runId: string };
    await until(async () => (((await (await fetch(`${origin}/sandbox/autotask/_control/held`)).json()) as { held: number }).held === 1 ? true : undefined));

    child.kill('SIGTERM');
    await until(async () => ((await fetch(`${origin}/readyz`)).status === 503 ? true : undefined));
    const refused = await fetch(`${origin}/api/me`, { headers: { cookie } });
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('unavailable');
    expect(child.exitCode).toBeNull(); // still waiting for the post
    const released = (await (await fetch(`${origin}/sandbox/autotask/_control/release`, { method: 'POST', headers: json, body: '{}' })).json()) as { released: number };
    expect(released.released).toBe(1);

    expect(await exited).toBe(0);
    expect(out).toMatch(/"msg":"cycles finished"/);
    expect(out).toMatch(/"msg":"stopped"/);
    const db = new Database(path.join(dataDir, 'idsync.sqlite'), { readonly: true });
    try {
      const rows = db
        .prepare('SELECT status, attempts, unit_change AS unitChange, psa_reference AS psaReference FROM adjustments WHERE odin_subscription_id = ? AND odin_resource_id = ? AND to_count = ? AND unit_change = 2')
        // The change this test made (the demo's own history may hold other +2 rows for the resource).
        .all(resource.odinSubscriptionId, resource.odinResourceId, resource.count + 2) as { status: string; attempts: number; psaReference: string | null }[];
      expect(rows).toEqual([expect.objectContaining({ status: 'posted', attempts: 1 })]);
      expect(rows[0]!.psaReference).toBeTruthy();
      const run = db.prepare('SELECT status, finished_at AS finishedAt FROM sync_runs WHERE id = ?').get(runId) as { status: string; finishedAt: string | null };
      expect(run.finishedAt).toBeTruthy();
    } finally {
      db.close();
    }
  }, 180_000);
});
