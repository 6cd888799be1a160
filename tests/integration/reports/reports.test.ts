import { parse } from 'csv-parse/sync';
import { Hono } from 'hono';
import type { AppEnv } from '../../../server/http/context.js';
import { csvValue } from '../../../server/reports/csv.js';
import { subscriptionsReport } from '../../../server/reports/subscriptions.js';
import { answerReport } from '../../../server/routes/reports.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportsWorld } from './seed.js';

let h: Awaited<ReturnType<typeof reportsWorld>>;
beforeAll(async () => {
  h = await reportsWorld();
});

const get = async (path: string, user = 'viewer-A') => {
  const res = await h.call(user, 'GET', path);
  return { status: res.status, body: (await res.json()) as any };
};

describe('GET /api/reports/linked', () => {
  it('lists linked resources with both sides\' names and ids', async () => {
    const { status, body } = await get('/api/reports/linked');
    expect(status).toBe(200);
    expect(body.columns.map((c: any) => c.key)).toEqual(['psaAccountName', 'psaContractName', 'psaServiceId', 'psaServiceName', 'companyName', 'subscriptionName', 'resourceName', 'count', 'linkedAt']);
    expect(body.columns[1]).toEqual({ key: 'psaContractName', label: 'PSA contract', type: 'text' });
    expect(body).toMatchObject({ total: 1, page: 1, pageSize: 50 });
    expect(body.rows[0]).toMatchObject({
      psaAccountName: 'Hall Brothers Transportation', psaContractName: 'Hall Brothers 2026 Cloud Services', psaServiceId: '501',
      psaServiceName: 'Office 365 Business Premium (Monthly)', companyName: 'Hall Bros. Transportation Co, Inc.',
      subscriptionName: 'Office 365 Business Premium', resourceName: 'Microsoft 365 Business Premium', count: 8,
      odinAccountId: '1200000500', odinSubscriptionId: '1000845', odinResourceId: '100237', psaKind: 'autotask', psaAccountId: '29683501', psaContractId: '29684001',
    });
  });

  it('takes the PSA context: ConnectWise words, and none of the Autotask relations', async () => {
    const { body } = await get('/api/reports/linked?context=connectwise');
    expect(body.total).toBe(0);
    expect(body.columns[1].label).toBe('PSA agreement');
  });
});

describe('GET /api/reports/unlinked', () => {
  it('lists what will go un-invoiced, with the level the relation is missing at', async () => {
    const { body } = await get('/api/reports/unlinked');
    expect(body.rows.map((r: any) => [r.odinAccountId, r.odinSubscriptionId, r.odinResourceId, r.missing])).toEqual([
      ['1200000500', '1000845', '100234', 'resource'],
      ['1200000510', '1000900', '100234', 'company'],
      ['1200000501', '1000823', '100234', 'subscription'],
      ['1200000501', '1000823', '100999', 'subscription'],
    ]);
    expect(body.rows[0]).toMatchObject({ companyName: 'Hall Bros. Transportation Co, Inc.', subscriptionName: 'Office 365 Business Premium', resourceName: 'Exchange Online (Plan 1)', count: 3, psaAccountId: '29683501', psaServiceId: null });
  });

  it('filters by several columns (case-insensitive contains), sorts and pages', async () => {
    const f = await get('/api/reports/unlinked?filter.companyName=VENTURE&filter.count=4');
    expect(f.body.rows.map((r: any) => r.odinResourceId)).toEqual(['100234']);
    const sorted = await get('/api/reports/unlinked?sort=-count&pageSize=2&page=2');
    expect(sorted.body).toMatchObject({ total: 4, page: 2, pageSize: 2 });
    expect(sorted.body.rows.map((r: any) => r.count)).toEqual([2, 0]);
    const byId = await get('/api/reports/unlinked?filter.psaAccountId=29683502');
    expect(byId.body.total).toBe(2);
  });

  it('refuses unknown columns and parameters by name', async () => {
    const bad = await get('/api/reports/unlinked?filter.colour=red');
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toContain('"colour"');
    expect((await get('/api/reports/unlinked?sort=-shoeSize')).body.error.message).toContain('"shoeSize"');
    expect((await get('/api/reports/unlinked?from=2026-03-01')).status).toBe(422);
    expect((await get('/api/reports/unlinked?pageSize=501')).status).toBe(422);
    expect((await get('/api/reports/unlinked?utm=x')).body.error.message).toContain('utm');
    expect((await get('/api/reports/linked?from=2026-02-30')).status).toBe(422);
  });
});

describe('GET /api/reports/adjustments and /failures', () => {
  it('the adjustments log holds posted rows only, newest first, names from both sides', async () => {
    const { body } = await get('/api/reports/adjustments');
    expect(body.rows.map((r: any) => r.id)).toEqual(['p2', 'p1', 'p3']);
    // What a billing manager needs first; the PSA side's names and the ids are details.
    expect(body.columns.filter((c: any) => !c.detail).map((c: any) => c.key)).toEqual(['companyName', 'resourceName', 'fromCount', 'toCount', 'unitChange', 'effectiveDate', 'dateReason', 'estimatedAmount', 'status', 'date']);
    expect(body.columns.filter((c: any) => c.detail).map((c: any) => c.key)).toEqual(expect.arrayContaining(['psaAccountName', 'psaContractName', 'psaServiceName', 'id', 'odinResourceId', 'psaServiceId']));
    expect(body.rows.map((r: any) => r.dateReason)).toEqual(['Decrease: at the next period start', 'Increase: from the day it was seen', 'Increase']);
    expect(body.rows[1]).toMatchObject({
      date: '2026-03-10T12:00:05.000Z', companyName: 'Hall Bros. Transportation Co, Inc.', psaAccountName: 'Hall Brothers Transportation',
      psaContractName: 'Hall Brothers 2026 Cloud Services', psaServiceName: 'Office 365 Business Premium (Monthly)', unitChange: 7,
      effectiveDate: '2026-03-10', estimatedAmount: 109.29, fromCount: 1, toCount: 8, psaKind: 'autotask',
    });
    // Venture's subscription is not linked: the contract shows its id rather than a name that is not its.
    expect(body.rows[2]).toMatchObject({ companyName: 'Venture Logistics', psaAccountName: 'Venture Logistics', psaContractName: '29684003', psaServiceName: '502' });
  });

  it('dates are the tenant\'s calendar days', async () => {
    const day = await get('/api/reports/adjustments?from=2026-03-11&to=2026-03-11');
    expect(day.body.rows.map((r: any) => r.id)).toEqual(['p2']);
    const march = await get('/api/reports/adjustments?from=2026-03-01&to=2026-03-31&sort=unitChange');
    expect(march.body.rows.map((r: any) => r.unitChange)).toEqual([-2, 7]);
    expect((await get('/api/reports/adjustments?from=2026-03-12&to=2026-03-01')).status).toBe(422);
  });

  it('counts the adjustments per tenant day under the same filters as the table, for the chart', async () => {
    const all = await get('/api/reports/adjustments/by-day');
    expect(all.status).toBe(200);
    expect(all.body.days).toEqual([
      { date: '2026-02-20', count: 1, units: 3 },
      { date: '2026-03-10', count: 1, units: 7 },
      { date: '2026-03-11', count: 1, units: -2 },
    ]);
    expect((await get('/api/reports/adjustments/by-day?filter.companyName=Venture')).body.days).toEqual([{ date: '2026-02-20', count: 1, units: 3 }]);
    expect((await get('/api/reports/adjustments/by-day?from=2026-03-11&to=2026-03-31')).body.days).toEqual([{ date: '2026-03-11', count: 1, units: -2 }]);
    const bad = await get('/api/reports/adjustments/by-day?filter.nope=x');
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('validation_failed');
  });

  it('the failure log holds failed, unknown and stuck rows with the PSA\'s words, attempts and next retry', async () => {
    const { body } = await get('/api/reports/failures');
    expect(body.rows.map((r: any) => `${r.id}:${r.status}`)).toEqual(['s1:posting', 'f1:failed', 'u1:unknown']);
    expect(body.columns.filter((c: any) => ['status', 'lastError', 'attempts', 'nextAttemptAt', 'errorCause'].includes(c.key)).map((c: any) => c.label)).toEqual(['Status', 'Attempts', 'Next retry', 'PSA message', 'Cause']);
    // Why the date: the one-per-day rule moved it; a row that may have reached the PSA is held.
    expect(body.rows.map((r: any) => r.dateReason)).toEqual([
      'Held: the PSA may have saved it, checked before any retry',
      'Moved to the next free day (Autotask takes one adjustment per service per day)',
      'Held: the PSA may have saved it, checked before any retry',
    ]);
    expect(body.rows[1].errorCause).toBe('The PSA refused it on a business rule: read its message');
    expect(body.rows[1]).toMatchObject({
      lastError: 'ContractServiceAdjustment EffectiveDate must be between the start date and end date of the contract referenced by ContractID',
      attempts: 3, nextAttemptAt: '2026-03-15T14:10:00.000Z', estimatedAmount: 15.61,
    });
    const filtered = await get('/api/reports/failures?filter.lastError=contractid');
    expect(filtered.body.rows.map((r: any) => r.id)).toEqual(['f1']);
  });

  it('each tenant sees its own log only', async () => {
    const b = await get('/api/reports/failures', 'viewer-B');
    expect(b.body.rows.map((r: any) => r.id)).toEqual(['b2']);
    expect((await get('/api/reports/adjustments', 'viewer-B')).body.rows.map((r: any) => r.id)).toEqual(['b1']);
    expect((await h.call(null, 'GET', '/api/reports/linked')).status).toBe(401);
  });
});

describe('the subscriptions report on the same engine', () => {
  it('serves the common query through answerReport', async () => {
    const sub = new Hono<AppEnv>().get('/reports/subscriptions', (c) => answerReport(c, subscriptionsReport));
    const w = await reportsWorld({ extraRoutes: [sub] });
    const res = await w.call('viewer-A', 'GET', '/api/reports/subscriptions?filter.status=term&sort=-count');
    expect(((await res.json()) as any).rows).toEqual([{ odinAccountId: '1200000500', companyName: 'Hall Bros. Transportation Co, Inc.', odinSubscriptionId: '1000846', subscriptionName: 'Visio', odinResourceId: '100300', resourceName: 'Visio Plan 2', count: 1, status: 'terminated' }]);
    expect(((await (await w.call('viewer-B', 'GET', '/api/reports/subscriptions')).json()) as any).total).toBe(1);
  });
});

describe('?format=csv', () => {
  for (const path of [
    '/api/reports/unlinked?sort=-count&filter.resourceName=exchange',
    '/api/reports/adjustments?from=2026-03-01',
    '/api/reports/failures',
    '/api/reports/linked',
  ]) {
    it(`exports exactly the filtered, sorted rows of ${path}`, async () => {
      const json = await get(`${path}&pageSize=500`.replace(/^([^?]*)&/, '$1?'));
      const res = await h.call('viewer-A', 'GET', `${path}${path.includes('?') ? '&' : '?'}format=csv`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="\w+-2026-03-15\.csv"$/);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = new TextDecoder().decode(bytes.slice(3));
      // Every field quoted, the empty ones too.
      for (const line of text.split('\r\n').filter(Boolean)) expect(line).toMatch(/^"(?:[^"]|"")*"(?:,"(?:[^"]|"")*")*$/);
      const records = parse(text, { bom: false }) as string[][];
      expect(records[0]).toEqual(json.body.columns.map((c: any) => c.label));
      const expected = json.body.rows.map((row: any) => json.body.columns.map((c: any) => csvValue(c, row[c.key], 'America/New_York')));
      expect(records.slice(1)).toEqual(expected);
      expect(records.length - 1).toBe(json.body.total);
    });
  }
});

describe('CSV as a spreadsheet reads it', () => {
  it('dates in the tenant\'s zone as YYYY-MM-DD (HH:MM where the time matters), amounts with two decimals', async () => {
    const res = await h.call('viewer-A', 'GET', '/api/reports/adjustments?format=csv&sort=date');
    const records = parse(await res.text(), { bom: true, columns: true, cast: true }) as Record<string, unknown>[];
    expect(records.map((r) => r.Posted)).toEqual(['2026-02-20 10:00', '2026-03-10 08:00', '2026-03-11 22:00']);
    expect(records.map((r) => r['Effective date'])).toEqual(['2026-03-10', '2026-03-10', '2026-04-01']);
    for (const r of records) {
      expect(String(r.Posted)).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
      expect(Number.isNaN(Date.parse(String(r['Effective date'])))).toBe(false);
    }
    // Every amount is a number with a decimal point and two decimals: 0.00, not 0; 6.50, not 6.5.
    const raw = parse((await (await h.call('viewer-A', 'GET', '/api/reports/adjustments?format=csv&sort=date')).text()), { bom: true, columns: true }) as Record<string, string>[];
    expect(raw.map((r) => r['Estimated amount'])).toEqual(['6.50', '109.29', '0.00']);
    expect(records.map((r) => typeof r['Estimated amount'])).toEqual(['number', 'number', 'number']);
    expect(records.map((r) => r['Unit change'])).toEqual([3, 7, -2]);
  });
});
