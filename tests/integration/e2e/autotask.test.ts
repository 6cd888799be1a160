/**
 * The product guide's scenarios for an Autotask MSP, end to end through the product's HTTP API: Manage
 * Relations in bulk, reconciliation posted to the Autotask sandbox, clearing relations, sync cycles
 * started with POST /api/sync, the Adjustments / Failure / Unlinked reports and the CSV download.
 * Only the sandboxes' test controls (the other systems' side) are touched directly.
 */
import { describe, expect, it } from 'vitest';
import { CALENDAR_MONTH, nextPeriodStart } from '../../../server/domain/billing-period.js';
import { addDays } from '../../../server/domain/dates.js';
import { sandboxUnits } from '../sync/world.js';
import { accepted, AUTOTASK_TENANT, call, expectCsvMatchesJson, linkItems, monthlyResources, pairs, psaSide, report, same, setCount, syncNow, world, type Json, type Pair } from './world.js';

describe('Autotask: Manage Relations in bulk, then clearing some of them', () => {
  const w = world(AUTOTASK_TENANT);
  let linked: Pair[];

  let day1 = '';
  const dateOf = (diff: number) => (diff > 0 ? day1 : nextPeriodStart(day1, CALENDAR_MONTH));

  it('one bulk request links companies, subscriptions and resources; each reconciliation posts the difference to Autotask', async () => {
    day1 = w.today;
    linked = [...(await pairs(w.admin, '1200000502', 'Repair and Wear LLC', 3)), ...(await pairs(w.admin, '1200000503', 'Cimarron Dental', 2))];
    // Two bad items ride along: a resource of a subscription that is not linked (409) and an unknown level (422).
    const bad = [{ level: 'resource', odinSubscriptionId: '1000811', odinResourceId: '100233', psaServiceId: '2004' }, { level: 'contract', odinAccountId: '1200000506' }];
    const out = await call(w.admin, 'POST', '/api/mapping/bulk', { set: [...linkItems(linked), ...bad], clear: [] });
    const results = out.results as Json[];
    expect(results.slice(-2)).toEqual([
      expect.objectContaining({ ok: false, level: 'resource', status: 409, ids: { odinSubscriptionId: '1000811', odinResourceId: '100233' } }),
      expect.objectContaining({ ok: false, level: 'contract', status: 422 }),
    ]);
    expect(results.slice(0, -2).every((r) => r.ok)).toBe(true);
    // Each company, subscription and resource counts once; the repeated items change nothing.
    const distinct = (f: (p: Pair) => string) => new Set(linked.map(f)).size;
    expect(out.changed).toBe(distinct((p) => p.res.odinAccountId) + distinct((p) => p.res.odinSubscriptionId) + linked.length);
    for (const p of linked) {
      const diff = p.res.count - p.cs.units;
      const result = (out.results as Json[]).find((r) => r.level === 'resource' && r.ids.odinResourceId === p.res.odinResourceId && r.ids.odinSubscriptionId === p.res.odinSubscriptionId);
      expect(result!.reconciliation).toMatchObject(diff === 0 ? { status: 'none' } : { status: 'posted', unitChange: diff });
      // An increase counts from today, a decrease from the next period (the default decrease policy).
      expect(accepted(w.p, p.cs.contractServiceId)).toEqual(diff === 0 ? [] : [[diff, dateOf(diff)]]);
      expect(sandboxUnits(w.p.sandboxes.autotask, Number(p.cs.contractServiceId), dateOf(diff))).toBe(p.res.count);
    }
    expect(linked.some((p) => p.res.count !== p.cs.units)).toBe(true);

    const rows = await report(w.admin, 'adjustments');
    for (const p of linked.filter((x) => x.res.count !== x.cs.units)) {
      const mine = rows.filter((r) => same(r, p.res));
      expect(mine).toEqual([expect.objectContaining({
        psaKind: 'autotask', psaAccountId: p.accountId, psaContractId: p.contractId, psaServiceId: p.cs.serviceId,
        unitChange: p.res.count - p.cs.units, toCount: p.res.count, effectiveDate: dateOf(p.res.count - p.cs.units), resourceName: p.res.name, psaServiceName: p.cs.name,
      })]);
    }
    const tree = await call(w.admin, 'GET', '/api/mapping?pageSize=500');
    const sub = (tree.companies as Json[]).find((c) => c.odinAccountId === '1200000503')!.subscriptions.find((s: Json) => s.odinSubscriptionId === linked[3]!.res.odinSubscriptionId);
    expect(sub.link).toMatchObject({ psaContractId: linked[3]!.contractId });
  });

  it('after a bulk clear only the still-linked resources post; the cleared ones post nothing and show in the Unlinked report', async () => {
    const cleared = [linked[0]!, linked[3]!];
    const kept = linked.filter((p) => !cleared.includes(p));
    const out = await call(w.admin, 'POST', '/api/mapping/bulk', {
      clear: cleared.map((p) => ({ level: 'resource', odinSubscriptionId: p.res.odinSubscriptionId, odinResourceId: p.res.odinResourceId })),
    });
    expect(out).toMatchObject({ changed: 2, results: [{ ok: true, level: 'resource' }, { ok: true, level: 'resource' }] });
    const before = new Map(linked.map((p) => [p, accepted(w.p, p.cs.contractServiceId)]));

    // The counts change the next day (a second adjustment of a service on the same day would move to
    // the day after: Autotask takes one per service and day).
    const today = await w.nextDay();
    for (const p of linked) setCount(w.p, p.res, p.res.count + 3);
    const run = await syncNow(w.admin);
    expect(run).toMatchObject({ status: 'ok', error: null });
    expect(run.summary.posted).toBe(kept.length);

    for (const p of kept) {
      const now = accepted(w.p, p.cs.contractServiceId);
      expect(now.slice(0, -1)).toEqual(before.get(p));
      const [change, date] = now.at(-1)!;
      expect(change).toBe(3);
      // Today; but when the reconciliation's decrease waits for the next period and Autotask already
      // holds the new count today, only the next period needs more: dated then (moved a day by
      // Autotask's one adjustment per service and day).
      if (p.res.count >= p.cs.units) expect(date).toBe(today);
      else {
        expect(p.cs.units).toBeGreaterThanOrEqual(p.res.count + 3);
        expect(date).toBe(addDays(nextPeriodStart(today, CALENDAR_MONTH), 1));
      }
      expect(sandboxUnits(w.p.sandboxes.autotask, Number(p.cs.contractServiceId), date as string)).toBe(p.res.count + 3);
    }
    for (const p of cleared) expect(accepted(w.p, p.cs.contractServiceId)).toEqual(before.get(p));

    const unlinked = await report(w.admin, 'unlinked');
    for (const p of cleared) expect(unlinked.filter((r) => same(r, p.res))).toEqual([expect.objectContaining({ missing: 'resource', count: p.res.count + 3 })]);
    for (const p of kept) expect(unlinked.filter((r) => same(r, p.res))).toEqual([]);
    const adjustments = await report(w.admin, 'adjustments');
    for (const p of kept) expect(adjustments.filter((r) => same(r, p.res) && r.unitChange === 3)).toHaveLength(1);
    for (const p of cleared) expect(adjustments.filter((r) => same(r, p.res) && r.unitChange === 3)).toEqual([]);
    expect(await report(w.admin, 'failures')).toEqual([]);
  });

  it('a subscription on hold freezes its resources; a terminated one counts as 0 from the next period', async () => {
    const [, onHold, onHoldToo, endedCleared, ended] = linked;
    const before = new Map(linked.map((p) => [p, accepted(w.p, p.cs.contractServiceId)]));
    const today = await w.nextDay();
    expect(onHold!.res.odinSubscriptionId).toBe(onHoldToo!.res.odinSubscriptionId);
    expect(endedCleared!.res.odinSubscriptionId).toBe(ended!.res.odinSubscriptionId);
    w.p.sandboxes.marketplace.controls.setStatus(onHold!.res.odinSubscriptionId, 'hold');
    setCount(w.p, onHold!.res, onHold!.res.count + 10);
    w.p.sandboxes.marketplace.controls.setStatus(ended!.res.odinSubscriptionId, 'terminated');

    expect(await syncNow(w.admin)).toMatchObject({ status: 'ok', error: null });
    for (const p of [onHold!, onHoldToo!, endedCleared!]) expect(accepted(w.p, p.cs.contractServiceId)).toEqual(before.get(p));
    const after = accepted(w.p, ended!.cs.contractServiceId);
    expect(after.slice(0, -1)).toEqual(before.get(ended!));
    const [change, date] = after.at(-1)!;
    expect(change).toBeLessThan(0);
    expect(date >= nextPeriodStart(today, CALENDAR_MONTH)).toBe(true);
    expect(sandboxUnits(w.p.sandboxes.autotask, Number(ended!.cs.contractServiceId), date)).toBe(0);
  });

  it('linking a cleared resource again reconciles it from what Autotask holds (the changes made meanwhile included)', async () => {
    const p = linked[0]!;
    const out = await call(w.admin, 'POST', '/api/mapping/bulk', { set: linkItems([p]) });
    expect(out.changed).toBe(1);
    const result = (out.results as Json[]).find((r) => r.level === 'resource')!;
    expect(result.reconciliation).toMatchObject({ status: 'posted', unitChange: 3 });
    const nextPeriod = nextPeriodStart(w.today, CALENDAR_MONTH);
    expect(sandboxUnits(w.p.sandboxes.autotask, Number(p.cs.contractServiceId), addDays(nextPeriod, 5))).toBe(p.res.count + 3);
    expect(await report(w.admin, 'failures')).toEqual([]);
  });

  it('the Adjustments report as CSV parses to the same rows as the JSON', async () => {
    expect(await expectCsvMatchesJson(w.admin, 'adjustments', { sort: 'effectiveDate', 'filter.psaKind': 'autotask' })).toBeGreaterThanOrEqual(7);
    expect(await expectCsvMatchesJson(w.admin, 'adjustments', { sort: '-unitChange', 'filter.resourceName': 'microsoft' })).toBeGreaterThanOrEqual(1);
    // Pages of 3 put together give the same rows as one page, even sorted on a column full of ties.
    const all = await report(w.admin, 'adjustments', { sort: 'effectiveDate' });
    const paged: Json[] = [];
    for (let page = 1; paged.length < all.length; page++) {
      const r = await call(w.admin, 'GET', `/api/reports/adjustments?sort=effectiveDate&pageSize=3&page=${page}`);
      expect(r).toMatchObject({ total: all.length, page, pageSize: 3 });
      expect(r.rows.length).toBeGreaterThan(0);
      paged.push(...r.rows);
    }
    expect(paged.map((r) => r.id)).toEqual(all.map((r) => r.id));
  });
});

describe('Autotask: Manage Relations beyond what one request reconciles', () => {
  const w = world(AUTOTASK_TENANT);
  const PSA_NAMES: Record<string, string> = {
    '1200000500': 'Hall Brothers Transportation', '1200000502': 'Repair and Wear LLC', '1200000503': 'Cimarron Dental', '1200000504': 'MCS Trucking Inc',
    '1200000505': 'Blue Light Company', '1200000506': 'Transcorr', '1200000507': 'One GeoTech Surveying', '1200000508': 'Northwind Legal', '1200000509': 'Harbor View Medical Clinic',
  };

  it('reconciles the first 25 resources at once and leaves the rest to the next sync, which reconciles them the same way', async () => {
    const items: Json[] = [];
    const targets: { res: Json; contractId: number; serviceId: number }[] = [];
    for (const [odinAccountId, psaName] of Object.entries(PSA_NAMES)) {
      const side = await psaSide(w.admin, psaName);
      const resources = await monthlyResources(w.admin, odinAccountId);
      items.push({ level: 'company', odinAccountId, psaAccountId: side.account.id });
      for (const sub of new Set(resources.map((r) => r.odinSubscriptionId))) items.push({ level: 'subscription', odinSubscriptionId: sub, psaContractId: side.contract.id });
      resources.forEach((res, k) => {
        // Any of the catalog's services, on the contract or not (Autotask adds the contract service on the first adjustment).
        const serviceId = String(2001 + k);
        const onContract = (side.services as Json[]).find((s) => s.serviceId === serviceId);
        items.push({ level: 'resource', odinSubscriptionId: res.odinSubscriptionId, odinResourceId: res.odinResourceId, psaServiceId: serviceId, ...(onContract ? { psaContractServiceId: onContract.contractServiceId } : {}) });
        targets.push({ res, contractId: Number(side.contract.id), serviceId: Number(serviceId) });
      });
    }
    expect(targets.length).toBeGreaterThan(30);
    const out = await call(w.admin, 'POST', '/api/mapping/bulk', { set: items });
    expect(out.results.every((r: Json) => r.ok)).toBe(true);
    const statuses = (out.results as Json[]).filter((r) => r.level === 'resource').map((r) => r.reconciliation.status);
    expect(statuses.slice(0, 25).every((s) => s === 'posted' || s === 'none')).toBe(true);
    expect(statuses.slice(25)).toEqual(Array(targets.length - 25).fill('planned'));

    const run = await syncNow(w.admin);
    expect(run).toMatchObject({ status: 'ok', error: null });
    expect(run.summary.reconciled).toBe(targets.length - 25);
    expect(await report(w.admin, 'failures')).toEqual([]);
    // From the next period on, Autotask bills exactly the Marketplace count of every resource.
    const nextPeriod = nextPeriodStart(w.today, CALENDAR_MONTH);
    const state = w.p.sandboxes.autotask.state;
    for (const t of targets) {
      const cs = state.contractServices.find((x) => x.contractID === t.contractId && x.serviceID === t.serviceId);
      expect(cs ? sandboxUnits(w.p.sandboxes.autotask, cs.id, nextPeriod) : 0, `${t.res.name} on contract ${t.contractId}`).toBe(t.res.count);
    }
    expect((await report(w.admin, 'linked')).length).toBe(targets.length);
  });
});

describe("Autotask: dates are the tenant's calendar days (late evening in New York)", () => {
  // 02:30 UTC on the 17th is 22:30 on the 16th in New York (EDT).
  const w = world(AUTOTASK_TENANT, new Date('2026-03-17T02:30:00Z'));

  it("an increase is effective on the tenant's today, and the reports and dashboard count it on that day", async () => {
    const [pair] = await pairs(w.admin, '1200000500', 'Hall Brothers Transportation', 1);
    const diff = pair!.res.count - pair!.cs.units;
    expect(diff).toBeGreaterThan(0);
    const out = await call(w.admin, 'POST', '/api/mapping/bulk', { set: linkItems([pair!]) });
    expect(out.results.find((r: Json) => r.level === 'resource').reconciliation).toMatchObject({ status: 'posted', unitChange: diff });
    expect(accepted(w.p, pair!.cs.contractServiceId)).toEqual([[diff, '2026-03-16']]);

    const onThe16th = await report(w.admin, 'adjustments', { from: '2026-03-16', to: '2026-03-16' });
    expect(onThe16th).toEqual([expect.objectContaining({ odinResourceId: pair!.res.odinResourceId, effectiveDate: '2026-03-16', unitChange: diff })]);
    expect(await report(w.admin, 'adjustments', { from: '2026-03-17' })).toEqual([]);
    const dashboard = await call(w.admin, 'GET', '/api/dashboard');
    expect(dashboard.adjustmentsThisPeriod).toBe(1);
    expect((dashboard.adjustmentsByDay as Json[]).filter((d) => d.count > 0)).toEqual([{ date: '2026-03-16', count: 1, units: diff }]);
    // The company's Marketplace name has a comma: the CSV still parses to the JSON rows.
    expect(onThe16th[0]!.companyName).toContain(',');
    expect(await expectCsvMatchesJson(w.admin, 'adjustments', { from: '2026-03-16', to: '2026-03-16' })).toBe(1);
  });
});
