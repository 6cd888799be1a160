import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAutotaskClient, type AutotaskClient } from '../../../server/psa/autotask/client.js';
import { AUTOTASK_MESSAGES } from '../../../server/psa/autotask/facts.js';
import type { Exchange } from '../../../server/sandboxes/autotask/index.js';
import { largeAutotaskData } from '../../../server/sandboxes/autotask/index.js';
import { FIXED_NOW, startSandbox } from './serve.js';
import { loadSwagger, swaggerAbsent, type SwaggerCheck } from './swagger.js';

type Started = Awaited<ReturnType<typeof startSandbox>>;
const noSleep = async () => {};

describe('Autotask REST client against the sandbox', () => {
  let s: Started;
  let client: AutotaskClient;
  const exchanges: Exchange[] = [];
  let swagger: SwaggerCheck | null = null;

  beforeAll(async () => {
    s = await startSandbox({ observe: (ex) => exchanges.push(ex) });
    client = createAutotaskClient(s.conn, { clock: s.clock, sleep: noSleep });
    if (!swaggerAbsent) swagger = await loadSwagger();
  });
  afterAll(async () => s?.close());

  it('lists the demo companies (customers missing from the PSA are absent)', async () => {
    const accounts = await client.listAccounts();
    expect(accounts).toHaveLength(10);
    expect(accounts.map((a) => a.name)).toContain('Hall Brothers Transportation');
    expect(accounts.map((a) => a.name)).not.toContain('Sunrise Bakery');
  });

  it('lists Recurring Service contracts only, with the expired ones flagged and one ending this month (already renewed)', async () => {
    const contracts = await client.listContracts();
    expect(contracts).toHaveLength(13);
    expect(contracts.some((c) => c.name.includes('T&M'))).toBe(false);
    expect(contracts.filter((c) => c.expired).map((c) => c.name)).toEqual(['Hall Brothers Transportation - Cloud Services (previous term)', 'Blue Light Company - Hosted Exchange']);
    expect(contracts.find((c) => c.name.startsWith('Venture'))?.endDate).toBe('2026-11-30');
    expect(contracts.find((c) => c.name === 'Renewal of Venture Logistics - Cloud Services')).toMatchObject({ startDate: '2026-12-01', renews: '29747611' });
    const one = await client.listContracts({ accountId: contracts[0]!.accountId });
    expect(one.map((c) => c.accountId)).toEqual([contracts[0]!.accountId, contracts[0]!.accountId]);
    expect(one[0]).toMatchObject({ billingCycle: 'Monthly', prorate: true, cancelled: false });
  });

  it('lists contract services with service names, prices and current units', async () => {
    const contracts = await client.listContracts();
    const services = await client.listServices({ contractIds: contracts.map((c) => c.id) });
    // Each contract bills what its customer buys in the demo Marketplace (and the renewal repeats Venture's).
    expect(services.length).toBe(57);
    const first = services.find((x) => x.contractServiceId === '5001')!;
    expect(first).toMatchObject({ name: 'M365 Business Basic', unitPrice: 6, unitCost: 5.4, units: 5 });
  });

  it('reads units on a date, posts an adjustment, and the units change from its effective date on', async () => {
    const target = { accountId: '29683502', contractId: '29747611', serviceId: '2002', contractServiceId: '5005' };
    const before = await client.readUnits(target, '2026-11-24');
    const out = await client.postAdjustment({ ...target, effectiveDate: '2026-11-20', unitChange: 4, adjustmentId: 'adj-1' });
    expect(out).toMatchObject({ status: 'posted' });
    expect(await client.readUnits(target, '2026-11-24')).toBe(before + 4);
    expect(await client.readUnits(target, '2026-11-19')).toBe(before);
    expect(await client.readUnits({ ...target, contractServiceId: null }, '2026-11-24')).toBe(before + 4);
    expect(s.sandbox.controls.adjustments().at(-1)).toMatchObject({ contractServiceID: 5005, unitChange: 4, effectiveDate: '2026-11-20' });
  });

  it('keeps Autotask\'s text for an effective date outside the contract, and for a same-day duplicate', async () => {
    const target = { accountId: '29683502', contractId: '29747611', serviceId: '2002', contractServiceId: '5005' };
    const outside = await client.postAdjustment({ ...target, effectiveDate: '2026-12-01', unitChange: 1, adjustmentId: 'a' });
    expect(outside.status).toBe('failed');
    expect(outside.status === 'failed' && outside.error).toMatchObject({ kind: 'rule', retry: false, status: 500, vendorMessage: AUTOTASK_MESSAGES.effectiveDateOutsideContract });
    const dup = await client.postAdjustment({ ...target, effectiveDate: '2026-11-20', unitChange: 1, adjustmentId: 'b' });
    expect(dup.status === 'failed' && dup.error.vendorMessage).toBe(AUTOTASK_MESSAGES.duplicatePeriod);
    const negative = await client.postAdjustment({ ...target, effectiveDate: '2026-11-21', unitChange: -1000, adjustmentId: 'c' });
    expect(negative.status === 'failed' && negative.error.vendorMessage).toMatch(/negative/);
  });

  it('adds a missing contract service when the adjustment names the service', async () => {
    const target = { accountId: '29683502', contractId: '29747611', serviceId: '2007' };
    expect(await client.readUnits(target, '2026-11-24')).toBe(0);
    expect((await client.postAdjustment({ ...target, effectiveDate: '2026-11-24', unitChange: 3, adjustmentId: 'n' })).status).toBe('posted');
    expect(await client.readUnits(target, '2026-11-24')).toBe(3);
    const listed = await client.listServices({ contractIds: ['29747611'] });
    expect(listed.find((x) => x.serviceId === '2007')).toMatchObject({ name: 'Project Pro for Office 365', units: 3 });
  });

  it('does not let an adjustment be queried back', async () => {
    const res = await fetch(`${s.base}/zone-1/ATServicesRest/V1.0/ContractServiceAdjustments/query`, {
      method: 'POST', headers: { UserName: s.conn.apiUser, Secret: s.conn.secret, ApiIntegrationCode: s.conn.integrationCode, 'Content-Type': 'application/json' },
      body: JSON.stringify({ filter: [{ op: 'gte', field: 'id', value: 0 }] }),
    });
    expect(res.status).toBe(405);
  });

  it.skipIf(swaggerAbsent)('sent requests and returned responses conform to the Swagger', () => {
    expect(exchanges.length).toBeGreaterThan(10);
    // The check can fail: a wrong type, an unknown field and a made-up path are each reported.
    const bad: Exchange = { method: 'POST', path: '/x/zone-1/ATServicesRest/V1.0/ContractServiceUnits/query', requestBody: '{"filter":[],"maxRecords":"all"}',
      status: 200, responseBody: JSON.stringify({ items: [{ id: 1, units: 'five', colour: 'red' }], pageDetails: {} }) };
    expect(swagger!.check([bad, { ...bad, path: '/x/V1.0/Invented/query' }]).join('\n')).toMatch(/maxrecords[\s\S]*additional properties[\s\S]*units[\s\S]*Invented/i);
    // The deliberate query of adjustments above is not in the Swagger, which is the point of that test.
    expect(swagger!.check(exchanges.filter((e) => !/ContractServiceAdjustments\/query/i.test(e.path)))).toEqual([]);
  });
});

describe('paging and batching', () => {
  it('follows nextPageUrl across pages of 500 and batches services by contract ids', async () => {
    const s = await startSandbox({ data: largeAutotaskData(FIXED_NOW, 1_100, 2) });
    try {
      const client = createAutotaskClient(s.conn, { clock: s.clock });
      expect((await client.listAccounts()).length).toBe(1_100);
      expect(s.sandbox.stats.byRoute['GET v1.0/companies/query/next']).toBe(2);
      const contracts = await client.listContracts();
      s.sandbox.controls.resetStats();
      const services = await client.listServices({ contractIds: contracts.map((c) => c.id) });
      expect(services).toHaveLength(2_200);
      expect(services.every((x) => typeof x.units === 'number' && x.units > 0)).toBe(true);
      // 3 chunks of <= 500 contracts: contract services (1,000 rows = 2 pages each for the full chunks), services, units.
      expect(s.sandbox.stats.byRoute['POST v1.0/contractservices/query']).toBe(3);
      expect(s.sandbox.stats.byRoute['POST v1.0/services/query']).toBe(3);
      expect(s.sandbox.stats.byRoute['POST v1.0/contractserviceunits/query']).toBe(3);
    } finally {
      await s.close();
    }
  });
});
