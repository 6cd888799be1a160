/**
 * Periods already approved and posted (issue 12, item 6): ContractServiceUnits rows carry approveAndPostDate
 * once Approve & Post ran; an adjustment dated inside such a period is accepted and opens an unposted row (a
 * prorated catch-up billed on the next Approve & Post), the posted rows keeping their posting date.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createAutotaskClient } from '../../../server/psa/autotask/client.js';
import { startSandbox } from './serve.js';

type Started = Awaited<ReturnType<typeof startSandbox>>;
let s: Started | null = null;
afterEach(async () => { await s?.close(); s = null; });

const venture = { accountId: '29683502', contractId: '29747611', serviceId: '2002', contractServiceId: '5005' };
const control = (st: Started, path: string, body: unknown) =>
  fetch(`${st.base}/_control/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<Record<string, unknown>>);

async function unitRows(st: Started) {
  const headers = { UserName: st.conn.apiUser, Secret: st.conn.secret, ApiIntegrationCode: st.conn.integrationCode, 'Content-Type': 'application/json' };
  const res = await fetch(`${st.base}/zone-1/ATServicesRest/V1.0/ContractServiceUnits/query`, {
    method: 'POST', headers, body: JSON.stringify({ filter: [{ op: 'eq', field: 'contractServiceID', value: 5005 }, { op: 'gte', field: 'startDate', value: '2026-10-01T00:00:00' }, { op: 'lte', field: 'startDate', value: '2026-10-31T00:00:00' }] }),
  });
  return ((await res.json()) as { items: Record<string, unknown>[] }).items.map((r) => ({ start: String(r.startDate).slice(0, 10), end: String(r.endDate).slice(0, 10), units: r.units, posted: r.approveAndPostDate !== null }));
}

describe('adjustments dated in an approved-and-posted period', () => {
  it('rows of posted periods carry approveAndPostDate; a back-dated adjustment is accepted and opens an unposted row', async () => {
    s = await startSandbox();
    expect(await control(s, 'contracts/29747611/approve-and-post', { through: '2026-10-31' })).toMatchObject({ posted: expect.any(Number) });
    const before = await unitRows(s);
    expect(before).toEqual([{ start: '2026-10-01', end: '2026-10-31', units: expect.any(Number), posted: true }]);
    const units = before[0]!.units as number;

    const client = createAutotaskClient(s.conn, { clock: s.clock, sleep: async () => {} });
    expect(await client.postAdjustment({ ...venture, effectiveDate: '2026-10-15', unitChange: 2, adjustmentId: 'late' })).toMatchObject({ status: 'posted' });
    expect(await unitRows(s)).toEqual([
      { start: '2026-10-01', end: '2026-10-15', units, posted: true },
      { start: '2026-10-15', end: '2026-10-31', units: units + 2, posted: false },
    ]);
    expect(await client.readUnits(venture, '2026-10-20')).toBe(units + 2);
  });
});
