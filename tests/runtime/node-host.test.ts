/**
 * The Node host as a real process: `npm start`'s entry with a fresh data directory. It serves demo mode on
 * the embedded SQLite file, prints the demo login, answers /healthz and /readyz, reuses its data on a second start,
 * and refuses to start on a bad environment or an unreachable database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const children: ChildProcess[] = [];

function start(env: Record<string, string>) {
  const child = spawn(tsx, ['server/node.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn', SCHEDULER: 'false', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /running at (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearInterval(timer);
        resolve(m[1]!);
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(timer);
      reject(Object.assign(new Error(`exited ${code}: ${err}`), { code, err, out }));
    });
  });
  ready.catch(() => {}); // tests that expect an exit never await readiness
  const exited = new Promise<{ code: number | null; out: string; err: string }>((resolve) => child.once('exit', (code) => resolve({ code, out, err })));
  return { child, ready, exited, output: () => out };
}

/** Poll /readyz until it says ready: each answer is an event, 503 means "starting" (demo users not yet there). */
async function readyAt(origin: string): Promise<void> {
  for (;;) {
    const res = await fetch(`${origin}/readyz`);
    if (res.status === 200) return;
    expect(res.status).toBe(503);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

afterEach(async () => {
  for (const c of children.splice(0)) await stop(c);
});

describe('Node host', () => {
  it('starts in demo mode on a fresh data directory and reuses the data on a second start', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'idsync-host-'));
    const first = start({ DATA_DIR: dataDir });
    const origin = await first.ready;
    await readyAt(origin);
    expect(first.output()).toContain('admin@demo.example / demo');
    const health = (await (await fetch(`${origin}/healthz`)).json()) as { database: { dialect: string; migration: string } };
    expect(health.database).toMatchObject({ dialect: 'sqlite' });
    expect(health.database.migration).toMatch(/^\d{14}_/);
    expect(fs.existsSync(path.join(dataDir, 'idsync.sqlite'))).toBe(true);
    expect(fs.statSync(path.join(dataDir, 'secrets.key')).mode & 0o777).toBe(0o600);

    const login = await fetch(`${origin}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@demo.example', password: 'demo' }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    // Something the first run wrote must be there on the second.
    const put = await fetch(`${origin}/api/connections/connectwise`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ site: 'na.myconnectwise.net', companyId: 'acme', clientId: 'cid', publicKey: 'pk', privateKey: 'sk' }),
    });
    expect(put.status).toBe(200);
    await stop(first.child);

    const second = start({ DATA_DIR: dataDir });
    const origin2 = await second.ready;
    await readyAt(origin2);
    const login2 = await fetch(`${origin2}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@demo.example', password: 'demo' }) });
    const cookie2 = login2.headers.get('set-cookie')!.split(';')[0]!;
    const cw = (await (await fetch(`${origin2}/api/connections/connectwise`, { headers: { cookie: cookie2 } })).json()) as { configured: boolean; settings: { companyId: string } };
    expect(cw).toMatchObject({ configured: true, settings: { companyId: 'acme' } });
  }, 120_000); // two real starts of the host on a loaded machine

  it('refuses a bad environment variable, naming it', async () => {
    const run = start({ PORT: 'eighty' });
    const { code, err } = await run.exited;
    expect(code).not.toBe(0);
    expect(err).toMatch(/PORT/);
  });

  it('exits non-zero on an unreachable database instead of half-starting', async () => {
    const run = start({ DATABASE_URL: 'mssql://sa:pw@127.0.0.1:1/idsync?encrypt=false', SECRETS_KEY: Buffer.alloc(32, 1).toString('base64') });
    const { code, err } = await run.exited;
    expect(code).not.toBe(0);
    expect(err).toMatch(/Cannot open the database at mssql:\/\/sa:\*\*\*@127\.0\.0\.1:1/);
    expect(err).not.toContain(':pw@');
  });

  it('exits non-zero on an SQLite path it cannot create', async () => {
    const run = start({ DATABASE_URL: 'file:/etc/hostname/not-a-dir/idsync.sqlite', SECRETS_KEY: Buffer.alloc(32, 1).toString('base64') });
    const { code, err } = await run.exited;
    expect(code).not.toBe(0);
    expect(err).toMatch(/Cannot open the database/);
  });
});
