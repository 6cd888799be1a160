/**
 * The default ConnectWise posting (replace): the product's current addition ends the day before the change and
 * a new one at the new total starts on it. Proven against the sandbox by money (what ConnectWise would bill in
 * the period, both strategies alike), by independence from negative quantities, and by exactly-once when the
 * connection drops between or during the writes (issue 12, item 2).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectWiseClient } from '../../../server/psa/connectwise/client.js';
import type { AdjustmentPost, ConnectWiseConnection } from '../../../server/psa/types.js';
import { clock, delta, startSandbox, TODAY, type Running } from './harness.js';
import { SpecChecker } from './spec-check.js';

let run: Running;
const checker = new SpecChecker();
const noSleep = async () => {};
const target = { accountId: '250', contractId: '1000', serviceId: '100' };
const post = (p: Partial<AdjustmentPost> = {}): AdjustmentPost => ({ ...target, effectiveDate: TODAY, unitChange: 3, adjustmentId: 'adj-r1', ...p });
// Replace posting is not the default (server/psa/connectwise/replace.ts): these cases ask for it, delta() overrides.
const clientOf = (conn: ConnectWiseConnection, timeoutMs = 2_000) => new ConnectWiseClient({ additionStyle: 'replace', ...conn }, { now: clock.now, sleep: noSleep, timeoutMs });
const additions = () => run.sandbox.state.productOn(1000, 100).map((a) => ({ id: a.id, quantity: a.quantity, effective: a.effectiveDate?.slice(0, 10), cancelled: a.cancelledDate?.slice(0, 10) ?? null }));

beforeEach(async () => {
  run = await startSandbox();
});
afterEach(async () => {
  // Every exchange of each test conforms to the spec subset (requests and responses).
  if (checker.available) expect(checker.problems(run.log)).toEqual([]);
  await run.close();
});

describe('replace (the default)', () => {
  it('ends the current addition the day before and adds one at the new total; units follow on both sides of the date', async () => {
    const client = clientOf(run.conn);
    expect(additions()).toEqual([{ id: 5000, quantity: 2, effective: '2025-01-01', cancelled: null }]);
    const out = await client.postAdjustment(post());
    expect(out).toMatchObject({ status: 'posted' });
    const added = run.sandbox.state.additions.get(Number((out as { psaReference: string }).psaReference))!;
    expect(added).toMatchObject({ quantity: 5, effectiveDate: `${TODAY}T00:00:00Z`, prorateCurrentPeriodFlag: true, invoiceDescription: 'M365 Business Basic' });
    expect(added.description).toContain('[IDSync adj-r1]');
    expect(additions()).toEqual([
      { id: 5000, quantity: 2, effective: '2025-01-01', cancelled: '2026-11-23' },
      { id: added.id, quantity: 5, effective: TODAY, cancelled: null },
    ]);
    expect(await client.readUnits(target, TODAY)).toBe(5);
    expect(await client.readUnits(target, '2026-11-23')).toBe(2);
  });

  it('bills what the delta addition bills: this period prorated by days, the next one in full', async () => {
    const replaced = await startSandbox();
    try {
      expect(await clientOf(replaced.conn).postAdjustment(post())).toMatchObject({ status: 'posted' });
      expect(await clientOf(delta(run.conn)).postAdjustment(post())).toMatchObject({ status: 'posted' });
      const billed = (r: Running, day: string) => {
        const lines = r.sandbox.controls.invoice(1000, day).lines.filter((l) => l.productId === 100);
        return Math.round(lines.reduce((s, l) => s + l.amount, 0) * 100) / 100;
      };
      // 2 units at $6 for 23 of 30 days and 5 for 7 days = 2 x $6 in full plus 3 x $6 x 7/30.
      expect([billed(replaced, TODAY), billed(run, TODAY)]).toEqual([16.2, 16.2]);
      expect([billed(replaced, '2026-12-05'), billed(run, '2026-12-05')]).toEqual([30, 30]);
      // The rest of the agreement is untouched: whole invoices match too.
      expect(replaced.sandbox.controls.invoice(1000, TODAY).total).toBe(run.sandbox.controls.invoice(1000, TODAY).total);
    } finally {
      await replaced.close();
    }
  });

  it('a second change the same day edits the addition that began that day (no new line)', async () => {
    const client = clientOf(run.conn);
    await client.postAdjustment(post());
    const created = run.sandbox.controls.createdAdditions().length;
    expect(await client.postAdjustment(post({ unitChange: -1, adjustmentId: 'adj-r2' }))).toMatchObject({ status: 'posted' });
    expect(run.sandbox.controls.createdAdditions().length).toBe(created);
    expect(await client.readUnits(target, TODAY)).toBe(4);
  });

  it('a decrease needs no negative quantity: it posts where the sandbox refuses them, and the delta option fails there', async () => {
    run.sandbox.controls.refuseNegativeQuantities(true);
    expect(await clientOf(run.conn).postAdjustment(post({ unitChange: -2 }))).toMatchObject({ status: 'posted' });
    expect(await clientOf(run.conn).readUnits(target, TODAY)).toBe(0);
    const refused = await clientOf(delta(run.conn)).postAdjustment({ ...post({ unitChange: -1, adjustmentId: 'adj-d' }), accountId: '251', contractId: '1010', serviceId: '101' });
    expect(refused).toMatchObject({ status: 'failed' });
    expect(JSON.stringify(refused)).toMatch(/quantity field must be zero or more/);
  });

  // Was a bug (found by the long soak): a replace ended only the additions live on its own date, so after a
  // decrease dated the next period posted first, the increase dated today left both billing from that period on.
  it('a decrease dated the next period posted first, then an increase dated today: every day from today on carries both', async () => {
    const client = clientOf(run.conn);
    expect(await client.postAdjustment(post({ effectiveDate: '2026-12-01', unitChange: -1, adjustmentId: 'adj-next' }))).toMatchObject({ status: 'posted' });
    expect(await client.postAdjustment(post({ unitChange: 3, adjustmentId: 'adj-today' }))).toMatchObject({ status: 'posted' });
    const units = async (d: string) => client.readUnits(target, d);
    expect([await units('2026-11-23'), await units(TODAY), await units('2026-11-30'), await units('2026-12-01'), await units('2027-06-01')]).toEqual([2, 5, 5, 4, 4]);
    const billing = (day: string) => additions().filter((a) => (a.effective ?? '') <= day && (a.cancelled === null || a.cancelled >= day)).map((a) => a.quantity);
    expect([billing(TODAY), billing('2026-12-01')]).toEqual([[5], [4]]);
    // The next period bills 4 units in full, as ConnectWise would invoice it.
    const lines = run.sandbox.controls.invoice(1000, '2026-12-05').lines.filter((l) => l.productId === 100);
    expect(Math.round(lines.reduce((s, l) => s + l.amount, 0) * 100) / 100).toBe(24);
  });

  it('refuses, before any write, a change that would take the units below zero', async () => {
    const out = await clientOf(run.conn).postAdjustment(post({ unitChange: -3 }));
    expect(out).toMatchObject({ status: 'failed' });
    expect(run.sandbox.controls.createdAdditions()).toEqual([]);
    expect(additions()[0]!.cancelled).toBeNull();
  });
});

describe('exactly once when the connection drops', () => {
  it('the new addition saved but its answer lost: unknown; finishing ends the old one; the units say landed', async () => {
    const quick = clientOf(run.conn, 1_500);
    run.sandbox.controls.hangNext({ when: 'after', match: { method: 'POST' } });
    const out = await quick.postAdjustment(post());
    expect(out.status).toBe('unknown');
    run.sandbox.controls.releaseHangs();
    // Mid-way, old and new both bill on the date: finishing is what makes the units tell the truth.
    expect(await quick.readUnits(target, TODAY)).toBe(7);
    await quick.finishPost(post());
    await quick.finishPost(post()); // repeating it is harmless
    expect(await quick.readUnits(target, TODAY)).toBe(5);
    expect(run.sandbox.controls.createdAdditions()).toHaveLength(1);
  });

  it('the cancel lost after the addition landed: unknown (never failed), and finishing completes it', async () => {
    const quick = clientOf(run.conn, 1_500);
    run.sandbox.controls.failNext({ status: 503, match: { method: 'PATCH' } });
    const out = await quick.postAdjustment(post());
    expect(out.status).toBe('unknown');
    await quick.finishPost(post());
    expect(await quick.readUnits(target, TODAY)).toBe(5);
  });

  it('the carry into a later-dated addition lost: finishing edits it once, however often it runs', async () => {
    const quick = clientOf(run.conn, 1_500);
    expect(await quick.postAdjustment(post({ effectiveDate: '2026-12-01', unitChange: -1, adjustmentId: 'adj-next' }))).toMatchObject({ status: 'posted' });
    run.sandbox.controls.failNext({ status: 503, match: { method: 'PATCH' } });
    expect((await quick.postAdjustment(post())).status).toBe('unknown');
    await quick.finishPost(post());
    await quick.finishPost(post());
    expect([await quick.readUnits(target, TODAY), await quick.readUnits(target, '2026-12-01')]).toEqual([5, 4]);
  });

  it('nothing saved: finishing writes nothing and the units say not landed, so the post may go again', async () => {
    const quick = clientOf(run.conn, 1_500);
    run.sandbox.controls.hangNext({ when: 'before', match: { method: 'POST' } });
    expect((await quick.postAdjustment(post())).status).toBe('unknown');
    run.sandbox.controls.releaseHangs();
    await quick.finishPost(post());
    expect(await quick.readUnits(target, TODAY)).toBe(2);
    expect(additions()).toEqual([{ id: 5000, quantity: 2, effective: '2025-01-01', cancelled: null }]);
    expect(await quick.postAdjustment(post())).toMatchObject({ status: 'posted' });
    expect(await quick.readUnits(target, TODAY)).toBe(5);
  });
});
