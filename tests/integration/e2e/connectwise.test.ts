/**
 * The same guide scenarios for the ConnectWise demo tenant, through the product's HTTP API: bulk
 * relations reconciled as agreement additions in the ConnectWise sandbox, a bulk clear that stops
 * posting, and a 503 from ConnectWise that heals after its retry time with exactly one addition.
 * The tenant posts the default way (replace): each change adds one addition at the new total and ends the
 * one before, so the additions created read as the resource's counts, and one line bills at a time.
 */
import { describe, expect, it } from 'vitest';
import { call, CONNECTWISE_TENANT, linkItems, pairs, report, same, setCount, syncNow, world, type Json, type Pair, type Product } from './world.js';

const ADDITION_POST = { method: 'POST', path: 'additions' };

const additions = (p: Product, pair: Pair) =>
  p.sandboxes.connectwise.controls.createdAdditions()
    .filter((a) => a.agreementId === Number(pair.contractId) && a.productId === Number(pair.cs.serviceId))
    .map((a) => [a.quantity, a.effectiveDate?.slice(0, 10)]);
/** The product's additions still billing on `day` on the agreement (replace leaves exactly one). */
const billing = (p: Product, pair: Pair, day: string) =>
  p.sandboxes.connectwise.state.productOn(Number(pair.contractId), Number(pair.cs.serviceId))
    .filter((a) => (a.effectiveDate ?? '').slice(0, 10) <= day && (!a.cancelledDate || a.cancelledDate.slice(0, 10) >= day))
    .map((a) => a.quantity);

describe('ConnectWise: bulk relations, clearing, and a failure that heals', () => {
  const w = world(CONNECTWISE_TENANT);
  let linked: Pair[];

  it('one bulk request links three resources; each reconciliation creates the difference as an addition dated today', async () => {
    // Every pick has more seats in the Marketplace than on the agreement: each reconciliation is an increase.
    linked = [
      ...(await pairs(w.admin, '1200000503', 'Cimarron Dental', [[0, 0], [2, 3]])),
      ...(await pairs(w.admin, '1200000501', 'Venture Logistics', [[2, 0]])),
    ];
    for (const p of linked) expect(p.res.count).toBeGreaterThan(p.cs.units);
    const out = await call(w.admin, 'POST', '/api/mapping/bulk', { set: linkItems(linked) });
    expect(out.results.every((r: Json) => r.ok)).toBe(true);
    for (const p of linked) {
      const diff = p.res.count - p.cs.units;
      const result = (out.results as Json[]).find((r) => r.level === 'resource' && r.ids.odinSubscriptionId === p.res.odinSubscriptionId && r.ids.odinResourceId === p.res.odinResourceId);
      expect(result!.reconciliation).toMatchObject({ status: 'posted', unitChange: diff });
      expect(additions(w.p, p)).toEqual([[p.res.count, w.today]]);
      expect(billing(w.p, p, w.today)).toEqual([p.res.count]);
    }
    const rows = await report(w.admin, 'adjustments', { context: 'connectwise' });
    for (const p of linked) {
      expect(rows.filter((r) => same(r, p.res))).toEqual([expect.objectContaining({ psaKind: 'connectwise', psaContractId: p.contractId, psaServiceId: p.cs.serviceId, unitChange: p.res.count - p.cs.units, effectiveDate: w.today })]);
    }
  });

  it('after a bulk clear of a company, a sync posts the still-linked changes only; the cleared one is in the Unlinked report', async () => {
    const cleared = linked[2]!;
    const kept = linked.slice(0, 2);
    // Clearing the company clears its subscriptions and resources below it.
    const out = await call(w.admin, 'POST', '/api/mapping/bulk', { clear: [{ level: 'company', odinAccountId: cleared.res.odinAccountId }] });
    expect(out).toMatchObject({ results: [{ ok: true, level: 'company' }] });
    expect(out.changed).toBeGreaterThanOrEqual(1);
    const before = new Map(linked.map((p) => [p, additions(w.p, p)]));
    const today = await w.nextDay();
    for (const p of linked) setCount(w.p, p.res, (p.res.count += 2));

    const run = await syncNow(w.admin);
    expect(run).toMatchObject({ status: 'ok', error: null });
    for (const p of kept) expect(additions(w.p, p)).toEqual([...before.get(p)!, [p.res.count, today]]);
    for (const p of kept) expect(billing(w.p, p, today)).toEqual([p.res.count]);
    expect(additions(w.p, cleared)).toEqual(before.get(cleared));
    const unlinked = await report(w.admin, 'unlinked');
    expect(unlinked.filter((r) => same(r, cleared.res))).toEqual([expect.objectContaining({ missing: 'company', count: cleared.res.count })]);
    for (const p of kept) expect(unlinked.filter((r) => same(r, p.res))).toEqual([]);
  });

  const FAULTS: { name: string; arm: (c: Product['sandboxes']['connectwise']['controls']) => void; message: RegExp; savedAnyway?: boolean; minRetryMs?: number }[] = [
    { name: '503', message: /temporarily unable to service your request/,
      arm: (c) => c.failNext({ status: 503, body: { code: 'ServiceUnavailable', message: 'The server is temporarily unable to service your request.' }, match: ADDITION_POST }) },
    { name: '429 with Retry-After', message: /^Too many requests\. Please retry later\.$/, minRetryMs: 30_000, arm: (c) => c.throttleNext({ retryAfterSeconds: 30, match: ADDITION_POST }) },
    // The message of this case is checked apart (see 'an unreadable answer ...' below).
    { name: 'garbage answer after the addition was saved', message: /./, savedAnyway: true, arm: (c) => c.malformedNext({ when: 'after', match: ADDITION_POST }) },
  ];

  it.each(FAULTS)('$name from ConnectWise: Failure log row, then exactly one addition after the retry time', async (f) => {
    const p = linked[0]!;
    const today = await w.nextDay();
    const before = additions(w.p, p);
    f.arm(w.p.sandboxes.connectwise.controls);
    setCount(w.p, p.res, (p.res.count += 1));

    expect((await syncNow(w.admin)).status).toBe('partial');
    const failures = await report(w.admin, 'failures');
    expect(failures).toEqual([expect.objectContaining({ psaKind: 'connectwise', unitChange: 1, toCount: p.res.count, attempts: 1 })]);
    const row = failures[0]!;
    expect(row.lastError).toMatch(f.message);
    const retryAt = Date.parse(row.nextAttemptAt);
    if (f.minRetryMs) expect(retryAt).toBeGreaterThanOrEqual(w.p.clock.now().getTime() + f.minRetryMs);
    expect(additions(w.p, p)).toEqual(f.savedAnyway ? [...before, [p.res.count, today]] : before);

    w.p.sandboxes.connectwise.controls.reset();
    w.p.clock.current = new Date(retryAt + 1000);
    expect(await syncNow(w.admin)).toMatchObject({ status: 'ok' });
    expect(await report(w.admin, 'failures')).toEqual([]);
    expect((await report(w.admin, 'adjustments')).filter((r) => r.id === row.id)).toEqual([expect.objectContaining({ unitChange: 1, effectiveDate: today })]);
    expect(additions(w.p, p)).toEqual([...before, [p.res.count, today]]);
    expect(billing(w.p, p, today)).toEqual([p.res.count]);
  });

  // Was a bug (found by this test): a 2xx answer whose body could not be read kept the raw body as the
  // vendor's message, so the Failure log showed a fragment of JSON instead of the connector's own words.
  it('an unreadable answer from ConnectWise reads as such in the Failure log, not as the raw body', async () => {
    const p = linked[1]!;
    await w.nextDay();
    w.p.sandboxes.connectwise.controls.malformedNext({ when: 'before', match: ADDITION_POST });
    setCount(w.p, p.res, (p.res.count += 1));
    await syncNow(w.admin);
    const [row] = (await report(w.admin, 'failures')).filter((r) => same(r, p.res));
    expect(row).toBeTruthy();
    expect(row!.lastError).not.toContain('"trunc');
    expect(row!.lastError).toMatch(/could not be read|unreadable/i);
  });
});

describe('ConnectWise: an agreement cancelled or deleted after the relation was made', () => {
  const w = world(CONNECTWISE_TENANT);

  it('fails with a clear message in the Failure log while the other agreements still get their additions', async () => {
    const [cancelled] = await pairs(w.admin, '1200000500', 'Hall Brothers Transportation', [[0, 0]]);
    const [deleted] = await pairs(w.admin, '1200000501', 'Venture Logistics', [[2, 0]]);
    const [healthy] = await pairs(w.admin, '1200000503', 'Cimarron Dental', [[0, 0]]);
    const all = [cancelled!, deleted!, healthy!];
    const out = await call(w.admin, 'POST', '/api/mapping/bulk', { set: linkItems(all) });
    expect(out.results.every((r: Json) => r.ok)).toBe(true);

    const today = await w.nextDay();
    const cw = w.p.sandboxes.connectwise.state;
    // In ConnectWise someone cancels one agreement and deletes another.
    cw.agreements.get(Number(cancelled!.contractId))!.cancelledFlag = true;
    expect(cw.agreements.delete(Number(deleted!.contractId))).toBe(true);
    const before = new Map(all.map((p) => [p, additions(w.p, p)]));
    for (const p of all) setCount(w.p, p.res, p.res.count + 2);

    const run = await syncNow(w.admin);
    expect(run.status).toBe('partial');
    expect(additions(w.p, healthy!)).toEqual([...before.get(healthy!)!, [healthy!.res.count + 2, today]]);
    expect(additions(w.p, cancelled!)).toEqual(before.get(cancelled!));
    const failures = await report(w.admin, 'failures');
    expect(failures).toHaveLength(2);
    expect(failures.find((r) => same(r, cancelled!.res))!.lastError).toMatch(/^The ConnectWise agreement ".+" is cancelled: extend or renew the agreement/);
    expect(failures.find((r) => same(r, deleted!.res))!.lastError).toMatch(new RegExp(`${deleted!.contractId}.*not found|not found.*${deleted!.contractId}`, 'i'));
  });
});
