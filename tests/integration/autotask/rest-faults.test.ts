import { afterEach, describe, expect, it } from 'vitest';
import { createAutotaskClient } from '../../../server/psa/autotask/client.js';
import type { AdjustmentPost } from '../../../server/psa/types.js';
import { startSandbox } from './serve.js';

type Started = Awaited<ReturnType<typeof startSandbox>>;
let s: Started | null = null;
afterEach(async () => { await s?.close(); s = null; });

const target = { accountId: '29683501', contractId: '29747601', serviceId: '2001', contractServiceId: '5001' };
const adj = (p: Partial<AdjustmentPost> = {}): AdjustmentPost => ({ ...target, effectiveDate: '2026-11-10', unitChange: 2, adjustmentId: 'x', ...p });

async function setup(opts: Parameters<typeof createAutotaskClient>[1] = {}) {
  s = await startSandbox();
  const waits: number[] = [];
  const client = createAutotaskClient(s.conn, { clock: s.clock, sleep: async (ms) => { waits.push(ms); }, ...opts });
  await client.readUnits(target, '2026-11-24'); // zone and threshold known before the fault
  return { s, client, waits };
}

describe('failures the REST client tells apart', () => {
  it('retries a read after a 5xx outage and after a 429 with Retry-After', async () => {
    const { s, client, waits } = await setup();
    s.sandbox.controls.inject({ kind: 'status', status: 503, body: '<html>Service Unavailable</html>', path: 'contractserviceunits' });
    expect(await client.readUnits(target, '2026-11-24')).toBe(5);
    s.sandbox.controls.inject({ kind: 'status', status: 429, retryAfter: '7', path: 'contractserviceunits' });
    expect(await client.readUnits(target, '2026-11-24')).toBe(5);
    expect(waits).toContain(7_000);
  });

  it('gives up on a read after its retries with a retryable error', async () => {
    const { s, client } = await setup();
    s.sandbox.controls.inject({ kind: 'status', status: 502, path: 'contractserviceunits', times: 3, body: '' });
    await expect(client.readUnits(target, '2026-11-24')).rejects.toMatchObject({ kind: 'server', retry: true, status: 502 });
  });

  it('retries a malformed read body, and reports a malformed write as unknown', async () => {
    const { s, client } = await setup();
    s.sandbox.controls.inject({ kind: 'malformed', path: 'contractserviceunits' });
    expect(await client.readUnits(target, '2026-11-24')).toBe(5);
    s.sandbox.controls.inject({ kind: 'malformed', path: 'contractserviceadjustments', phase: 'after' });
    const out = await client.postAdjustment(adj());
    expect(out.status).toBe('unknown');
    expect(s.sandbox.controls.adjustments()).toHaveLength(1);
  });

  it('never retries a write: a 429 on a post fails and posts nothing', async () => {
    const { s, client } = await setup();
    s.sandbox.controls.inject({ kind: 'status', status: 429, retryAfter: '30', path: 'contractserviceadjustments' });
    const out = await client.postAdjustment(adj());
    expect(out.status === 'failed' && out.error).toMatchObject({ kind: 'throttled', retry: true, retryAfterMs: 30_000 });
    expect(s.sandbox.controls.adjustments()).toHaveLength(0);
  });

  it('a timeout after sending is unknown; re-reading the units shows it landed, so nothing is posted twice', async () => {
    const { s, client } = await setup({ timeoutMs: 1_000 });
    s.sandbox.controls.inject({ kind: 'hang', path: 'contractserviceadjustments', phase: 'after' });
    const out = await client.postAdjustment(adj({ unitChange: 3 }));
    expect(out.status).toBe('unknown');
    expect(out.status === 'unknown' && out.error).toMatchObject({ kind: 'timeout', outcomeUnknown: true });
    expect(await client.readUnits(target, '2026-11-24')).toBe(8);
    expect(s.sandbox.controls.adjustments()).toHaveLength(1);
  });

  it('a success with itemId null is unknown', async () => {
    const { s, client } = await setup();
    s.sandbox.controls.inject({ kind: 'status', status: 200, body: '{"itemId":null}', path: 'contractserviceadjustments', phase: 'after' });
    const out = await client.postAdjustment(adj());
    expect(out.status).toBe('unknown');
    expect(out.status === 'unknown' && out.error.outcomeUnknown).toBe(true);
  });

  it('an injected business-rule 500 keeps its text and is not retried', async () => {
    const { s, client } = await setup();
    s.sandbox.controls.inject({ kind: 'status', status: 500, body: '{"errors":["Title is required"]}', path: 'contractserviceunits' });
    await expect(client.readUnits(target, '2026-11-24')).rejects.toMatchObject({ kind: 'rule', retry: false, vendorMessage: 'Title is required' });
  });

  it('re-discovers the zone when the tenant moved and carries on', async () => {
    const { s, client } = await setup();
    s.sandbox.controls.moveZone();
    expect(await client.readUnits(target, '2026-11-24')).toBe(5);
    expect(s.sandbox.stats.byRoute['GET v1.0/zoneinformation']).toBe(2);
    expect((await client.transport.zone()).url).toContain('/zone-2/');
  });

  it('an unreachable host is a network failure and nothing is unknown', async () => {
    s = await startSandbox();
    const dead = `http://127.0.0.1:1/atservicesrest/`;
    const client = createAutotaskClient({ ...s.conn, discoveryUrl: dead }, { sleep: async () => {} });
    await expect(client.listAccounts()).rejects.toMatchObject({ kind: 'network', retry: true, outcomeUnknown: false });
  });
});

describe('the hourly request threshold', () => {
  it('paces requests past 40 % and stops short of half, giving up with a throttled error', async () => {
    const { s, client, waits } = await setup();
    s.sandbox.controls.setThreshold(1_000);
    s.sandbox.controls.spend(420);
    await client.readUnits(target, '2026-11-24'); // the earlier reading was at ~0 %: still going
    const c2 = createAutotaskClient(s.conn, { clock: s.clock, sleep: async (ms) => { waits.push(ms); } });
    await c2.readUnits(target, '2026-11-24');
    expect(waits.at(-1)).toBe(7_200); // 3,600,000 ms / 500 requests
    s.sandbox.controls.spend(100);
    const c3 = createAutotaskClient(s.conn, { clock: s.clock, sleep: async (ms) => { waits.push(ms); }, maxPauses: 2 });
    await expect(c3.readUnits(target, '2026-11-24')).rejects.toMatchObject({ kind: 'throttled', retry: true });
  });

  it('answers 429 past the threshold, with the usage in ThresholdInformation', async () => {
    const { s } = await setup();
    s.sandbox.controls.setThreshold(50);
    s.sandbox.controls.spend(50);
    const headers = { UserName: s.conn.apiUser, Secret: s.conn.secret, ApiIntegrationCode: s.conn.integrationCode };
    const res = await fetch(`${s.base}/zone-1/ATServicesRest/V1.0/ThresholdInformation`, { headers });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await res.json()) as { errors: string[] }).errors[0]).toMatch(/threshold/);
    s.sandbox.controls.setThreshold(10_000);
    const ok = await fetch(`${s.base}/zone-1/ATServicesRest/V1.0/ThresholdInformation`, { headers });
    expect(await ok.json()).toMatchObject({ externalRequestThreshold: 10_000, requestThresholdTimeframe: 60 });
  });
});
