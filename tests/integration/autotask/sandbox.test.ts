import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createAutotaskClient } from '../../../server/psa/autotask/client.js';
import { AUTOTASK_MESSAGES } from '../../../server/psa/autotask/facts.js';
import { createAutotaskSandbox, demoAutotaskData } from '../../../server/sandboxes/autotask/index.js';
import { FIXED_NOW, startSandbox } from './serve.js';

type Started = Awaited<ReturnType<typeof startSandbox>>;
let s: Started | null = null;
afterEach(async () => { await s?.close(); s = null; });

const venture = { accountId: '29683502', contractId: '29747611', serviceId: '2002', contractServiceId: '5005' };
const control = (st: Started, path: string, method = 'GET', body?: unknown) =>
  fetch(`${st.base}/_control/${path}`, { method, headers: body ? { 'Content-Type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined })
    .then((r) => r.json() as Promise<Record<string, unknown>>);

describe('sandbox test controls over HTTP', () => {
  it('extends a contract ending this month so a December adjustment fits, carrying the units on', async () => {
    s = await startSandbox();
    const client = createAutotaskClient(s.conn, { clock: s.clock, sleep: async () => {} });
    const december = { ...venture, effectiveDate: '2026-12-05', unitChange: 2, adjustmentId: 'd' };
    const refused = await client.postAdjustment(december);
    expect(refused.status === 'failed' && refused.error.vendorMessage).toBe(AUTOTASK_MESSAGES.effectiveDateOutsideContract);
    expect(await control(s, 'contracts/29747611/extend', 'POST', { endDate: '2027-11-30' })).toEqual({ ok: true });
    const units = await client.readUnits(venture, '2026-11-30');
    expect(await client.readUnits(venture, '2026-12-01')).toBe(units);
    expect((await client.postAdjustment(december)).status).toBe('posted');
    expect(await client.readUnits(venture, '2027-03-01')).toBe(units + 2);
    expect((await client.listContracts({ accountId: '29683502' }))[0]!.endDate).toBe('2027-11-30');
  });

  it('edits units by hand (drift), logs only API adjustments, counts requests, injects faults', async () => {
    s = await startSandbox();
    const client = createAutotaskClient(s.conn, { clock: s.clock, sleep: async () => {}, readRetries: 0 });
    expect(await control(s, 'units', 'POST', { contractServiceId: 5005, date: '2026-11-10', units: 40 })).toEqual({ ok: true });
    expect(await client.readUnits(venture, '2026-11-24')).toBe(40);
    expect((await control(s, 'adjustments')).adjustments).toEqual([]);
    await client.postAdjustment({ ...venture, effectiveDate: '2026-11-24', unitChange: -1, adjustmentId: 'x' });
    expect((await control(s, 'adjustments')).adjustments).toMatchObject([{ contractServiceID: 5005, unitChange: -1, via: 'rest' }]);
    await control(s, 'faults', 'POST', { kind: 'status', status: 503, path: 'contractserviceunits' });
    await expect(client.readUnits(venture, '2026-11-24')).rejects.toMatchObject({ kind: 'server', status: 503 });
    const stats = await control(s, 'stats');
    expect(stats.requests).toBe(s.sandbox.stats.requests);
    // Two reads, plus the post's own read of whether its period is already approved and posted.
    expect((stats.byRoute as Record<string, number>)['POST v1.0/contractserviceunits/query']).toBe(3);
    expect(await control(s, 'zone/move', 'POST')).toEqual({ zone: 'zone-2' });
    expect(await control(s, 'threshold', 'POST', { limit: 100, spend: 30 })).toMatchObject({ usage: expect.any(Number) });
  });

  it('extends a contract by PATCH /V1.0/Contracts as a practitioner would', async () => {
    s = await startSandbox();
    const headers = { UserName: s.conn.apiUser, Secret: s.conn.secret, ApiIntegrationCode: s.conn.integrationCode, 'Content-Type': 'application/json' };
    const res = await fetch(`${s.base}/zone-1/ATServicesRest/V1.0/Contracts`, { method: 'PATCH', headers, body: JSON.stringify({ id: 29747611, endDate: '2027-01-31T00:00:00' }) });
    expect(await res.json()).toEqual({ itemId: 29747611 });
    expect(s.sandbox.state.contracts.find((c) => c.id === 29747611)!.endDate).toBe('2027-01-31T00:00:00');
  });

  it('builds its URLs from the request wherever it is mounted', async () => {
    const sandbox = createAutotaskSandbox({ data: demoAutotaskData(FIXED_NOW), clock: { now: () => FIXED_NOW } });
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => { const x = serve({ fetch: sandbox.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(x)); });
    try {
      const { port } = server.address() as AddressInfo;
      const zone = await (await fetch(`http://127.0.0.1:${port}/ATServicesRest/V1.0/zoneInformation?user=api%40demo.example`)).json();
      expect(zone).toMatchObject({ url: `http://127.0.0.1:${port}/zone-1/ATServicesRest/`, ci: 12345 });
      expect(await (await fetch(`http://127.0.0.1:${port}/atservicesrest/versioninformation`)).json()).toEqual({ apiVersions: ['1.0'] });
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
