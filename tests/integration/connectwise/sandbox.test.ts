/**
 * The ConnectWise sandbox spoken to with plain fetch, as any client would: auth answers, companyinfo,
 * conditions, both paging modes with their Link headers (under the mount prefix), addition validation,
 * PATCH, the /_control endpoints and request counting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { largeConnectWiseData } from '../../../server/sandboxes/connectwise/index.js';
import { parseLinkHeader } from '../../../server/psa/connectwise/link-header.js';
import { startSandbox, type Running } from './harness.js';
import { SpecChecker, type Exchange } from './spec-check.js';

let run: Running;
let big: Running;
const checker = new SpecChecker();
const AUTH = `Basic ${Buffer.from('demo+demo-public:demo-private').toString('base64')}`;
const H = { Authorization: AUTH, clientId: 'demo-client', 'Content-Type': 'application/json' };
const api = (r: Running, path: string) => `${r.site}/v4_6_release/apis/3.0${path}`;

beforeAll(async () => {
  run = await startSandbox();
  big = await startSandbox({ data: largeConnectWiseData({ agreements: 2500, companies: 300 }) });
});
afterAll(async () => {
  await run.close();
  await big.close();
});

describe('authentication', () => {
  it('answers 401 Unauthorized for bad keys, a missing clientId, no Authorization', async () => {
    const badKeys = await fetch(api(run, '/system/info'), { headers: { ...H, Authorization: `Basic ${Buffer.from('demo+demo-public:nope').toString('base64')}` } });
    expect(badKeys.status).toBe(401);
    expect(await badKeys.json()).toMatchObject({ code: 'Unauthorized', message: expect.stringContaining('public key and private key') });

    const noClient = await fetch(api(run, '/system/info'), { headers: { Authorization: AUTH } });
    expect(noClient.status).toBe(401);
    expect(await noClient.json()).toMatchObject({ code: 'Unauthorized', message: expect.stringContaining('clientId') });

    const none = await fetch(api(run, '/system/info'), { headers: { clientId: 'demo-client' } });
    expect(none.status).toBe(401);
  });

  it('cannot route an unknown company, on the API and on companyinfo', async () => {
    const res = await fetch(api(run, '/system/info'), { headers: { ...H, Authorization: `Basic ${Buffer.from('acme+demo-public:demo-private').toString('base64')}` } });
    expect(res.status).toBe(400);
    expect(await res.text()).toBe('Cannot route. Codebase/company is invalid');
    expect((await fetch(`${run.site}/login/companyinfo/acme`)).status).toBe(400);
  });

  it('companyinfo names the codebase and the site under the mount prefix', async () => {
    const info = (await (await fetch(`${run.site}/login/companyinfo/DEMO`)).json()) as Record<string, unknown>;
    expect(info).toMatchObject({ Codebase: 'v2025_1/', CompanyID: 'demo', SiteUrl: run.site.replace('http://', '') });
    const viaCodebase = await fetch(`${run.site}/v2025_1/apis/3.0/system/info`, { headers: H });
    expect(viaCodebase.status).toBe(200);
    expect(viaCodebase.headers.get('api-current-version')).toBeTruthy();
  });

  it('refuses a member whose security role lacks the area with 403 Forbidden', async () => {
    const limited = await startSandbox({
      credentials: { companyId: 'demo', publicKey: 'demo-public', privateKey: 'demo-private', clientId: 'demo-client', members: [{ publicKey: 'ro', privateKey: 'ro-secret', denied: ['procurement'] }] },
    });
    try {
      const headers = { ...H, Authorization: `Basic ${Buffer.from('demo+ro:ro-secret').toString('base64')}` };
      expect((await fetch(api(limited, '/company/companies'), { headers })).status).toBe(200);
      const res = await fetch(api(limited, '/procurement/catalog'), { headers });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ code: 'Forbidden' });
    } finally {
      await limited.close();
    }
  });
});

describe('conditions', () => {
  const q = (conditions: string) => fetch(`${api(run, '/finance/agreements')}?conditions=${encodeURIComponent(conditions)}&pageSize=1000`, { headers: H });

  it('filters with and/or, nested fields, dates, like and in', async () => {
    const ids = async (c: string) => ((await (await q(c)).json()) as { id: number }[]).map((a) => a.id);
    expect(await ids('company/id=250 and cancelledFlag=false')).toEqual([1000]);
    expect(await ids('(company/id = 250 or company/id = 251) and cancelledFlag = true')).toEqual([1001]);
    expect(await ids('endDate < [2025-01-01T00:00:00Z]')).toEqual([1012]);
    expect(await ids('name like "Repair%" and prorateFlag=false')).toEqual([1020]);
    expect(await ids('company/name contains "dental" and id in (1030, 1033)')).toEqual([1030, 1033]);
    expect((await ids('endDate = null')).length).toBeGreaterThan(5);
  });

  it("refuses a badly typed literal with ConnectWise's own text, and unknown fields", async () => {
    const res = await q('cancelledFlag = 1');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; message: string };
    expect(body.message).toMatch(/^Expected a boolean value, not a numeric\. String values should be enclosed with double or single quotes; DateTime values/);
    expect((await q('name = Fred')).status).toBe(400);
    expect((await q('nosuchfield = 1')).status).toBe(400);
    expect((await q('company/id = 250 and')).status).toBe(400);
    expect(((await (await q('startDate > 2020-01-01')).json()) as { message: string }).message).toContain('Expected a datetime value');
  });
});

describe('paging', () => {
  it('navigable: page/pageSize with first/prev/next/last links under the prefix', async () => {
    const res = await fetch(`${api(big, '/finance/agreements')}?pageSize=1000&page=2&orderBy=id%20asc`, { headers: H });
    const rows = (await res.json()) as { id: number }[];
    expect(rows.length).toBe(1000);
    const links = parseLinkHeader(res.headers.get('link'));
    expect(Object.keys(links).sort()).toEqual(['first', 'last', 'next', 'prev']);
    expect(links.next).toContain(`${big.site}/v4_6_release/apis/3.0/finance/agreements?`);
    expect(new URL(links.next!).searchParams.get('page')).toBe('3');
    expect(new URL(links.last!).searchParams.get('page')).toBe('3');
    const capped = await fetch(`${api(big, '/finance/agreements')}?pageSize=5000`, { headers: H });
    expect(((await capped.json()) as unknown[]).length).toBe(1000);
    const dflt = await fetch(api(big, '/finance/agreements'), { headers: H });
    expect(((await dflt.json()) as unknown[]).length).toBe(25);
  });

  it('forward-only: follows Link rel="next" to every row exactly once', async () => {
    let url: string | null = `${api(big, '/finance/agreements')}?pageSize=1000&fields=id`;
    const seen: number[] = [];
    let pages = 0;
    while (url) {
      const res: Response = await fetch(url, { headers: { ...H, 'pagination-type': 'forward-only' } });
      seen.push(...((await res.json()) as { id: number }[]).map((r) => r.id));
      url = parseLinkHeader(res.headers.get('link')).next ?? null;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen.length).toBe(2500);
    expect(new Set(seen).size).toBe(2500);
    const bad = await fetch(`${api(big, '/finance/agreements')}?orderBy=name`, { headers: { ...H, 'pagination-type': 'forward-only' } });
    expect(bad.status).toBe(400);
  });

  it('counts with conditions', async () => {
    const res = await fetch(`${api(big, '/finance/agreements/count')}?conditions=${encodeURIComponent('cancelledFlag=true')}`, { headers: H });
    const { count } = (await res.json()) as { count: number };
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(2500);
  });
});

describe('additions', () => {
  const url = () => api(run, '/finance/agreements/1000/additions');

  it('validates in the {code, message, errors[{code,message,resource,field}]} shape', async () => {
    const res = await fetch(url(), { method: 'POST', headers: H, body: JSON.stringify({ quantity: 'three' }) });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; message: string; errors: { code: string; field: string; resource: string; message: string }[] };
    expect(body.code).toBe('InvalidObject');
    expect(body.message).toBe('addition object is invalid');
    expect(body.errors.map((e) => e.field).sort()).toEqual(['billCustomer', 'product', 'quantity']);
    expect(body.errors.find((e) => e.field === 'product')).toEqual({ code: 'NullValue', message: 'The product field is required.', resource: 'addition', field: 'product' });
  });

  it('creates by product identifier, then patches the quantity; the log holds one creation', async () => {
    const before = run.sandbox.controls.createdAdditions().length;
    const res = await fetch(url(), { method: 'POST', headers: H, body: JSON.stringify({ product: { identifier: 'exchange-online-plan-1' }, quantity: 2, billCustomer: 'Billable', effectiveDate: '2026-11-02T00:00:00Z' }) });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: number; unitPrice: number; product: { id: number } };
    expect(created).toMatchObject({ unitPrice: 4, product: { id: 103 } });
    const patched = await fetch(`${url()}/${created.id}`, { method: 'PATCH', headers: H, body: JSON.stringify([{ op: 'replace', path: 'quantity', value: 5 }]) });
    expect(await patched.json()).toMatchObject({ id: created.id, quantity: 5, extPrice: 20 });
    const badPatch = await fetch(`${url()}/${created.id}`, { method: 'PATCH', headers: H, body: JSON.stringify([{ op: 'replace', path: 'agreementId', value: 7 }]) });
    expect(badPatch.status).toBe(400);
    expect(run.sandbox.controls.createdAdditions().length).toBe(before + 1);
  });

  it('refuses additions on a cancelled agreement and 404s unknown agreements', async () => {
    const res = await fetch(api(run, '/finance/agreements/1001/additions'), { method: 'POST', headers: H, body: JSON.stringify({ product: { id: 100 }, billCustomer: 'Billable' }) });
    expect(res.status).toBe(400);
    const missing = await fetch(api(run, '/finance/agreements/999999/additions'), { headers: H });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'NotFound' });
  });
});

describe('test controls over HTTP, and request counts', () => {
  it('injects 5xx/429/malformed, flips proration, edits quantities, reports stats', async () => {
    const ctl = (path: string, body: unknown) => fetch(`${run.site}/_control${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    await fetch(`${run.site}/_control/stats/reset`, { method: 'POST' });
    expect((await ctl('/fault', { status: 503, path: '/system/info' })).status).toBe(200);
    expect((await fetch(api(run, '/system/info'), { headers: H })).status).toBe(503);
    expect((await fetch(api(run, '/system/info'), { headers: H })).status).toBe(200);
    await ctl('/fault', { status: 429, retryAfterSeconds: 3 });
    const throttled = await fetch(api(run, '/system/info'), { headers: H });
    expect([throttled.status, throttled.headers.get('retry-after')]).toEqual([429, '3']);
    await ctl('/fault', { type: 'malformed' });
    expect(() => JSON.parse('x')).toThrow();
    await expect((await fetch(api(run, '/system/info'), { headers: H })).json()).rejects.toThrow();

    await ctl('/agreements/1020/prorate', { prorateFlag: true });
    expect(run.sandbox.state.agreements.get(1020)?.prorateFlag).toBe(true);
    const addition = run.sandbox.state.productOn(1000, 100)[0]!;
    await ctl(`/additions/${addition.id}/quantity`, { quantity: 99 });
    expect(run.sandbox.state.additions.get(addition.id!)?.quantity).toBe(99);

    const stats = (await (await fetch(`${run.site}/_control/stats`)).json()) as { total: number; byRoute: Record<string, number> };
    expect(stats.byRoute['GET /system/info']).toBe(4);
    expect(stats.total).toBe(4); // control calls are not counted
    expect(Array.isArray(await (await fetch(`${run.site}/_control/created-additions`)).json())).toBe(true);
  });
});

describe('spec check', () => {
  it.skipIf(!checker.available)('the raw exchanges conform, and the checker does catch a misspelt field', () => {
    // The one deliberately invalid request above is the checker's own business: it must be flagged.
    const invalid = run.log.filter((x) => x.requestBody?.includes('"three"'));
    expect(invalid.length).toBe(1);
    expect(checker.problems(invalid)).toHaveLength(1);
    expect(checker.problems(run.log.filter((x) => !invalid.includes(x)))).toEqual([]);
    expect(checker.problems(big.log)).toEqual([]);
    const wrong: Exchange = {
      method: 'POST',
      url: 'http://127.0.0.1/v4_6_release/apis/3.0/finance/agreements/1/additions',
      requestBody: JSON.stringify({ product: { id: 1 }, billCustomer: 'Billable', quantiy: 2 }),
      status: 201,
      responseBody: JSON.stringify({ product: { id: 1 }, billCustomer: 'Sometimes' }),
      contentType: 'application/json',
    };
    const problems = checker.problems([wrong]);
    expect(problems.join('\n')).toContain('must NOT have additional properties');
    expect(problems.join('\n')).toContain('must be equal to one of the allowed values');
  });
});
