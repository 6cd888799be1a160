import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { runCycle } from '../../../server/sync/cycle.js';
import { makeWorld, TENANT, type World } from './helpers.js';

const cycle = (w: World) => runCycle(w.deps, TENANT, { trigger: 'manual' });

async function linked(count = 10, psaKind: 'autotask' | 'connectwise' = 'autotask') {
  const w = await makeWorld({ psaKind });
  await w.setCount('S1', 'R1', count);
  await w.link('S1', 'R1', { ledger: count });
  w.psa.base.set('C1|S-R1', count);
  return w;
}

describe('exactly-once posting', () => {
  it("a failure keeps the PSA's verbatim text, stays in the Failure Log and posts once the cause is fixed", async () => {
    const w = await linked();
    w.psa.contractEnd = '2025-03-10';
    await w.setCount('S1', 'R1', 12);
    await cycle(w);
    let [row] = await w.rows();
    expect(row).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastErrorKind: 'rule',
      lastError: 'ContractServiceAdjustment effectiveDate must be between the start date and end date of the Contract referenced by contractID.',
    });
    expect(Date.parse(row!.nextAttemptAt!) - w.clock.now().getTime()).toBe(45_000); // 60 s base, equal jitter at 0.5
    await cycle(w); // not due yet: not sent again
    expect(w.psa.posts).toBe(1);
    w.clock.advance(60_000);
    await cycle(w); // due, still expired
    expect((await w.rows())[0]).toMatchObject({ status: 'failed', attempts: 2 });
    w.psa.contractEnd = '2025-12-31';
    w.clock.advance(5 * 60_000);
    await cycle(w);
    [row] = await w.rows();
    expect(row).toMatchObject({ status: 'posted', attempts: 3 });
    expect(w.psa.accepted).toHaveLength(1);
    expect(await w.linkRow('S1', 'R1')).toEqual({ ledgerUnits: 12, plannedCount: 12 });
  });

  it('a later adjustment of the resource waits for an earlier failed one', async () => {
    const w = await linked();
    w.psa.postFaults.push({ kind: 'fail', message: 'Service unavailable', errorKind: 'server' });
    await w.setCount('S1', 'R1', 12);
    await cycle(w);
    w.clock.advance(86_400_000); // next day: a new row, not merged into the failed one
    await w.setCount('S1', 'R1', 14);
    w.psa.postFaults.push({ kind: 'fail', message: 'Service unavailable', errorKind: 'server' });
    await cycle(w); // the first fails again; the second must not be sent
    expect(w.psa.posts).toBe(2);
    expect((await w.rows()).map((r) => [r.status, r.unitChange])).toEqual([['failed', 2], ['planned', 2]]);
    w.clock.advance(60_000);
    await cycle(w);
    expect(w.psa.accepted.map((a) => [a.unitChange, a.effectiveDate])).toEqual([[2, '2025-03-15'], [2, '2025-03-16']]);
  });

  it('an unknown outcome that landed is settled by reading the units: no second post', async () => {
    for (const fault of [{ kind: 'unknown-applied' as const }, { kind: 'throw-applied' as const }]) {
      const w = await linked();
      w.psa.postFaults.push(fault);
      await w.setCount('S1', 'R1', 13);
      await cycle(w);
      expect((await w.rows())[0]).toMatchObject({ status: 'unknown', unitsBefore: 10 });
      await cycle(w); // too early to settle
      expect(w.psa.reads).toBe(0);
      w.clock.advance(1000);
      await cycle(w);
      expect((await w.rows())[0]).toMatchObject({ status: 'posted', attempts: 1 });
      expect(w.psa.posts).toBe(1);
      expect(w.psa.reads).toBe(1);
      expect(await w.linkRow('S1', 'R1')).toEqual({ ledgerUnits: 13, plannedCount: 13 });
    }
  });

  it('an unknown outcome that did not land is sent again, once', async () => {
    const w = await linked();
    w.psa.postFaults.push({ kind: 'unknown-lost' });
    await w.setCount('S1', 'R1', 7);
    await cycle(w);
    w.clock.advance(1000);
    await cycle(w);
    expect(w.psa.accepted.map((a) => [a.unitChange, a.effectiveDate])).toEqual([[-3, '2025-04-01']]);
    expect((await w.rows())[0]).toMatchObject({ status: 'posted', attempts: 2 });
  });

  it('a row found in posting after a crash is settled, whether or not the PSA got it', async () => {
    for (const landed of [true, false]) {
      const w = await linked();
      await w.setCount('S1', 'R1', 11);
      // Plan only: the PSA refuses, then we rewrite the row as a crashed process would have left it.
      w.psa.postFaults.push({ kind: 'fail', message: 'x', errorKind: 'server' });
      await cycle(w);
      const [row] = await w.rows();
      const { t, db } = w.store;
      await db.update(t.adjustments).set({ status: 'posting', unitsBefore: 10, attempts: 2, nextAttemptAt: null, updatedAt: w.clock.now().toISOString() }).where(eq(t.adjustments.id, row!.id));
      if (landed) w.psa.accepted.push({ service: 'C1|S-R1', effectiveDate: '2025-03-15', unitChange: 1, adjustmentId: row!.id });
      await cycle(w); // the process may still be mid-request: wait
      expect((await w.rows())[0]!.status).toBe('posting');
      w.clock.advance(1000);
      await cycle(w);
      expect((await w.rows())[0]).toMatchObject({ status: 'posted' });
      expect(w.psa.accepted).toHaveLength(1);
      expect(w.psa.unitsOn('C1|S-R1', '2025-03-15')).toBe(11);
      expect(await w.linkRow('S1', 'R1')).toEqual({ ledgerUnits: 11, plannedCount: 11 });
    }
  });

  it('a hand edit between send and settle is held as unknown with a drift finding, never re-sent', async () => {
    const w = await linked();
    w.psa.postFaults.push({ kind: 'unknown-lost' });
    await w.setCount('S1', 'R1', 12);
    await cycle(w);
    w.psa.base.set('C1|S-R1', 15); // someone edits the PSA
    w.clock.advance(1000);
    await cycle(w);
    const [row] = await w.rows();
    expect(row).toMatchObject({ status: 'unknown', lastErrorKind: 'ambiguous' });
    expect(row!.lastError).toContain('shows 15 units');
    const findings = await w.store.db.select().from(w.store.t.driftFindings);
    expect(findings).toEqual([expect.objectContaining({ psaUnits: 15, ledgerUnits: 10, marketplaceCount: 12, resolvedAt: null })]);
    w.clock.advance(3_600_000);
    await cycle(w);
    expect(w.psa.posts).toBe(1);
  });

  it('a read failure while settling leaves the row to settle later', async () => {
    const w = await linked();
    w.psa.postFaults.push({ kind: 'unknown-applied' });
    await w.setCount('S1', 'R1', 12);
    await cycle(w);
    w.clock.advance(1000);
    w.psa.readFaults = 1;
    await cycle(w);
    expect((await w.rows())[0]).toMatchObject({ status: 'unknown', lastError: 'read timed out' });
    w.clock.advance(10 * 60_000);
    await cycle(w);
    expect((await w.rows())[0]!.status).toBe('posted');
    expect(w.psa.posts).toBe(1);
  });

  it('Autotask: a second change on a day that already has a posted adjustment goes to the next day', async () => {
    const w = await linked();
    await w.setCount('S1', 'R1', 11);
    await cycle(w);
    await w.setCount('S1', 'R1', 12);
    await cycle(w);
    expect(w.psa.accepted.map((a) => [a.unitChange, a.effectiveDate])).toEqual([[1, '2025-03-15'], [1, '2025-03-16']]);
  });

  it('ConnectWise: several additions on one day are fine', async () => {
    const w = await linked(10, 'connectwise');
    await w.setCount('S1', 'R1', 11);
    await cycle(w);
    await w.setCount('S1', 'R1', 12);
    await cycle(w);
    expect(w.psa.accepted.map((a) => [a.unitChange, a.effectiveDate])).toEqual([[1, '2025-03-15'], [1, '2025-03-15']]);
  });

  it('a cycle records its run: phase, progress and summary', async () => {
    const w = await linked();
    await w.setCount('S1', 'R1', 12);
    const r = await cycle(w);
    const runs = await w.store.db.select().from(w.store.t.syncRuns);
    expect(runs).toEqual([expect.objectContaining({ id: r!.runId, status: 'ok', phase: 'done', trigger: 'manual', finishedAt: expect.any(String) })]);
    expect(JSON.parse(runs[0]!.summaryJson!)).toMatchObject({ posted: 1, psaPosts: 1, psaReads: 0, pending: 0, durationMs: expect.any(Number) });
  });
});

describe('exactly-once posting, more', () => {
  it('many changes in one day: each lands on its own free date, none lost, no planning error', async () => {
    const w = await linked();
    for (let n = 11; n <= 20; n++) {
      await w.setCount('S1', 'R1', n);
      const r = await cycle(w);
      expect(r!.summary.planErrors).toBe(0);
    }
    expect(w.psa.accepted.map((a) => a.effectiveDate)).toEqual(Array.from({ length: 10 }, (_, k) => `2025-03-${15 + k}`));
    expect(w.psa.unitsOn('C1|S-R1', '2025-03-31')).toBe(20);
    for (let n = 19; n >= 12; n--) {
      await w.setCount('S1', 'R1', n);
      await cycle(w);
    }
    expect(w.psa.unitsOn('C1|S-R1', '2025-05-01')).toBe(12);
    expect(new Set(w.psa.accepted.map((a) => a.effectiveDate)).size).toBe(w.psa.accepted.length);
  });

  it('an outage answer to a write is settled by a read before the retry: landed -> no second post', async () => {
    const w = await linked();
    // The PSA saved it, then answered 502 (a gateway error): the client reports a plain server failure.
    const original = w.psa.postAdjustment.bind(w.psa);
    let once = true;
    w.psa.postAdjustment = async (adj) => {
      const out = await original(adj);
      if (once && out.status === 'posted') {
        once = false;
        const { ConnectorError } = await import('../../../server/connector-error.js');
        return { status: 'failed', error: new ConnectorError({ kind: 'server', system: 'autotask', message: 'Autotask failed (HTTP 502)', status: 502, retry: true }) };
      }
      return out;
    };
    await w.setCount('S1', 'R1', 12);
    await cycle(w);
    expect((await w.rows())[0]).toMatchObject({ status: 'failed', lastErrorKind: 'server' });
    w.clock.advance(10 * 60_000);
    await cycle(w);
    expect((await w.rows())[0]).toMatchObject({ status: 'posted', attempts: 1 });
    expect(w.psa.accepted).toHaveLength(1);
    expect(w.psa.reads).toBe(1);
  });

  it('a settle read that fails (401) does not make an outage answer look like a refusal: still settled, never re-sent blindly', async () => {
    const w = await linked(10, 'connectwise');
    const { ConnectorError } = await import('../../../server/connector-error.js');
    const original = w.psa.postAdjustment.bind(w.psa);
    let once = true;
    w.psa.postAdjustment = async (adj) => {
      const out = await original(adj);
      if (once && out.status === 'posted') {
        once = false;
        return { status: 'failed', error: new ConnectorError({ kind: 'server', system: 'connectwise', message: 'HTTP 502', status: 502, retry: true }) };
      }
      return out;
    };
    const read = w.psa.readUnits.bind(w.psa);
    let refuseRead = true;
    w.psa.readUnits = async (target, date) => {
      if (refuseRead) {
        refuseRead = false;
        throw new ConnectorError({ kind: 'auth', system: 'connectwise', message: 'HTTP 401', status: 401, retry: false });
      }
      return read(target, date);
    };
    await w.setCount('S1', 'R1', 12);
    await cycle(w);
    w.clock.advance(10 * 60_000);
    await cycle(w);
    expect((await w.rows())[0]).toMatchObject({ status: 'failed', lastErrorKind: 'server' });
    await w.store.db.update(w.store.t.adjustments).set({ nextAttemptAt: null });
    await cycle(w);
    expect((await w.rows())[0]).toMatchObject({ status: 'posted', attempts: 1 });
    expect(w.psa.accepted).toHaveLength(1);
  });
});
