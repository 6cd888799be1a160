/**
 * Issue 14 item 7, ownership, end to end through the product's HTTP API and the sandboxes: every ConnectWise
 * addition the product writes carries the Marketplace subscription and resource (and the adjustment id) in
 * its description; a change to the product's lines made by another API member through the sandbox's REST
 * API is a foreign edit in the drift view, with the member and time ConnectWise's `_info` gives; an Autotask
 * hand edit is reported with what Autotask says (the units row's start) and that it does not say who.
 */
import { describe, expect, it } from 'vitest';
import { accepted, AUTOTASK_TENANT, call, CONNECTWISE_TENANT, linkItems, pairs, setCount, syncNow, world, type Json, type Pair, type Product } from '../e2e/world.js';
import type { Agent } from '../../helpers/tenants.js';

/** Run a drift check and return the open findings once that check has finished. */
async function checkDrift(admin: Agent): Promise<Json[]> {
  const before = (await call(admin, 'GET', '/api/drift')).lastCheck?.id ?? null;
  await call(admin, 'POST', '/api/drift/check', undefined, 202);
  for (let i = 0; i < 1000; i++) {
    const d = await call(admin, 'GET', '/api/drift');
    if (d.lastCheck && d.lastCheck.id !== before && d.lastCheck.finishedAt) return d.items as Json[];
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('drift check did not finish');
}

/** A request to the ConnectWise sandbox's REST API as another API member of the MSP (a technician's tool). */
async function asTechnician(p: Product, method: string, path: string, body: unknown): Promise<Json> {
  const auth = Buffer.from('demo+tech-public:tech-private').toString('base64');
  const res = await fetch(`${p.url}/sandbox/connectwise/v2025_1/apis/3.0${path}`, {
    method, headers: { authorization: `Basic ${auth}`, clientid: 'demo-client', 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return (await res.json()) as Json;
}

describe('ownership on ConnectWise: the mark on every addition, foreign edits in the drift view', () => {
  const w = world(CONNECTWISE_TENANT);
  let pair: Pair;
  const ours = () => [...w.p.sandboxes.connectwise.state.additions.values()]
    .filter((a) => a.agreementId === Number(pair.contractId) && a.product?.id === Number(pair.cs.serviceId) && w.p.sandboxes.connectwise.state.created.some((c) => c.id === a.id));

  it('each addition the product writes names the subscription, the resource and the adjustment', async () => {
    pair = (await pairs(w.admin, '1200000503', 'Cimarron Dental', [[0, 0]]))[0]!;
    const out = await call(w.admin, 'POST', '/api/mapping/bulk', { set: linkItems([pair]) });
    expect(out.results.every((r: Json) => r.ok)).toBe(true);
    await w.nextDay();
    setCount(w.p, pair.res, (pair.res.count += 3));
    expect((await syncNow(w.admin)).status).toBe('ok');
    const rows = (await call(w.admin, 'GET', '/api/reports/adjustments?pageSize=500')).rows as Json[];
    const mine = rows.filter((r) => r.odinSubscriptionId === pair.res.odinSubscriptionId && r.odinResourceId === pair.res.odinResourceId);
    const written = ours();
    expect(written.length).toBe(mine.length);
    expect(written.length).toBeGreaterThanOrEqual(2);
    for (const a of written) {
      expect(a.description).toContain(`IDSync: ${pair.res.odinSubscriptionId}/${pair.res.odinResourceId}`);
      expect(mine.some((r) => a.description!.includes(`[IDSync ${r.id}]`))).toBe(true);
    }
    expect(await checkDrift(w.admin)).toEqual([]);
  });

  it("another member's change to one of our additions is a foreign edit, named with who and when", async () => {
    w.p.sandboxes.connectwise.credentials.members = [{ publicKey: 'tech-public', privateKey: 'tech-private', identifier: 'jsmith' }];
    await w.nextDay();
    const target = ours().at(-1)!;
    const edited = await asTechnician(w.p, 'PATCH', `/finance/agreements/${pair.contractId}/additions/${target.id}`, [{ op: 'replace', path: 'quantity', value: (target.quantity ?? 0) + 2 }]);
    expect(edited._info.updatedBy).toBe('jsmith');
    const items = await checkDrift(w.admin);
    expect(items).toEqual([expect.objectContaining({
      odinSubscriptionId: pair.res.odinSubscriptionId, odinResourceId: pair.res.odinResourceId, psaUnits: pair.res.count + 2, ledgerUnits: pair.res.count,
      changedBy: 'jsmith', changedAt: edited._info.lastUpdated, change: expect.stringContaining(String(target.id)),
    })]);
  });

  it('a price-only edit of our addition by another member is reported though the units still match', async () => {
    // Put the units back (as the technician), then change only the price.
    const target = ours().at(-1)!;
    await asTechnician(w.p, 'PATCH', `/finance/agreements/${pair.contractId}/additions/${target.id}`, [{ op: 'replace', path: 'quantity', value: target.quantity! - 2 }]);
    await w.nextDay();
    const edited = await asTechnician(w.p, 'PATCH', `/finance/agreements/${pair.contractId}/additions/${target.id}`, [{ op: 'replace', path: 'unitPrice', value: 1.5 }]);
    const items = await checkDrift(w.admin);
    expect(items).toEqual([expect.objectContaining({ psaUnits: pair.res.count, ledgerUnits: pair.res.count, changedBy: 'jsmith', changedAt: edited._info.lastUpdated })]);
  });
});

describe('ownership on Autotask: a hand edit is reported with what Autotask says', () => {
  const w = world(AUTOTASK_TENANT);

  it('units changed in Autotask without an adjustment of ours: the drift view names the date the new units run from', async () => {
    const [pair] = await pairs(w.admin, '1200000502', 'Repair and Wear LLC', [[0, 0]]);
    const out = await call(w.admin, 'POST', '/api/mapping/bulk', { set: linkItems([pair!]) });
    expect(out.results.every((r: Json) => r.ok)).toBe(true);
    await w.nextDay();
    const before = accepted(w.p, pair!.cs.contractServiceId);
    expect(w.p.sandboxes.autotask.controls.setUnits(Number(pair!.cs.contractServiceId), w.today, pair!.res.count + 4)).toBe(true);
    const items = await checkDrift(w.admin);
    expect(items).toEqual([expect.objectContaining({
      odinSubscriptionId: pair!.res.odinSubscriptionId, psaUnits: pair!.res.count + 4, changedBy: null,
      change: expect.stringMatching(/not one of IDSync's adjustments.*Autotask does not record who/),
    })]);
    expect(accepted(w.p, pair!.cs.contractServiceId)).toEqual(before);
  });

  it('a service the product puts on the contract is created with the mark in its internal description, then adjusted', async () => {
    const [base] = await pairs(w.admin, '1200000503', 'Cimarron Dental', [[0, 0]]);
    const at = w.p.sandboxes.autotask.state;
    const onContract = new Set(at.contractServices.filter((cs) => cs.contractID === Number(base!.contractId)).map((cs) => cs.serviceID));
    const service = at.services.find((s) => s.isActive && !onContract.has(s.id))!;
    expect(service).toBeTruthy();
    const pair = { ...base!, cs: { serviceId: String(service.id), contractServiceId: null, name: service.name } };
    const out = await call(w.admin, 'POST', '/api/mapping/bulk', { set: linkItems([pair]) });
    expect(out.results.every((r: Json) => r.ok)).toBe(true);
    const created = at.contractServices.filter((cs) => cs.contractID === Number(pair.contractId) && cs.serviceID === service.id);
    expect(created).toHaveLength(1);
    expect(created[0]!.internalDescription).toBe(`IDSync: ${pair.res.odinSubscriptionId}/${pair.res.odinResourceId}`);
    // The customer's invoice text is the service's own, untouched.
    expect(created[0]!.invoiceDescription).toBe(service.invoiceDescription);
    expect(accepted(w.p, String(created[0]!.id))).toEqual([[pair.res.count, w.today]]);
    // A second change posts to the same contract service: no second one is created.
    await w.nextDay();
    setCount(w.p, pair.res, (pair.res.count += 1));
    expect((await syncNow(w.admin)).status).toBe('ok');
    expect(at.contractServices.filter((cs) => cs.contractID === Number(pair.contractId) && cs.serviceID === service.id)).toHaveLength(1);
    expect(accepted(w.p, String(created[0]!.id)).at(-1)).toEqual([1, w.today]);
  });
});
