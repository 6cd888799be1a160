import { afterEach, describe, expect, it } from 'vitest';
import { createAutotaskClient } from '../../../server/psa/autotask/client.js';
import { AUTOTASK_MESSAGES } from '../../../server/psa/autotask/facts.js';
import { largeAutotaskData } from '../../../server/sandboxes/autotask/index.js';
import type { AdjustmentPost } from '../../../server/psa/types.js';
import { FIXED_NOW, startSandbox } from './serve.js';

type Started = Awaited<ReturnType<typeof startSandbox>>;
let s: Started | null = null;
afterEach(async () => { await s?.close(); s = null; });

const soapConn = (st: Started) => ({ ...st.conn, transport: 'soap' as const });
const creates = (st: Started) => st.sandbox.controls.adjustments().filter((a) => a.via === 'soap').length;

describe('ATWS 1.6 SOAP transport against the sandbox', () => {
  it('serves the WSDL with its namespace and operations, addressed at this server', async () => {
    s = await startSandbox();
    const wsdl = await (await fetch(`${s.base}/atservices/1.6/atws.asmx?wsdl`)).text();
    expect(wsdl).toContain('targetNamespace="http://autotask.net/ATWS/v1_6/"');
    expect(wsdl).toContain(`location="${s.base}/zone-1/ATServices/1.6/atws.asmx"`);
    for (const op of ['query', 'create', 'update', 'delete', 'getZoneInfo', 'getThresholdAndUsageInfo', 'GetFieldInfo']) {
      expect(wsdl).toContain(`<wsdl:operation name="${op}">`);
    }
    expect(wsdl).toContain('<s:complexType name="ContractServiceAdjustment">');
  });

  it('reads the same lists as REST', async () => {
    s = await startSandbox();
    const soap = createAutotaskClient(soapConn(s), { clock: s.clock, sleep: async () => {} });
    const rest = createAutotaskClient(s.conn, { clock: s.clock, sleep: async () => {} });
    expect(await soap.listAccounts()).toEqual(await rest.listAccounts());
    const contracts = await soap.listContracts();
    expect(contracts).toEqual(await rest.listContracts());
    const ids = contracts.map((c) => c.id);
    expect(await soap.listServices({ contractIds: ids })).toEqual(await rest.listServices({ contractIds: ids }));
    const target = { accountId: '29683501', contractId: '29747601', serviceId: '2001', contractServiceId: '5001' };
    expect(await soap.readUnits(target, '2026-11-24')).toBe(5);
    expect(s.sandbox.stats.byRoute['POST 1.6/atws.asmx']).toBeGreaterThan(5);
  });

  it('pages a query by id past 500 rows', async () => {
    s = await startSandbox({ data: largeAutotaskData(FIXED_NOW, 1_100, 1) });
    const soap = createAutotaskClient(soapConn(s), { clock: s.clock, sleep: async () => {} });
    const accounts = await soap.listAccounts();
    expect(accounts).toHaveLength(1_100);
    expect(new Set(accounts.map((a) => a.id)).size).toBe(1_100);
  });

  it('posts up to 200 adjustments per call', async () => {
    s = await startSandbox();
    const soap = createAutotaskClient(soapConn(s), { clock: s.clock, sleep: async () => {} });
    const batch: AdjustmentPost[] = [];
    const services = await soap.listServices({ contractIds: (await soap.listContracts()).filter((c) => !c.expired && c.startDate! <= '2026-11-01').map((c) => c.id) });
    for (let day = 1; batch.length < 250; day++) {
      for (const sv of services) {
        if (batch.length < 250) batch.push({ accountId: 'x', contractId: sv.contractId, serviceId: sv.serviceId, contractServiceId: sv.contractServiceId,
          effectiveDate: `2026-11-${String(day).padStart(2, '0')}`, unitChange: 1, adjustmentId: `a${batch.length}` });
      }
    }
    const before = s.sandbox.stats.byRoute['POST 1.6/atws.asmx'] ?? 0;
    const out = await soap.postAdjustments(batch);
    expect(out.every((o) => o.status === 'posted')).toBe(true);
    expect(new Set(out.map((o) => o.status === 'posted' && o.psaReference)).size).toBe(250);
    expect(creates(s)).toBe(250);
    // 2 creates (200 + 50) plus at most one threshold reading.
    expect((s.sandbox.stats.byRoute['POST 1.6/atws.asmx'] ?? 0) - before).toBeLessThanOrEqual(3);
  });

  it('splits a rejected batch so that bad rows do not block the good ones', async () => {
    s = await startSandbox();
    const soap = createAutotaskClient(soapConn(s), { clock: s.clock, sleep: async () => {} });
    const t = { accountId: '29683501', contractId: '29747601', serviceId: '2001' };
    const batch: AdjustmentPost[] = [
      { ...t, contractServiceId: '5001', effectiveDate: '2026-11-05', unitChange: 1, adjustmentId: '1' },
      { ...t, contractServiceId: '5002', effectiveDate: '2026-11-05', unitChange: 1, adjustmentId: '2' },
      { ...t, contractServiceId: '5001', effectiveDate: '2028-06-01', unitChange: 1, adjustmentId: '3' }, // after the contract's end
      { ...t, contractServiceId: '5003', effectiveDate: '2026-11-05', unitChange: 1, adjustmentId: '4' },
      { ...t, contractServiceId: '5001', effectiveDate: '2026-11-05', unitChange: 2, adjustmentId: '5' }, // same service, same day as #1
    ];
    const out = await soap.postAdjustments(batch);
    expect(out.map((o) => o.status)).toEqual(['posted', 'posted', 'failed', 'posted', 'failed']);
    expect(out[2]!.status === 'failed' && out[2]!.error.vendorMessage).toBe(AUTOTASK_MESSAGES.effectiveDateOutsideContract);
    expect(out[4]!.status === 'failed' && out[4]!.error.vendorMessage).toBe(AUTOTASK_MESSAGES.duplicatePeriod);
    expect(s.sandbox.controls.adjustments().map((a) => a.contractServiceID)).toEqual([5001, 5002, 5003]);
  });

  it('tells a wrong secret and an unknown user apart', async () => {
    s = await startSandbox();
    expect(await createAutotaskClient({ ...soapConn(s), secret: 'wrong' }, { sleep: async () => {} }).testCredentials()).toMatchObject({ ok: false, reason: 'bad_credentials' });
    expect(await createAutotaskClient({ ...soapConn(s), apiUser: 'nobody@x.example' }, { sleep: async () => {} }).testCredentials()).toMatchObject({ ok: false, reason: 'zone_not_found' });
    expect(await createAutotaskClient(soapConn(s), { sleep: async () => {} }).testCredentials()).toMatchObject({ ok: true });
  });
});
