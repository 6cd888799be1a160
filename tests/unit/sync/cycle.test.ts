import { describe, expect, it } from 'vitest';
import { runCycle, startCycle } from '../../../server/sync/cycle.js';
import { reconcileResourceLink } from '../../../server/sync/reconcile.js';
import { makeWorld, TENANT } from './helpers.js';

const cycle = (w: Awaited<ReturnType<typeof makeWorld>>) => runCycle(w.deps, TENANT, { trigger: 'manual' });

describe('reconciliation on link', () => {
  it('Marketplace 8, PSA 1 -> posts +7 dated today; the ledger starts from the PSA', async () => {
    const w = await makeWorld();
    await w.setCount('S1', 'R1', 8);
    w.psa.base.set('C1|S-R1', 1);
    await w.link('S1', 'R1');
    const res = await reconcileResourceLink(w.deps, TENANT, 'S1', 'R1');
    expect(res).toMatchObject({ status: 'posted', unitChange: 7 });
    expect(w.psa.accepted).toEqual([expect.objectContaining({ unitChange: 7, effectiveDate: '2025-03-15' })]);
    expect(await w.linkRow('S1', 'R1')).toEqual({ ledgerUnits: 8, plannedCount: 8 });
    const [row] = await w.rows();
    expect(row).toMatchObject({ status: 'posted', reason: 'reconcile', fromCount: 1, toCount: 8, estimatedAmount: 84.45, attempts: 1 });
    // Nothing more on the next cycle.
    await cycle(w);
    expect(w.psa.posts).toBe(1);
  });
  it('nothing when equal', async () => {
    const w = await makeWorld();
    await w.setCount('S1', 'R1', 5);
    w.psa.base.set('C1|S-R1', 5);
    await w.link('S1', 'R1');
    expect(await reconcileResourceLink(w.deps, TENANT, 'S1', 'R1')).toEqual({ status: 'none', unitChange: 0, adjustmentId: null });
    expect(w.psa.posts).toBe(0);
  });
  it('a link the cycle finds unreconciled is reconciled by the cycle', async () => {
    const w = await makeWorld();
    await w.setCount('S1', 'R1', 3);
    await w.link('S1', 'R1');
    const r = await cycle(w);
    expect(r?.summary).toMatchObject({ reconciled: 1, posted: 1 });
    expect(w.psa.unitsOn('C1|S-R1', '2025-03-15')).toBe(3);
  });
  it('answers planned (writes nothing) while a cycle holds the lease', async () => {
    const w = await makeWorld();
    await w.setCount('S1', 'R1', 3);
    await w.link('S1', 'R1');
    let release!: () => void;
    w.deps.marketplace = { refresh: () => new Promise((r) => (release = () => r({ changes: [] }))) };
    const started = await startCycle(w.deps, TENANT, { trigger: 'manual' });
    const res = await reconcileResourceLink(w.deps, TENANT, 'S1', 'R1');
    expect(res.status).toBe('planned');
    release();
    await started!.done;
    expect(w.psa.unitsOn('C1|S-R1', '2025-03-15')).toBe(3);
  }, 10_000);
});

describe('the monitor', () => {
  it('an increase posts today, a decrease posts at the next period start', async () => {
    const w = await makeWorld();
    await w.setCount('S1', 'R1', 10);
    await w.link('S1', 'R1', { ledger: 10 });
    w.psa.base.set('C1|S-R1', 10);
    await w.setCount('S1', 'R1', 12);
    await cycle(w);
    w.clock.advance(86_400_000);
    await w.setCount('S1', 'R1', 9);
    await cycle(w);
    expect(w.psa.accepted.map((a) => [a.unitChange, a.effectiveDate])).toEqual([
      [2, '2025-03-15'],
      [-3, '2025-04-01'],
    ]);
    expect(await w.linkRow('S1', 'R1')).toEqual({ ledgerUnits: 9, plannedCount: 9 });
    expect(w.psa.reads).toBe(0); // the ledger knew the units: one PSA call per change
  });
  it('a rise after a posted future decrease: the PSA ends on the count, today never drops', async () => {
    const w = await makeWorld();
    await w.setCount('S1', 'R1', 10);
    await w.link('S1', 'R1', { ledger: 10 });
    w.psa.base.set('C1|S-R1', 10);
    await w.setCount('S1', 'R1', 7);
    await cycle(w);
    await w.setCount('S1', 'R1', 9);
    await cycle(w);
    // -3 posted for April 1st cannot merge; +2 goes to the next free day after it.
    expect(w.psa.accepted.map((a) => [a.unitChange, a.effectiveDate])).toEqual([
      [-3, '2025-04-01'],
      [2, '2025-04-02'],
    ]);
    expect(w.psa.unitsOn('C1|S-R1', '2025-03-20')).toBe(10);
    expect(w.psa.unitsOn('C1|S-R1', '2025-05-01')).toBe(9);
  });
  it('two changes before posting merge into one adjustment; a net zero posts nothing', async () => {
    const w = await makeWorld();
    await w.setCount('S1', 'R1', 10);
    await w.link('S1', 'R1', { ledger: 10 });
    w.psa.base.set('C1|S-R1', 10);
    // Refused as not saved (429): the row certainly is not in the PSA, so the next change merges into it.
    w.psa.postFaults.push({ kind: 'fail', message: 'threshold', errorKind: 'throttled' });
    await w.setCount('S1', 'R1', 12);
    await cycle(w); // fails
    await w.setCount('S1', 'R1', 13);
    w.clock.advance(10 * 60_000);
    await cycle(w);
    expect(w.psa.accepted.map((a) => [a.unitChange, a.effectiveDate])).toEqual([[3, '2025-03-15']]);
    await w.setCount('S1', 'R1', 12);
    await w.setCount('S1', 'R1', 13);
    await cycle(w);
    expect(w.psa.posts).toBe(2);
  });
  it('hold freezes; terminated posts a decrease to 0 at the next period', async () => {
    const w = await makeWorld();
    await w.setCount('S1', 'R1', 4);
    await w.link('S1', 'R1', { ledger: 4 });
    w.psa.base.set('C1|S-R1', 4);
    await w.setStatus('S1', 'hold');
    await w.setCount('S1', 'R1', 9);
    await cycle(w);
    expect(w.psa.posts).toBe(0);
    await w.setStatus('S1', 'terminated');
    await cycle(w);
    expect(w.psa.accepted.map((a) => [a.unitChange, a.effectiveDate])).toEqual([[-4, '2025-04-01']]);
    const rows = await w.rows();
    expect(rows[0]).toMatchObject({ reason: 'terminated', toCount: 0 });
  });
  it('clearing a relation stops posting: its unsent rows are superseded', async () => {
    const w = await makeWorld();
    await w.setCount('S1', 'R1', 4);
    await w.link('S1', 'R1', { ledger: 4 });
    w.psa.base.set('C1|S-R1', 4);
    w.psa.postFaults.push({ kind: 'fail', message: 'nope' });
    await w.setCount('S1', 'R1', 6);
    await cycle(w);
    await w.unlink('S1', 'R1');
    w.clock.advance(3_600_000);
    await w.setCount('S1', 'R1', 8);
    await cycle(w);
    expect(w.psa.accepted).toEqual([]);
    expect((await w.rows()).map((r) => r.status)).toEqual(['superseded']);
  });
  it('two cycles of one tenant never run at once', async () => {
    const w = await makeWorld();
    let release!: () => void;
    w.deps.marketplace = { refresh: () => new Promise((r) => (release = () => r({ changes: [] }))) };
    const a = await startCycle(w.deps, TENANT, { trigger: 'manual' });
    expect(a).not.toBeNull();
    expect(await startCycle(w.deps, TENANT, { trigger: 'manual' })).toBeNull();
    release();
    expect((await a!.done).status).toBe('ok');
    w.deps.marketplace = { refresh: async () => ({ changes: [] }) };
    expect(await startCycle(w.deps, TENANT, { trigger: 'manual' })).not.toBeNull();
  });
  it('a Marketplace failure is recorded and the cycle still posts what is pending', async () => {
    const w = await makeWorld();
    await w.setCount('S1', 'R1', 5);
    await w.link('S1', 'R1', { ledger: 2 });
    w.psa.base.set('C1|S-R1', 2);
    w.deps.marketplace = { refresh: async () => { throw new Error('marketplace down'); } };
    const r = await cycle(w);
    expect(r).toMatchObject({ status: 'partial', summary: expect.objectContaining({ marketplaceError: 'marketplace down', posted: 1 }) });
  });
});

describe('links of another PSA', () => {
  it('a tenant that moved to ConnectWise does not post its old Autotask links', async () => {
    const w = await makeWorld({ psaKind: 'connectwise' });
    const { eq } = await import('drizzle-orm');
    await w.store.db.update(w.store.t.companyLinks).set({ psaKind: 'autotask' }).where(eq(w.store.t.companyLinks.odinAccountId, 'A1'));
    await w.setCount('S1', 'R1', 5);
    await w.link('S1', 'R1', { ledger: 2 });
    await cycle(w);
    expect(w.psa.posts).toBe(0);
  });
});
