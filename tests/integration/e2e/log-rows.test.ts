/**
 * Each log row explains itself, through the HTTP API against the Autotask sandbox: why a row has its date
 * (an increase today, one moved by Autotask's one-per-day rule), and Retry now on a failed row makes it
 * due at once and runs a cycle that posts it exactly once.
 */
import { describe, expect, it } from 'vitest';
import { AUTOTASK_TENANT, accepted, call, pairs, linkItems, report, same, setCount, syncNow, world, type Pair } from './world.js';

describe('Autotask: the log says why each date, and Retry now posts a failed row', () => {
  const w = world(AUTOTASK_TENANT);
  let link: Pair;

  it('links one resource', async () => {
    link = (await pairs(w.admin, '1200000504', 'MCS Trucking Inc', [[1, 1]]))[0]!;
    const [resource, subscription, company] = linkItems([link]);
    await call(w.admin, 'PUT', `/api/mapping/companies/${company!.odinAccountId}`, { psaAccountId: company!.psaAccountId });
    await call(w.admin, 'PUT', `/api/mapping/subscriptions/${subscription!.odinSubscriptionId}`, { psaContractId: subscription!.psaContractId });
    const { level: _l, odinSubscriptionId, odinResourceId, ...body } = resource!;
    const out = await call(w.admin, 'PUT', `/api/mapping/resources/${odinSubscriptionId}/${odinResourceId}`, body);
    // Setting a relation says what it did: PSA units before, the Marketplace count, and the dated, priced change.
    expect(out.reconciliation.status).toBe('posted');
    expect(out.reconciliation.details).toMatchObject({ marketplaceCount: link.res.count, psaUnitsBefore: link.cs.units, effectiveDate: w.today, dateRule: 'today', estimatedAmount: expect.any(Number) });
  });

  it('a second increase on one day is moved to the next free day, and the log says so', async () => {
    const today = await w.nextDay();
    link.res.count += 2;
    setCount(w.p, link.res, link.res.count);
    await syncNow(w.admin);
    link.res.count += 1;
    setCount(w.p, link.res, link.res.count);
    await syncNow(w.admin);
    const rows = (await report(w.admin, 'adjustments', { sort: 'effectiveDate' })).filter((r) => same(r, link.res));
    const last2 = rows.slice(-2);
    expect(last2.map((r) => [r.unitChange, r.effectiveDate, r.dateReason])).toEqual([
      [2, today, 'Increase: from the day it was seen'],
      [1, expect.not.stringMatching(today), 'Moved to the next free day (Autotask takes one adjustment per service per day)'],
    ]);
    expect(last2[1]!.fromCount).toBe(last2[0]!.toCount);
  });

  it('Retry now: a failed row is due at once, a cycle runs, it posts once; refused for posted rows', async () => {
    await w.nextDay(); // past the day the moved row holds
    const today = await w.nextDay();
    const cs = link.cs.contractServiceId as string;
    w.p.sandboxes.autotask.controls.inject({ kind: 'status', status: 500, body: JSON.stringify({ errors: ['Unable to save: the Contract is being edited by another resource.'] }), path: 'ServiceAdjustments', method: 'POST' });
    link.res.count += 3;
    setCount(w.p, link.res, link.res.count);
    expect((await syncNow(w.admin)).status).toBe('partial');
    const [row] = (await report(w.admin, 'failures')).filter((r) => same(r, link.res));
    expect(row).toMatchObject({ status: 'failed', unitChange: 3, effectiveDate: today, errorCause: expect.stringMatching(/business rule/) });
    expect(Date.parse(row!.nextAttemptAt)).toBeGreaterThan(w.p.clock.now().getTime());
    w.p.sandboxes.autotask.controls.clearFaults();
    const before = accepted(w.p, cs);

    const out = await call(w.admin, 'POST', `/api/adjustments/${row!.id}/retry`, undefined, 202);
    expect(out.runId).toEqual(expect.any(String));
    for (let i = 0; i < 1000; i++) {
      const s = await call(w.admin, 'GET', '/api/sync');
      if (!s.running && s.last?.id === out.runId) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    expect((await report(w.admin, 'failures')).filter((r) => same(r, link.res))).toEqual([]);
    expect(accepted(w.p, cs)).toEqual([...before, [3, today]]);
    const err = await call(w.admin, 'POST', `/api/adjustments/${row!.id}/retry`, undefined, 409);
    expect(err.error.code).toBe('conflict');
    expect((await call(w.admin, 'POST', '/api/adjustments/nope/retry', undefined, 404)).error.code).toBe('not_found');
  });

  it('the tenant sets how money is shown; a bad currency or locale is refused and changes nothing', async () => {
    expect((await call(w.admin, 'GET', '/api/me')).tenant).toMatchObject({ currency: 'USD', locale: 'en-US' });
    expect((await call(w.admin, 'PUT', '/api/settings/money', { currency: 'XXQ', locale: 'en-US' }, 422)).error.code).toBe('validation_failed');
    expect((await call(w.admin, 'PUT', '/api/settings/money', { currency: 'eur', locale: 'de-DE' }, 422)).error.code).toBe('validation_failed');
    expect((await call(w.admin, 'GET', '/api/me')).tenant).toMatchObject({ currency: 'USD', locale: 'en-US' });
    await call(w.admin, 'PUT', '/api/settings/money', { currency: 'EUR', locale: 'de-DE' });
    expect((await call(w.admin, 'GET', '/api/me')).tenant).toMatchObject({ currency: 'EUR', locale: 'de-DE' });
  });
});
