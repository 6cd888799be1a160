/**
 * A killed process must not block its tenant's sync for the lease TTL: a real child process starts a cycle
 * (holding the tenant's lease), is SIGKILLed, and the next cycle starts at once because the lease records
 * the holder's host and pid and that process is gone. A live holder still keeps everyone else out.
 * Waits on events only: the child's "holding" line and its exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../../server/db/open-node.js';
import { startCycle } from '../../../server/sync/cycle.js';
import { cycleLeaseName, leaseRow } from '../../../server/sync/lease.js';
import { nodeProcess } from '../../../server/sync/node-process.js';
import { seedTenant, TENANT, worldDeps } from './world.js';

const holderScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lease-holder.ts');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lease-kill-'));
const dbFile = path.join(dir, 'db.sqlite');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && !c.signalCode) c.kill('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Start the holder child; resolves with its first line ("holding <runId>" or "busy"). */
function holder(): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', holderScript, dbFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve({ child, line: out.split('\n')[0]! });
    });
    child.once('exit', (code, signal) => reject(new Error(`holder exited (${code ?? signal}) before holding: ${out}`)));
  });
}

const exited = (p: ChildProcess) => new Promise<void>((resolve) => (p.exitCode !== null || p.signalCode ? resolve() : p.once('exit', () => resolve())));

describe('a killed lease holder', () => {
  it('does not block the next cycle: taken over at once, while a live holder still keeps others out', async () => {
    const { store } = openSqlite(dbFile);
    try {
      await seedTenant(store, { mpUrl: 'http://127.0.0.1:9', atUrl: 'http://127.0.0.1:9' }, new Date());
      const me = nodeProcess();
      const deps = { ...worldDeps(store, { marketplace: { refresh: async () => ({ changes: [] }) } }), process: me };

      const first = await holder();
      expect(first.line).toMatch(/^holding /);
      const held = await leaseRow(store, cycleLeaseName(TENANT));
      expect(held!.holder).toMatch(new RegExp(`@node:${os.hostname()}:${first.child.pid}$`));
      // Alive: nobody else may start a cycle for the tenant.
      expect(await startCycle(deps, TENANT, { trigger: 'manual' })).toBeNull();

      first.child.kill('SIGKILL');
      await exited(first.child);
      // The lease (an hour's TTL) has not expired, yet the next cycle starts and runs to its end.
      expect(Date.parse(held!.expiresAt)).toBeGreaterThan(Date.now());
      const next = await startCycle(deps, TENANT, { trigger: 'manual' });
      expect(next).not.toBeNull();
      expect((await next!.done).status).not.toBe('failed');
      expect(await leaseRow(store, cycleLeaseName(TENANT))).toBeNull();
    } finally {
      await store.close();
    }
  }, 60_000);
});
