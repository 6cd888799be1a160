/**
 * The guide's Failure Log through the HTTP API, Autotask tenant: Autotask failing while a count changes
 * (5xx, 429, an unreadable answer, an answer lost after the save) shows a row with Autotask's words; once
 * Autotask is back and the retry time has passed, the next sync posts it exactly once and the row moves
 * to the Adjustments log. A relation whose PSA object is gone, or whose contract ended, fails clearly
 * without holding up the other resources of the same cycle.
 */
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../server/domain/dates.js';
import type { Fault } from '../../../server/sandboxes/autotask/controls.js';
import { sandboxUnits } from '../sync/world.js';
import { accepted, AUTOTASK_TENANT, call, expectCsvMatchesJson, linkItems, pairs, report, same, setCount, syncNow, world, type Json, type Pair } from './world.js';

const ADJUSTMENT_POST = { path: 'ServiceAdjustments', method: 'POST' } as const;
const errorsBody = (text: string) => JSON.stringify({ errors: [text] });

interface Case {
  name: string;
  fault: Fault;
  /** What the Failure log says. */
  message: RegExp;
  /** Autotask saved it although the answer was lost. */
  savedAnyway?: boolean;
  /** The earliest retry the row may announce, in ms after the failed cycle. */
  minRetryMs?: number;
}

const CASES: Case[] = [
  { name: '503 with Autotask errors[]', fault: { kind: 'status', status: 503, body: errorsBody('The service is unavailable: zone maintenance in progress.'), ...ADJUSTMENT_POST },
    message: /^The service is unavailable: zone maintenance in progress\.$/ },
  { name: '500 refusal', fault: { kind: 'status', status: 500, body: errorsBody('Unable to save: the Contract is being edited by another resource.'), ...ADJUSTMENT_POST },
    message: /^Unable to save: the Contract is being edited by another resource\.$/ },
  { name: '429 threshold with Retry-After', fault: { kind: 'status', status: 429, retryAfter: '120', body: errorsBody('The request threshold of 10000 requests per 60 minutes has been exceeded.'), ...ADJUSTMENT_POST },
    message: /request threshold of 10000 requests per 60 minutes has been exceeded/, minRetryMs: 120_000 },
  { name: 'malformed 200 body', fault: { kind: 'malformed', ...ADJUSTMENT_POST }, message: /unreadable answer/i },
  { name: '502 after the save', fault: { kind: 'status', status: 502, body: '<html><body>Bad Gateway</body></html>', phase: 'after', ...ADJUSTMENT_POST },
    message: /HTTP 502/, savedAnyway: true },
  { name: 'unreadable answer after the save', fault: { kind: 'malformed', phase: 'after', ...ADJUSTMENT_POST }, message: /unreadable answer/i, savedAnyway: true },
];

describe('Autotask: failures heal once Autotask is back, without a double post', () => {
  const w = world(AUTOTASK_TENANT);
  let link: Pair;

  it('links one resource through the single-relation API (reconciled on link)', async () => {
    link = (await pairs(w.admin, '1200000504', 'MCS Trucking Inc', [[1, 1]]))[0]!;
    const [resource, subscription, company] = linkItems([link]);
    await call(w.admin, 'PUT', `/api/mapping/companies/${company!.odinAccountId}`, { psaAccountId: company!.psaAccountId });
    await call(w.admin, 'PUT', `/api/mapping/subscriptions/${subscription!.odinSubscriptionId}`, { psaContractId: subscription!.psaContractId });
    const { level: _l, odinSubscriptionId, odinResourceId, ...body } = resource!;
    const out = await call(w.admin, 'PUT', `/api/mapping/resources/${odinSubscriptionId}/${odinResourceId}`, body);
    expect(out.reconciliation.status).toBe(link.res.count === link.cs.units ? 'none' : 'posted');
  });

  it.each(CASES)('$name: Failure log row with the PSA message, then posted once after the retry time', async (c) => {
    const today = await w.nextDay();
    const cs = link.cs.contractServiceId as string;
    const before = accepted(w.p, cs);
    const count = link.res.count + 2;
    link.res.count = count;
    w.p.sandboxes.autotask.controls.inject(c.fault);
    setCount(w.p, link.res, count);

    const failedRun = await syncNow(w.admin);
    expect(failedRun.status).toBe('partial');
    const failures = (await report(w.admin, 'failures')).filter((r) => same(r, link.res));
    expect(failures).toEqual([expect.objectContaining({ unitChange: 2, toCount: count, effectiveDate: today, attempts: 1, psaServiceId: link.cs.serviceId })]);
    const row = failures[0]!;
    expect(row.lastError).toMatch(c.message);
    const retryAt = Date.parse(row.nextAttemptAt);
    expect(retryAt).toBeGreaterThan(w.p.clock.now().getTime());
    if (c.minRetryMs) expect(retryAt).toBeGreaterThanOrEqual(w.p.clock.now().getTime() + c.minRetryMs);
    expect((await report(w.admin, 'adjustments')).filter((r) => r.id === row.id)).toEqual([]);
    expect(accepted(w.p, cs)).toEqual(c.savedAnyway ? [...before, [2, today]] : before);

    // Before the retry time nothing is sent again.
    w.p.sandboxes.autotask.controls.clearFaults();
    await syncNow(w.admin);
    expect((await report(w.admin, 'failures')).map((r) => r.id)).toEqual([row.id]);

    w.p.clock.current = new Date(retryAt + 1000);
    const healed = await syncNow(w.admin);
    expect(healed).toMatchObject({ status: 'ok', error: null });
    expect(await report(w.admin, 'failures')).toEqual([]);
    const posted = (await report(w.admin, 'adjustments')).filter((r) => r.id === row.id);
    expect(posted).toEqual([expect.objectContaining({ unitChange: 2, toCount: count, effectiveDate: today })]);
    expect(accepted(w.p, cs)).toEqual([...before, [2, today]]);
  });
  it('while a sync waits on Autotask, GET /api/sync shows it running and a second POST /api/sync answers 409', async () => {
    const today = await w.nextDay();
    const cs = link.cs.contractServiceId as string;
    const before = accepted(w.p, cs);
    const at = w.p.sandboxes.autotask.controls;
    at.inject({ kind: 'hang', ...ADJUSTMENT_POST });
    setCount(w.p, link.res, (link.res.count += 1));
    const { runId } = await call(w.admin, 'POST', '/api/sync', {}, 202);
    let status: Json = {};
    for (let i = 0; i < 500 && !(status.running && status.current?.phase === 'post'); i++) {
      status = await call(w.admin, 'GET', '/api/sync');
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(status).toMatchObject({ running: true, current: { id: runId, phase: 'post' } });
    const again = await w.admin.request('POST', '/api/sync', {});
    expect(again.status).toBe(409);
    const busy = ((await again.json()) as Json).error;
    expect(busy).toMatchObject({ code: 'conflict', message: expect.stringMatching(/^A sync cycle is running, started \d\d:\d\d \S+; the next can start by \d\d:\d\d \S+$/) });
    expect(Date.parse(busy.retryAt)).toBeGreaterThan(Date.parse(busy.startedAt));
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
    // Autotask answers at last (503): the cycle ends, the change waits in the Failure log.
    let released = 0;
    for (let i = 0; i < 500 && released === 0; i++) {
      released = at.releaseHung();
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(released).toBe(1);
    let done: Json = {};
    for (let i = 0; i < 500 && done.last?.id !== runId; i++) {
      done = await call(w.admin, 'GET', '/api/sync');
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(done).toMatchObject({ running: false, last: { id: runId, status: 'partial' } });
    const [row] = await report(w.admin, 'failures');
    expect(row).toMatchObject({ unitChange: 1, effectiveDate: today });
    w.p.clock.current = new Date(Date.parse(row!.nextAttemptAt) + 1000);
    expect(await syncNow(w.admin)).toMatchObject({ status: 'ok' });
    expect(await report(w.admin, 'failures')).toEqual([]);
    expect(accepted(w.p, cs)).toEqual([...before, [1, today]]);
  });
});

describe('Autotask: a failure during the reconciliation on link', () => {
  const w = world(AUTOTASK_TENANT);

  it('answers "failed" with the PSA message, keeps the relation, and the next sync after the retry time posts it once', async () => {
    const [pair] = await pairs(w.admin, '1200000505', 'Blue Light Company', [[3, 0]]);
    const diff = pair!.res.count - pair!.cs.units;
    expect(diff).toBeGreaterThan(0);
    w.p.sandboxes.autotask.controls.inject({ kind: 'status', status: 503, body: errorsBody('The service is unavailable: zone maintenance in progress.'), ...ADJUSTMENT_POST });
    const out = await call(w.admin, 'POST', '/api/mapping/bulk', { set: linkItems([pair!]) });
    const result = (out.results as Json[]).find((r) => r.level === 'resource')!;
    expect(result).toMatchObject({ ok: true, reconciliation: { status: 'failed', unitChange: diff, message: 'The service is unavailable: zone maintenance in progress.' } });
    expect((await report(w.admin, 'linked')).filter((r) => same(r, pair!.res))).toHaveLength(1);
    const [row] = await report(w.admin, 'failures');
    expect(row).toMatchObject({ id: result.reconciliation.adjustmentId, unitChange: diff, attempts: 1 });
    expect(accepted(w.p, pair!.cs.contractServiceId)).toEqual([]);

    w.p.clock.current = new Date(Date.parse(row!.nextAttemptAt) + 1000);
    expect(await syncNow(w.admin)).toMatchObject({ status: 'ok' });
    expect(await report(w.admin, 'failures')).toEqual([]);
    expect((await report(w.admin, 'adjustments')).map((r) => r.id)).toEqual([row!.id]);
    expect(accepted(w.p, pair!.cs.contractServiceId)).toEqual([[diff, w.today]]);
  });
});

describe('Autotask: a relation whose PSA object is gone or whose contract ended', () => {
  const w = world(AUTOTASK_TENANT);

  it('fails with a clear message in the Failure log while the other resources still post in the same cycle', async () => {
    const [gone, healthy] = await pairs(w.admin, '1200000506', 'Transcorr', 2);
    // A contract without a renewal (Venture Logistics' is renewed in the demo, and its link would follow it).
    const [ended] = await pairs(w.admin, '1200000504', 'MCS Trucking Inc', [[1, 0]]);
    const all: Pair[] = [gone!, healthy!, ended!];
    const out = await call(w.admin, 'POST', '/api/mapping/bulk', { set: linkItems(all) });
    expect(out.results.every((r: Json) => r.ok)).toBe(true);

    const today = await w.nextDay();
    const at = w.p.sandboxes.autotask.state;
    // In Autotask someone removes the service from the contract, and ends the other contract yesterday.
    const csId = Number(gone!.cs.contractServiceId);
    at.contractServices = at.contractServices.filter((x) => x.id !== csId);
    at.units = at.units.filter((u) => u.contractServiceID !== csId);
    const contract = at.contracts.find((x) => x.id === Number(ended!.contractId))!;
    contract.endDate = `${addDays(today, -1)}T00:00:00`;
    const before = new Map(all.map((p) => [p, accepted(w.p, p.cs.contractServiceId)]));
    for (const p of all) setCount(w.p, p.res, p.res.count + 4);

    const run = await syncNow(w.admin);
    expect(run.status).toBe('partial');
    expect(run.summary).toMatchObject({ posted: 1, failed: 2 });
    expect(accepted(w.p, healthy!.cs.contractServiceId)).toEqual([...before.get(healthy!)!, [4, today]]);
    expect(accepted(w.p, ended!.cs.contractServiceId)).toEqual(before.get(ended!));

    const failures = await report(w.admin, 'failures');
    expect(failures).toHaveLength(2);
    const goneRow = failures.find((r) => same(r, gone!.res))!;
    expect(goneRow.lastError).toBe(`ContractService with id ${csId} does not exist on the Contract referenced by contractID.`);
    const endedRow = failures.find((r) => same(r, ended!.res))!;
    expect(endedRow.lastError).toMatch(/effectiveDate must be between the start date and end date of the Contract/i);
    expect((await report(w.admin, 'adjustments')).filter((r) => same(r, healthy!.res) && r.unitChange === 4)).toHaveLength(1);
    expect(await expectCsvMatchesJson(w.admin, 'failures', { sort: 'lastError' })).toBe(2);

    // Clearing the broken relation takes its change out of the Failure log; extending the contract lets
    // the other one post at its next retry, once.
    await call(w.admin, 'DELETE', `/api/mapping/resources/${gone!.res.odinSubscriptionId}/${gone!.res.odinResourceId}`, undefined, 204);
    expect((await report(w.admin, 'failures')).map((r) => r.id)).toEqual([endedRow.id]);
    // Linked again, to a service still on the contract: reconciled from what Autotask holds there.
    const other = at.contractServices.find((x) => x.contractID === Number(gone!.contractId) && x.id !== csId && x.id !== Number(healthy!.cs.contractServiceId))!;
    const otherUnits = sandboxUnits(w.p.sandboxes.autotask, other.id, today);
    const relinked = await call(w.admin, 'PUT', `/api/mapping/resources/${gone!.res.odinSubscriptionId}/${gone!.res.odinResourceId}`, { psaServiceId: String(other.serviceID), psaContractServiceId: String(other.id) });
    const diff = gone!.res.count + 4 - otherUnits;
    expect(diff).toBeGreaterThan(0);
    expect(relinked.reconciliation).toMatchObject({ status: 'posted', unitChange: diff });
    expect(accepted(w.p, String(other.id))).toEqual([[diff, today]]);
    expect((await report(w.admin, 'failures')).map((r) => r.id)).toEqual([endedRow.id]);
    expect(w.p.sandboxes.autotask.controls.extendContract(contract.id, addDays(today, 365))).toBe(true);
    w.p.clock.current = new Date(Date.parse(endedRow.nextAttemptAt) + 1000);
    expect(await syncNow(w.admin)).toMatchObject({ status: 'ok' });
    expect(await report(w.admin, 'failures')).toEqual([]);
    expect(accepted(w.p, ended!.cs.contractServiceId)).toEqual([...before.get(ended!)!, [4, today]]);
    expect((await report(w.admin, 'adjustments')).filter((r) => r.id === endedRow.id)).toHaveLength(1);
  });
});
