import { describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqlite } from '../../../server/db/open-node.js';
import { acquireLease, HeldLease, LeaseLost, leaseRow, releaseLease, renewLease, takeFromDeadHolder } from '../../../server/sync/lease.js';
import { runCycle } from '../../../server/sync/cycle.js';
import { checkDrift, fixDrift, listDrift } from '../../../server/sync/drift.js';
import { reconcileResourceLink } from '../../../server/sync/reconcile.js';
import { makeWorld, TENANT } from './helpers.js';

describe('leases across two connections to one database file', () => {
  it('one holder at a time; it may renew; another takes over only after expiry or release', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lease-'));
    const file = path.join(dir, 'db.sqlite');
    const a = openSqlite(file).store;
    const b = openSqlite(file).store;
    try {
      const t0 = new Date('2025-03-15T12:00:00Z');
      const later = (ms: number) => new Date(t0.getTime() + ms);
      const results = await Promise.all([acquireLease(a, 'sync:t1', 'A', 1000, t0), acquireLease(b, 'sync:t1', 'B', 1000, t0)]);
      expect(results.filter(Boolean)).toHaveLength(1);
      const [holder, other, otherStore, holderStore] = results[0] ? ['A', 'B', b, a] as const : ['B', 'A', a, b] as const;
      expect(await acquireLease(otherStore, 'sync:t1', other, 1000, later(500))).toBe(false);
      expect(await renewLease(holderStore, 'sync:t1', holder, 1000, later(900))).toBe(true);
      expect(await acquireLease(otherStore, 'sync:t1', other, 1000, later(1500))).toBe(false);
      expect(await acquireLease(otherStore, 'sync:t1', other, 1000, later(2000))).toBe(true);
      expect(await renewLease(holderStore, 'sync:t1', holder, 1000, later(2100))).toBe(false);
      await releaseLease(holderStore, 'sync:t1', holder); // not its lease any more: no effect
      expect(await acquireLease(holderStore, 'sync:t1', holder, 1000, later(2200))).toBe(false);
      await releaseLease(otherStore, 'sync:t1', other);
      expect(await acquireLease(holderStore, 'sync:t1', holder, 1000, later(2300))).toBe(true);
    } finally {
      await a.close();
      await b.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('reconciliation, harder cases', () => {
  it('a held lease renews on its heartbeat without waiting for a check, and notices when it was taken', async () => {
    vi.useFakeTimers();
    try {
      const { store } = openSqlite(':memory:');
      let at = new Date('2025-03-15T12:00:00Z');
      const lease = (await HeldLease.take(store, 'sync:t', 'cycle:a', 3000, () => at))!;
      at = new Date(at.getTime() + 2500);
      await vi.advanceTimersByTimeAsync(1000);
      expect((await leaseRow(store, 'sync:t'))!.expiresAt).toBe(new Date(at.getTime() + 3000).toISOString());
      // Someone took it (e.g. after this process froze past the TTL): the next beat marks it lost.
      await store.db.update(store.t.leases).set({ holder: 'cycle:b' });
      await vi.advanceTimersByTimeAsync(1000);
      await expect(lease.check()).rejects.toBeInstanceOf(LeaseLost);
      await lease.release();
      expect((await leaseRow(store, 'sync:t'))!.holder).toBe('cycle:b');
    } finally {
      vi.useRealTimers();
    }
  });

  it('a holder whose process is gone is taken over by one conditional write; alive or untagged holders are not', async () => {
    const { store } = openSqlite(':memory:');
    const now = new Date('2025-03-15T12:00:00Z');
    const dead = new Set(['node:h:2']);
    const proc = { tag: 'node:h:1', gone: (tag: string) => dead.has(tag) };
    expect(await acquireLease(store, 'sync:t', 'cycle:x@node:h:3', 60_000, now)).toBe(true);
    expect(await takeFromDeadHolder(store, 'sync:t', 'cycle:me@node:h:1', 60_000, now, proc)).toBe(false);
    await store.db.update(store.t.leases).set({ holder: 'cycle:old' });
    expect(await takeFromDeadHolder(store, 'sync:t', 'cycle:me@node:h:1', 60_000, now, proc)).toBe(false);
    await store.db.update(store.t.leases).set({ holder: 'cycle:x@node:h:2' });
    expect(await takeFromDeadHolder(store, 'sync:t', 'cycle:me@node:h:1', 60_000, now, proc)).toBe(true);
    expect((await leaseRow(store, 'sync:t'))!.holder).toBe('cycle:me@node:h:1');
    // A second taker that also saw node:h:2 dead finds the row naming a live holder now.
    expect(await takeFromDeadHolder(store, 'sync:t', 'cycle:other@node:h:4', 60_000, now, { ...proc, tag: 'node:h:4' })).toBe(false);
  });

  it('a row held as ambiguous is replaced when the drift is fixed; the PSA ends on the count', async () => {
    const w = await makeWorld();
    await w.setCount('S1', 'R1', 10);
    await w.link('S1', 'R1', { ledger: 10 });
    w.psa.base.set('C1|S-R1', 10);
    w.psa.postFaults.push({ kind: 'unknown-applied' });
    await w.setCount('S1', 'R1', 12);
    await runCycle(w.deps, TENANT, { trigger: 'manual' });
    w.psa.base.set('C1|S-R1', 5); // hand edit: PSA now 5 + 2 = 7
    w.clock.advance(1000);
    await runCycle(w.deps, TENANT, { trigger: 'manual' });
    expect((await w.rows())[0]).toMatchObject({ status: 'unknown', lastErrorKind: 'ambiguous' });
    const [finding] = await listDrift(w.deps, TENANT);
    const fixed = await fixDrift(w.deps, TENANT, finding!.id);
    expect(fixed!.reconciliation).toMatchObject({ status: 'posted', unitChange: 5 });
    expect(w.psa.unitsOn('C1|S-R1', '2025-03-31')).toBe(12);
    expect((await w.rows()).map((r) => r.status)).toEqual(['superseded', 'posted']);
    expect(await w.linkRow('S1', 'R1')).toEqual({ ledgerUnits: 12, plannedCount: 12 });
  });

  it("re-reconciling counts landed decreases dated next period in the ledger (no false drift)", async () => {
    const w = await makeWorld();
    await w.setCount('S1', 'R1', 10);
    await w.link('S1', 'R1', { ledger: 10 });
    w.psa.base.set('C1|S-R1', 10);
    await w.setCount('S1', 'R1', 6);
    await runCycle(w.deps, TENANT, { trigger: 'manual' }); // -4 posted for April 1st
    const r = await reconcileResourceLink(w.deps, TENANT, 'S1', 'R1');
    expect(r).toEqual({ status: 'none', unitChange: 0, adjustmentId: null });
    expect(await w.linkRow('S1', 'R1')).toEqual({ ledgerUnits: 6, plannedCount: 6 });
    expect(await checkDrift(w.deps, TENANT, { all: true })).toMatchObject({ found: 0 });
    expect(w.psa.posts).toBe(1);
  });
});
