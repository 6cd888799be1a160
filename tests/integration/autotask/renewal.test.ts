/**
 * The Autotask sandbox renews a recurring service contract as the Renew Contract wizard does (issue 12, item 4,
 * sandbox side): a new contract with the services and units of the old one, starting the day after it ends.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createAutotaskClient } from '../../../server/psa/autotask/client.js';
import { startSandbox } from './serve.js';

type Started = Awaited<ReturnType<typeof startSandbox>>;
let s: Started | null = null;
afterEach(async () => { await s?.close(); s = null; });

const renew = (st: Started, id: number, body: unknown = {}) =>
  fetch(`${st.base}/_control/contracts/${id}/renew`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
    .then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));

describe('contract renewal in the Autotask sandbox', () => {
  it('creates "Renewal of ..." from the day after the end, with the same services and units; only once', async () => {
    s = await startSandbox();
    const client = createAutotaskClient(s.conn, { clock: s.clock, sleep: async () => {} });
    const old = (await client.listContracts({ accountId: '29683504' })).find((c) => c.id === '29747631')!;
    const services = await client.listServices({ contractIds: [old.id], asOf: old.endDate! });
    const res = await renew(s, 29747631);
    expect(res.status).toBe(200);
    const id = String(res.body.id);
    const renewed = (await client.listContracts({ accountId: '29683504' })).find((c) => c.id === id)!;
    const dayAfter = new Date(Date.parse(`${old.endDate}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    expect(renewed).toMatchObject({ name: `Renewal of ${old.name}`, startDate: dayAfter });
    expect(s.sandbox.state.contracts.find((c) => c.id === Number(id))!.renewedContractID).toBe(29747631);
    const after = await client.listServices({ contractIds: [id], asOf: dayAfter });
    expect(after.map((x) => [x.serviceId, x.units])).toEqual(services.map((x) => [x.serviceId, x.units]));
    // An adjustment dated after the old end now has a contract to land on.
    const cs = after[0]!;
    expect(await client.postAdjustment({ accountId: '29683504', contractId: id, serviceId: cs.serviceId, contractServiceId: cs.contractServiceId, effectiveDate: dayAfter, unitChange: 1, adjustmentId: 'r1' })).toMatchObject({ status: 'posted' });
    expect(await renew(s, 29747631)).toEqual({ status: 400, body: { error: 'A contract can only be renewed once.' } });
  });
});
