/**
 * Proof that the sandbox speaks Autotask: a client nobody here wrote (npm @apigrate/autotask-restapi)
 * discovers the zone, queries companies and contract service units, and creates an adjustment over HTTP.
 */
import { AutotaskRestApi } from '@apigrate/autotask-restapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Exchange } from '../../../server/sandboxes/autotask/index.js';
import { startSandbox } from './serve.js';
import { loadSwagger, swaggerAbsent, type SwaggerCheck } from './swagger.js';

type Started = Awaited<ReturnType<typeof startSandbox>>;
interface Api {
  zoneInfo: { url: string } | null;
  Companies: { query(q: unknown): Promise<{ items: Record<string, unknown>[] }>; get(id: number): Promise<unknown>; count(q: unknown): Promise<{ queryCount: number }> };
  ContractServiceUnits: { query(q: unknown): Promise<{ items: Record<string, unknown>[]; pageDetails: unknown }> };
  ContractServiceAdjustments: { create(parentId: number, body: unknown): Promise<{ itemId: number }> };
}

describe('@apigrate/autotask-restapi against the sandbox', () => {
  let s: Started;
  let api: Api;
  const exchanges: Exchange[] = [];
  let swagger: SwaggerCheck | null = null;

  beforeAll(async () => {
    s = await startSandbox({ observe: (ex) => exchanges.push(ex) });
    api = new AutotaskRestApi(s.conn.apiUser, s.conn.secret, s.conn.integrationCode, { base_url: s.conn.discoveryUrl }) as unknown as Api;
    if (!swaggerAbsent) swagger = await loadSwagger();
  });
  afterAll(async () => s?.close());

  it('discovers the zone and queries a company', async () => {
    const res = await api.Companies.query({ filter: [{ op: 'eq', field: 'companyName', value: 'Transcorr' }], includeFields: ['id', 'companyName'] });
    expect(api.zoneInfo?.url).toBe(`${s.base}/zone-1/ATServicesRest/`);
    expect(res.items).toEqual([{ id: 29683507, companyName: 'Transcorr' }]);
    expect(await api.Companies.count({ filter: [{ op: 'beginsWith', field: 'companyName', value: 'h' }] })).toEqual({ queryCount: 2 });
    expect(await api.Companies.get(1)).toBeNull();
  });

  it('reads the contract service units covering a date', async () => {
    const res = await api.ContractServiceUnits.query({
      filter: [{ op: 'eq', field: 'contractServiceID', value: 5001 }, { op: 'lte', field: 'startDate', value: '2026-11-24T00:00:00' }, { op: 'gte', field: 'endDate', value: '2026-11-24T00:00:00' }],
    });
    expect(res.items).toHaveLength(1);
    expect(res.items[0]).toMatchObject({ contractServiceID: 5001, units: 5, startDate: '2026-11-01T00:00:00', endDate: '2026-11-30T00:00:00', price: 30 });
  });

  it('creates an adjustment through the contract child URL and the units follow', async () => {
    const created = await api.ContractServiceAdjustments.create(29747601, { contractServiceID: 5001, effectiveDate: '2026-11-16T00:00:00', unitChange: 4 });
    expect(created.itemId).toEqual(expect.any(Number));
    const res = await api.ContractServiceUnits.query({ filter: [{ op: 'eq', field: 'contractServiceID', value: 5001 }, { op: 'gte', field: 'startDate', value: '2026-11-01T00:00:00' }, { op: 'lte', field: 'startDate', value: '2026-11-30T00:00:00' }] });
    expect(res.items.map((r) => [r.startDate, r.endDate, r.units, r.price])).toEqual([
      ['2026-11-01T00:00:00', '2026-11-16T00:00:00', 5, 15], ['2026-11-16T00:00:00', '2026-11-30T00:00:00', 9, 27],
    ]);
    await expect(api.ContractServiceAdjustments.create(29747601, { contractServiceID: 5001, effectiveDate: '2026-11-16T00:00:00', unitChange: 1 }))
      .rejects.toMatchObject({ status: 500, details: { errors: ['Attempt to insert duplicate data into contract_service_period'] } });
  });

  it('refuses wrong credentials with 401', async () => {
    const wrong = new AutotaskRestApi(s.conn.apiUser, 'nope', s.conn.integrationCode, { base_url: s.conn.discoveryUrl }) as unknown as Api;
    await expect(wrong.Companies.query({ filter: [{ op: 'gte', field: 'id', value: 0 }] })).rejects.toMatchObject({ status: 401 });
  });

  it.skipIf(swaggerAbsent)('every exchange conforms to the Swagger', () => {
    expect(exchanges.length).toBeGreaterThanOrEqual(7);
    expect(swagger!.check(exchanges)).toEqual([]);
  });
});
