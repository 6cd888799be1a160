/**
 * Contract renewals (issue 12, item 4), through the product's HTTP API and the Autotask sandbox: when a
 * linked contract ends and Autotask renews it, the link follows the renewal by itself when its services
 * match one to one, and a change dated after the old end posts to the new contract (never to both).
 * When the services do not match one to one, the renewal is listed for the user to confirm.
 */
import { describe, expect, it } from 'vitest';
import { sandboxUnits } from '../sync/world.js';
import { accepted, AUTOTASK_TENANT, call, CONNECTWISE_TENANT, linkItems, pairs, setCount, syncNow, world, type Json, type Pair } from './world.js';

const sum = (xs: readonly (number | null | undefined)[]) => xs.reduce<number>((s, x) => s + (x ?? 0), 0);

const VENTURE = '1200000501';

function renewedService(w: { p: { sandboxes: { autotask: { state: { contractServices: { id: number; contractID: number; serviceID: number }[] } } } } }, contractId: number, serviceId: string) {
  return w.p.sandboxes.autotask.state.contractServices.find((cs) => cs.contractID === contractId && cs.serviceID === Number(serviceId))!;
}

/** The contract the demo's Autotask holds as the renewal of `oldId` (it names the one it renews). */
function renewalOf(w: { p: { sandboxes: { autotask: { state: { contracts: { id: number; renewedContractID: number | null; startDate: string }[] } } } } }, oldId: number): number {
  const renewal = w.p.sandboxes.autotask.state.contracts.find((c) => c.renewedContractID === oldId);
  expect(renewal?.startDate).toBe('2026-04-01T00:00:00');
  return renewal!.id;
}

describe('Autotask: a linked contract renewed one to one', () => {
  const w = world(AUTOTASK_TENANT);
  let linked: Pair[];

  it('after the old end, a count change posts to the renewal and the link follows it', async () => {
    // Venture Logistics' contract ends at the end of this month.
    linked = await pairs(w.admin, VENTURE, 'Venture Logistics', 2);
    await call(w.admin, 'POST', '/api/mapping/bulk', { set: linkItems(linked), clear: [] });
    // A decrease found on linking dates from the next period, 1 April: after the old end. Setting the relation
    // runs the renewal step too, so it goes to the renewal and the links follow it then (the cycle follows a
    // renewal the same way when no change was waiting at linking).
    const decreases = linked.filter((x) => x.res.count < x.cs.units);
    const oldId = Number(linked[0]!.contractId);
    // The demo MSP already renewed it (Autotask's Renew Contract), from 1 April.
    const newId = renewalOf(w, oldId);
    const before = linked.map((p) => accepted(w.p, p.cs.contractServiceId));

    // Two days into the renewed term.
    w.p.clock.advance(Date.parse('2026-04-02T14:00:00Z') - w.p.clock.now().getTime());
    w.admin = await w.p.signIn(AUTOTASK_TENANT);
    const p = linked[0]!;
    setCount(w.p, p.res, p.res.count + 2);
    const run = await syncNow(w.admin);
    expect(run.summary).toMatchObject({ posted: 1, failed: 0, renewalsFollowed: decreases.length ? 0 : 2 });

    const cs = renewedService(w, newId, p.cs.serviceId);
    const first = decreases.includes(p) ? [[p.res.count - p.cs.units, '2026-04-01']] : [];
    expect(accepted(w.p, String(cs.id))).toEqual([...first, [2, '2026-04-02']]);
    expect(sandboxUnits(w.p.sandboxes.autotask, cs.id, '2026-04-02')).toBe(p.res.count + 2);
    for (const d of decreases.filter((x) => x !== p)) expect(accepted(w.p, String(renewedService(w, newId, d.cs.serviceId).id))).toEqual([[d.res.count - d.cs.units, '2026-04-01']]);
    // Nothing more on the old contract.
    expect(linked.map((x) => accepted(w.p, x.cs.contractServiceId))).toEqual(before);
    const tree = await call(w.admin, 'GET', '/api/mapping?pageSize=500');
    const sub = (tree.companies as Json[]).find((c) => c.odinAccountId === VENTURE)!.subscriptions.find((s: Json) => s.odinSubscriptionId === p.res.odinSubscriptionId);
    expect(sub.link).toMatchObject({ psaContractId: String(newId) });
    expect(sub.resources.find((r: Json) => r.odinResourceId === p.res.odinResourceId).link).toMatchObject({ psaServiceId: p.cs.serviceId, psaContractServiceId: String(cs.id) });

    // The next change goes straight to the renewal.
    w.p.clock.advance(24 * 3600_000);
    w.admin = await w.p.signIn(AUTOTASK_TENANT);
    setCount(w.p, p.res, p.res.count + 5);
    expect((await syncNow(w.admin)).summary).toMatchObject({ posted: 1, failed: 0 });
    expect(accepted(w.p, String(cs.id))).toEqual([...first, [2, '2026-04-02'], [3, '2026-04-03']]);
  });
});

describe('Autotask: a renewal whose services changed waits for the user', () => {
  const w = world(AUTOTASK_TENANT);

  it('is listed with no automatic pairs; once confirmed, the waiting change posts to the renewal only', async () => {
    const [p] = await pairs(w.admin, VENTURE, 'Venture Logistics', 1);
    await call(w.admin, 'POST', '/api/mapping/bulk', { set: linkItems([p!]), clear: [] });
    const oldId = Number(p!.contractId);
    const newId = renewalOf(w, oldId);
    // At renewal the MSP sold another product in place of the linked one (an edit made in Autotask).
    const swapped = renewedService(w, newId, p!.cs.serviceId);
    const other = w.p.sandboxes.autotask.state.services.find((s) => s.id !== Number(p!.cs.serviceId) && !w.p.sandboxes.autotask.state.contractServices.some((cs) => cs.contractID === newId && cs.serviceID === s.id))!;
    swapped.serviceID = other.id;
    const oldAccepted = accepted(w.p, p!.cs.contractServiceId);

    w.p.clock.advance(Date.parse('2026-04-02T14:00:00Z') - w.p.clock.now().getTime());
    w.admin = await w.p.signIn(AUTOTASK_TENANT);
    setCount(w.p, p!.res, p!.res.count + 2);
    const run = await syncNow(w.admin);
    expect(run.summary).toMatchObject({ posted: 0, renewalsFollowed: 0, renewalsWaiting: 1 });
    expect(run.summary.failed).toBeGreaterThan(0);

    const list = (await call(w.admin, 'GET', '/api/renewals')).items as Json[];
    expect(list).toEqual([expect.objectContaining({
      contract: expect.objectContaining({ id: String(oldId), endDate: '2026-03-31' }), renewal: expect.objectContaining({ id: String(newId) }),
      matchesOneToOne: false, blockedBy: null, resources: [expect.objectContaining({ odinResourceId: p!.res.odinResourceId, proposed: null })],
    })]);
    const waiting = list[0]!.changesAfterEnd as number;
    expect(waiting).toBeGreaterThan(0);

    // Bad choices write nothing.
    await call(w.admin, 'POST', '/api/renewals/confirm', { contractId: String(oldId), renewalContractId: String(newId), services: [] }, 422);
    await call(w.admin, 'POST', '/api/renewals/confirm', { contractId: String(oldId), renewalContractId: '999', services: [{ fromServiceId: p!.cs.serviceId, toServiceId: String(other.id) }] }, 422);
    await call(w.admin, 'POST', '/api/renewals/confirm', { contractId: '1', renewalContractId: String(newId), services: [{ fromServiceId: p!.cs.serviceId, toServiceId: String(other.id) }] }, 404);
    expect((await call(w.admin, 'GET', '/api/renewals')).items).toHaveLength(1);

    expect(await call(w.admin, 'POST', '/api/renewals/confirm', { contractId: String(oldId), renewalContractId: String(newId), services: [{ fromServiceId: p!.cs.serviceId, toServiceId: String(other.id) }] })).toEqual({ followed: 1 });
    expect((await call(w.admin, 'GET', '/api/renewals')).items).toEqual([]);
    const again = await syncNow(w.admin);
    expect(again.summary).toMatchObject({ posted: waiting, failed: 0 });
    expect(accepted(w.p, String(swapped.id)).at(-1)).toEqual([2, '2026-04-02']);
    expect(accepted(w.p, p!.cs.contractServiceId)).toEqual(oldAccepted);
  });
});

describe('ConnectWise: an agreement renewed by Copy (a new agreement for the next term)', () => {
  const w = world(CONNECTWISE_TENANT);

  it('changes after the old end go to the copy; an extension keeps the link where it is', async () => {
    const [p] = await pairs(w.admin, '1200000503', 'Cimarron Dental', [[0, 0]]);
    await call(w.admin, 'POST', '/api/mapping/bulk', { set: linkItems([p!]), clear: [] });
    const cw = w.p.sandboxes.connectwise;
    const oldId = Number(p!.contractId);
    // The MSP's annual term ends this month; the next term is a Copy starting the day after.
    expect(cw.controls.extendAgreement(oldId, '2026-03-31')).toEqual({ id: oldId });
    const copy = cw.controls.copyAgreement(oldId, '2026-04-01', { startDate: '2026-04-01', endDate: '2027-03-31' });
    const newId = (copy as { id: number }).id;
    const live = (id: number, day: string) => cw.state.productOn(id, Number(p!.cs.serviceId))
      .filter((a) => (a.effectiveDate ?? '').slice(0, 10) <= day && (!a.cancelledDate || a.cancelledDate.slice(0, 10) >= day)).map((a) => a.quantity);
    const oldLive = live(oldId, '2026-03-31');
    expect(live(newId, '2026-04-01')).toEqual(oldLive);

    w.p.clock.advance(Date.parse('2026-04-02T14:00:00Z') - w.p.clock.now().getTime());
    w.admin = await w.p.signIn(CONNECTWISE_TENANT);
    setCount(w.p, p!.res, p!.res.count + 2);
    const run = await syncNow(w.admin);
    expect(run.summary).toMatchObject({ posted: 1, failed: 0, renewalsFollowed: 1 });
    // The units billing on the copy (delta posting adds a +n line; the sum is what bills).
    expect(sum(live(newId, '2026-04-02'))).toBe(p!.res.count + 2);
    // The old agreement's additions are as they were at its end.
    expect(live(oldId, '2026-03-31')).toEqual(oldLive);
    const tree = await call(w.admin, 'GET', '/api/mapping?pageSize=500');
    const sub = (tree.companies as Json[]).find((c) => c.odinAccountId === '1200000503')!.subscriptions.find((s: Json) => s.odinSubscriptionId === p!.res.odinSubscriptionId);
    expect(sub.link).toMatchObject({ psaContractId: String(newId) });

    // Extending the new agreement: same agreement, nothing to follow.
    cw.controls.extendAgreement(newId, '2028-03-31');
    w.p.clock.advance(24 * 3600_000);
    w.admin = await w.p.signIn(CONNECTWISE_TENANT);
    setCount(w.p, p!.res, p!.res.count + 3);
    expect((await syncNow(w.admin)).summary).toMatchObject({ posted: 1, failed: 0, renewalsFollowed: 0 });
    expect(sum(live(newId, '2026-04-03'))).toBe(p!.res.count + 3);
  });
});
