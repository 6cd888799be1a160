/**
 * Review with thresholds end to end through the HTTP API and the sandboxes (issue 14 item 1): a units
 * threshold holds the large change and posts the small one; approve posts once, dismiss never, edit posts
 * the edited numbers; a bulk approval with one date; a new relation's first reconciliation waits for review.
 */
import { describe, expect, it } from 'vitest';
import type { Agent } from '../../helpers/tenants.js';
import { accepted, AUTOTASK_TENANT, call, linkItems, pairs, same, setCount, syncNow, world, type Json, type Pair } from '../e2e/world.js';
import { addDays } from '../../../server/domain/dates.js';

/** Wait until the cycle `runId` (started by an approval) finished. */
async function waitRun(agent: Agent, runId: string | null): Promise<void> {
  expect(runId).toBeTruthy();
  for (let i = 0; i < 1000; i++) {
    const s = await call(agent, 'GET', '/api/sync');
    if (!s.running && s.last?.id === runId) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`run ${runId} did not finish`);
}

describe('review with thresholds', () => {
  const w = world(AUTOTASK_TENANT);
  let big!: Pair;
  let small!: Pair;
  const queue = async () => (await call(w.admin, 'GET', '/api/review?pageSize=500')).rows as Json[];
  const heldOf = async (p: Pair) => (await queue()).filter((r) => same(r, p.res));
  const cs = (p: Pair) => p.cs.contractServiceId as string;
  const bump = (p: Pair, by: number) => {
    p.res.count += by;
    setCount(w.p, p.res, p.res.count);
  };

  it('links two resources (automatic: reconciled and posted on link)', async () => {
    const two = await pairs(w.admin, '1200000504', 'MCS Trucking Inc', [[0, 0], [1, 1]]);
    big = two[0]!;
    small = two[1]!;
    // Start from equal counts, so the changes below are the only ones to post.
    for (const p of [big!, small!]) {
      p.res.count = Number(p.cs.units);
      setCount(w.p, p.res, p.res.count);
    }
    await syncNow(w.admin);
    const out = await call(w.admin, 'POST', '/api/mapping/bulk', { set: linkItems([big!, small!]) });
    expect(out.results.every((r: Json) => r.ok)).toBe(true);
  });

  it('refuses a threshold policy without a threshold (422) and saves one with it', async () => {
    const bad = await w.admin.request('PUT', '/api/review/policy', { mode: 'threshold' });
    expect(bad.status).toBe(422);
    await call(w.admin, 'PUT', '/api/review/policy', { mode: 'threshold', thresholdUnits: 5 });
    expect((await call(w.admin, 'GET', '/api/review/policy')).tenant).toMatchObject({ mode: 'threshold', thresholdUnits: 5 });
  });

  it('holds the large change, posts the small one; the queue shows what and why', async () => {
    const today = await w.nextDay();
    const beforeBig = accepted(w.p, cs(big));
    bump(big, 10);
    bump(small, 2);
    await syncNow(w.admin);
    expect(accepted(w.p, cs(small)).at(-1)).toEqual([2, today]);
    expect(accepted(w.p, cs(big))).toEqual(beforeBig);
    const [row] = await heldOf(big);
    expect(row).toMatchObject({ unitChange: 10, toCount: big.res.count, fromCount: big.res.count - 10, effectiveDate: today, why: 'Change of 10 units is above the review threshold of 5' });
    expect(typeof row!.estimatedAmount).toBe('number');
    expect(row!.companyName).toBeTruthy();
    // Syncing again still posts nothing for it.
    await syncNow(w.admin);
    expect(accepted(w.p, cs(big))).toEqual(beforeBig);
    const forged = await w.admin.request('POST', '/api/review/approve', { ids: [row!.id] }, { 'x-csrf-token': 'wrong' });
    expect(forged.status).toBe(403); // a write without the session's CSRF token
  });

  it('approve posts it once through the poster', async () => {
    const [row] = await heldOf(big);
    const before = accepted(w.p, cs(big));
    const out = await call(w.admin, 'POST', '/api/review/approve', { ids: [row!.id] });
    expect(out.results).toEqual([{ id: row!.id, ok: true, status: 'planned' }]);
    await waitRun(w.admin, out.runId);
    expect(accepted(w.p, cs(big))).toEqual([...before, [10, w.today]]);
    await syncNow(w.admin);
    expect(accepted(w.p, cs(big))).toEqual([...before, [10, w.today]]);
    // Approving again is a conflict for that id, nothing posted.
    const again = await call(w.admin, 'POST', '/api/review/approve', { ids: [row!.id] });
    expect(again.results[0]).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await heldOf(big)).toEqual([]);
  });

  it('dismiss never posts, keeps the reason (also in the audit trail)', async () => {
    await w.nextDay();
    const before = accepted(w.p, cs(big));
    bump(big, 8);
    await syncNow(w.admin);
    const [row] = await heldOf(big);
    const bad = await w.admin.request('POST', '/api/review/dismiss', { ids: [row!.id], reason: '  ' });
    expect(bad.status).toBe(422);
    const out = await call(w.admin, 'POST', '/api/review/dismiss', { ids: [row!.id], reason: 'trial seats, billed by hand' });
    expect(out.results).toEqual([{ id: row!.id, ok: true, status: 'dismissed' }]);
    await syncNow(w.admin);
    await syncNow(w.admin, { full: true });
    expect(accepted(w.p, cs(big))).toEqual(before);
    expect(await heldOf(big)).toEqual([]);
    const trail = (await call(w.admin, 'GET', '/api/audit?filter.action=dismiss')).rows as Json[];
    expect(trail).toEqual([expect.objectContaining({ subject: row!.id, note: 'trial seats, billed by hand', actor: AUTOTASK_TENANT.admin })]);
  });

  it('edit posts the edited units and date', async () => {
    const today = await w.nextDay();
    const before = accepted(w.p, cs(big));
    bump(big, 7);
    await syncNow(w.admin);
    const [row] = await heldOf(big);
    const tomorrow = addDays(today, 1);
    const bad = await w.admin.request('POST', `/api/review/${row!.id}/edit`, { toCount: row!.fromCount });
    expect(bad.status).toBe(422);
    const out = await call(w.admin, 'POST', `/api/review/${row!.id}/edit`, { toCount: row!.fromCount + 3, effectiveDate: tomorrow });
    await waitRun(w.admin, out.runId);
    expect(accepted(w.p, cs(big))).toEqual([...before, [3, tomorrow]]);
    const trail = (await call(w.admin, 'GET', '/api/audit?filter.action=edit')).rows as Json[];
    expect(JSON.parse(trail[0]!.before)).toMatchObject({ unitChange: 7 });
    expect(JSON.parse(trail[0]!.after)).toMatchObject({ unitChange: 3, effectiveDate: tomorrow, status: 'planned' });
  });

  it('bulk approve with one date posts each held row once on that date', async () => {
    const today = await w.nextDay();
    const date = addDays(today, 2);
    const [b0, s0] = [accepted(w.p, cs(big)), accepted(w.p, cs(small))];
    bump(big, 6);
    bump(small, 9);
    await syncNow(w.admin);
    const ids = [...(await heldOf(big)), ...(await heldOf(small))].map((r) => r.id);
    expect(ids).toHaveLength(2);
    const out = await call(w.admin, 'POST', '/api/review/approve', { ids, effectiveDate: date });
    expect(out.results.every((r: Json) => r.ok)).toBe(true);
    await waitRun(w.admin, out.runId);
    expect(accepted(w.p, cs(big))).toEqual([...b0, [6, date]]);
    expect(accepted(w.p, cs(small))).toEqual([...s0, [9, date]]);
  });

  it("a new relation's first reconciliation waits for review when the policy says so", async () => {
    await call(w.admin, 'PUT', '/api/review/policy', { mode: 'automatic', reviewFirstReconcile: true });
    const [third] = await pairs(w.admin, '1200000502', 'Repair and Wear LLC', 1);
    const before = accepted(w.p, cs(third!));
    const diff = 4;
    third!.res.count = Number(third!.cs.units) + diff;
    setCount(w.p, third!.res, third!.res.count);
    await syncNow(w.admin);
    const [resource, subscription, company] = linkItems([third!]);
    await call(w.admin, 'PUT', `/api/mapping/companies/${company!.odinAccountId}`, { psaAccountId: company!.psaAccountId });
    await call(w.admin, 'PUT', `/api/mapping/subscriptions/${subscription!.odinSubscriptionId}`, { psaContractId: subscription!.psaContractId });
    const { level: _l, odinSubscriptionId, odinResourceId, ...body } = resource!;
    const out = await call(w.admin, 'PUT', `/api/mapping/resources/${odinSubscriptionId}/${odinResourceId}`, body);
    expect(out.reconciliation).toMatchObject({ status: 'held', unitChange: diff });
    expect(accepted(w.p, cs(third!))).toEqual(before);
    const [row] = await heldOf(third!);
    expect(row!.why).toBe('First reconciliation of a new relation waits for review');
    const ok = await call(w.admin, 'POST', '/api/review/approve', { ids: [row!.id] });
    await waitRun(w.admin, ok.runId);
    expect(accepted(w.p, cs(third!))).toEqual([...before, [diff, w.today]]);
  });

  it('answers 404 for an unknown id and 422 for a bad body', async () => {
    const out = await call(w.admin, 'POST', '/api/review/approve', { ids: ['nope'] });
    expect(out.results).toEqual([{ id: 'nope', ok: false, error: { code: 'not_found', message: 'No such adjustment' } }]);
    expect((await w.admin.request('POST', '/api/review/approve', { ids: [] })).status).toBe(422);
    expect((await w.admin.request('POST', '/api/review/approve', { ids: ['x'], effectiveDate: '2026-02-30' })).status).toBe(422);
    expect((await w.admin.request('POST', '/api/review/nope/edit', { toCount: 3 })).status).toBe(404);
  });
});
