/**
 * Our ConnectWise client against the sandbox over real HTTP (127.0.0.1, under the demo mount prefix).
 * Every exchange is checked against the vendor spec subset at the end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectWiseClient } from '../../../server/psa/connectwise/client.js';
import type { AdjustmentPost } from '../../../server/psa/types.js';
import { clock, delta, startSandbox, TODAY, type Running } from './harness.js';
import { SpecChecker } from './spec-check.js';

let run: Running;
let client: ConnectWiseClient;
const checker = new SpecChecker();
const noSleep = async () => {};

const post = (p: Partial<AdjustmentPost>): AdjustmentPost => ({
  accountId: '250',
  contractId: '1000',
  serviceId: '100',
  effectiveDate: TODAY,
  unitChange: 3,
  adjustmentId: 'adj-1',
  ...p,
});

beforeAll(async () => {
  run = await startSandbox();
  client = new ConnectWiseClient(delta(run.conn), { now: clock.now, sleep: noSleep, timeoutMs: 2_000 });
});

afterAll(async () => {
  await run.close();
  if (!checker.available) console.log(`[connectwise spec check] skipped: ${checker.reason}`);
  else if (checker.skipped.size) console.log(`[connectwise spec check] not in the spec, not checked: ${[...checker.skipped].join(', ')}`);
});

describe('mapping lists', () => {
  it('lists the roster companies that exist in ConnectWise, inactive ones flagged', async () => {
    const accounts = await client.listAccounts();
    const names = accounts.map((a) => a.name);
    expect(names).toContain('Hall Brothers Transportation');
    expect(names).not.toContain('Sunrise Bakery');
    expect(accounts.find((a) => a.name === 'Old Mill Pharmacy')?.active).toBe(false);
    expect(accounts.find((a) => a.id === '250')?.active).toBe(true);
  });

  it('lists agreements with cancelled, expired and proration flags, per company or all', async () => {
    const all = await client.listContracts({ asOf: TODAY });
    expect(all.find((c) => c.id === '1001')).toMatchObject({ cancelled: true, accountId: '250' });
    expect(all.find((c) => c.id === '1012')).toMatchObject({ expired: true, endDate: '2024-12-31' });
    expect(all.find((c) => c.id === '1020')).toMatchObject({ prorate: false, billingCycle: 'Monthly', expired: false });
    const hall = await client.listContracts({ accountId: '250' });
    expect(hall.map((c) => c.id).sort()).toEqual(['1000', '1001']);
  });

  it('lists the products on an agreement with their units, then the catalog products to add', async () => {
    const services = await client.listServices({ contractIds: ['1000'], asOf: TODAY });
    const exchange = services.find((s) => s.serviceId === '103')!;
    // 1 live unit; the cancelled addition of 4 no longer counts.
    expect(exchange).toMatchObject({ name: 'Exchange Online (Plan 1)', code: 'EXCHANGE-ONLINE-PLAN-1', units: 1, contractServiceId: null });
    expect(services.find((s) => s.serviceId === '100')?.units).toBe(2);
    expect(services.find((s) => s.serviceId === '101')).toMatchObject({ units: 0, unitPrice: 12.5 });
    expect(services.map((s) => s.serviceId)).not.toContain('150'); // bundle
    expect(services.map((s) => s.serviceId)).not.toContain('151'); // inactive
    expect(new Set(services.map((s) => s.serviceId)).size).toBe(services.length);
  });

  it('uses codebase discovery: API calls go to the codebase companyinfo names', () => {
    const apiCalls = run.log.filter((x) => x.url.includes('/apis/3.0'));
    expect(apiCalls.length).toBeGreaterThan(0);
    expect(apiCalls.every((x) => x.url.includes('/sandbox/connectwise/v2025_1/apis/3.0/'))).toBe(true);
  });
});

describe('posting a change as a +n/-n delta addition (the per-tenant option)', () => {
  it('posts a new addition of the unit change at the catalog price and the units follow', async () => {
    const before = await client.readUnits({ accountId: '250', contractId: '1000', serviceId: '100' }, TODAY);
    const out = await client.postAdjustment(post({ unitChange: 3, description: 'Marketplace subscription 1000845, resource 2: 2 -> 5' }));
    expect(out.status).toBe('posted');
    const id = Number((out as { psaReference: string }).psaReference);
    const saved = run.sandbox.state.additions.get(id)!;
    expect(saved).toMatchObject({ quantity: 3, unitPrice: 6, unitCost: 5.4, billCustomer: 'Billable', effectiveDate: `${TODAY}T00:00:00Z`, prorateCurrentPeriodFlag: true });
    // The customer's invoice shows the product, not our sync note.
    expect(saved.invoiceDescription).toBe('M365 Business Basic');
    // ConnectWise prorates the part month: 7 of 30 November days.
    expect(saved.proratePrice).toBeCloseTo((6 * 7) / 30, 2);
    expect(await client.readUnits({ accountId: '250', contractId: '1000', serviceId: '100' }, TODAY)).toBe(before + 3);
    // The day before the change, the units were what they were.
    expect(await client.readUnits({ accountId: '250', contractId: '1000', serviceId: '100' }, '2026-11-23')).toBe(before);
  });

  it('refuses a mid-period change to an agreement with proration off, before any write, then posts once it is on', async () => {
    const posts = () => run.sandbox.stats.count('POST');
    const n = posts();
    const refused = await client.postAdjustment(post({ contractId: '1020', accountId: '252', serviceId: '102' }));
    expect(refused.status).toBe('failed');
    const err = (refused as { error: { kind: string; retry: boolean; message: string } }).error;
    expect(err.kind).toBe('config');
    expect(err.retry).toBe(true);
    expect(err.message).toContain('Turn on proration');
    expect(err.message).toContain('Repair and Wear LLC - Managed Cloud Services');
    expect(posts()).toBe(n);

    // A decrease dated the first day of the next period needs no proration.
    const dec = await client.postAdjustment(post({ contractId: '1020', accountId: '252', serviceId: '102', unitChange: -1, effectiveDate: '2026-12-01' }));
    expect(dec.status).toBe('posted');

    run.sandbox.controls.setProrate(1020, true);
    const again = await client.postAdjustment(post({ contractId: '1020', accountId: '252', serviceId: '102' }));
    expect(again.status).toBe('posted');
  });

  it('refuses a change to a cancelled or expired agreement before any write', async () => {
    const n = run.sandbox.stats.count('POST');
    const cancelled = await client.postAdjustment(post({ contractId: '1001' }));
    expect(cancelled).toMatchObject({ status: 'failed', error: { kind: 'config', retry: true } });
    const expired = await client.postAdjustment(post({ contractId: '1012', accountId: '251', effectiveDate: '2026-12-01' }));
    expect((expired as { error: { message: string } }).error.message).toContain('ended on 2024-12-31');
    expect(run.sandbox.stats.count('POST')).toBe(n);
  });

  it('takes the price from the agreement or a custom price when the mapping says so', async () => {
    const line = [...run.sandbox.state.additions.values()].find((a) => a.agreementId === 1030 && a.product.id === 103)!;
    line.unitPrice = 4.75;
    const fromAgreement = await client.postAdjustment(post({ contractId: '1030', accountId: '253', serviceId: '103', priceSource: 'agreement', unitChange: 1 }));
    expect(run.sandbox.state.additions.get(Number((fromAgreement as { psaReference: string }).psaReference))?.unitPrice).toBe(4.75);

    const custom = await client.postAdjustment(post({ contractId: '1030', accountId: '253', serviceId: '103', priceSource: 'custom', unitPrice: 19.99, unitChange: 1 }));
    expect(run.sandbox.state.additions.get(Number((custom as { psaReference: string }).psaReference))?.unitPrice).toBe(19.99);

    const noPrice = await client.postAdjustment(post({ contractId: '1030', accountId: '253', serviceId: '103', priceSource: 'custom', unitChange: 1 }));
    expect(noPrice.status).toBe('failed');
  });

  it("keeps ConnectWise's validation text verbatim", async () => {
    const out = await client.postAdjustment(post({ serviceId: '150' })); // a bundle
    expect(out.status).toBe('failed');
    const err = (out as { error: { kind: string; status: number; vendorMessage: string; retry: boolean } }).error;
    expect(err).toMatchObject({ kind: 'rule', status: 400, retry: false });
    expect(err.vendorMessage).toBe('addition object is invalid (Bundle products cannot be added to an agreement.)');
  });

  it('a timeout after the addition was saved is "unknown", and reading the units shows it landed once', async () => {
    const quick = new ConnectWiseClient(delta(run.conn), { now: clock.now, sleep: noSleep, timeoutMs: 1_500 });
    const target = { accountId: '251', contractId: '1010', serviceId: '101' };
    const before = await quick.readUnits(target, TODAY);
    const created = run.sandbox.controls.createdAdditions().length;
    run.sandbox.controls.hangNext({ when: 'after', match: { method: 'POST' } });
    const out = await quick.postAdjustment(post({ ...target, unitChange: 2 }));
    expect(out.status).toBe('unknown');
    expect((out as { error: { kind: string; outcomeUnknown: boolean } }).error).toMatchObject({ kind: 'timeout', outcomeUnknown: true });
    run.sandbox.controls.releaseHangs();
    expect(await quick.readUnits(target, TODAY)).toBe(before + 2);
    expect(run.sandbox.controls.createdAdditions().length).toBe(created + 1);
  });

  it('a timeout before anything was saved is "unknown" too, and nothing was created', async () => {
    const quick = new ConnectWiseClient(delta(run.conn), { now: clock.now, sleep: noSleep, timeoutMs: 1_500 });
    const created = run.sandbox.controls.createdAdditions().length;
    run.sandbox.controls.hangNext({ when: 'before', match: { method: 'POST' } });
    const out = await quick.postAdjustment(post({ accountId: '251', contractId: '1010', serviceId: '101', unitChange: 2 }));
    expect(out.status).toBe('unknown');
    run.sandbox.controls.releaseHangs();
    expect(run.sandbox.controls.createdAdditions().length).toBe(created);
  });

  it('classifies 503 as a retryable failure, 504 and a garbled 201 as unknown', async () => {
    run.sandbox.controls.failNext({ status: 503, match: { method: 'POST' } });
    const a = await client.postAdjustment(post({ unitChange: 1 }));
    expect(a).toMatchObject({ status: 'failed', error: { kind: 'server', retry: true, status: 503 } });

    run.sandbox.controls.failNext({ status: 504, match: { method: 'POST' } });
    expect((await client.postAdjustment(post({ unitChange: 1 }))).status).toBe('unknown');

    const created = run.sandbox.controls.createdAdditions().length;
    run.sandbox.controls.malformedNext({ when: 'after', match: { method: 'POST' } });
    const c = await client.postAdjustment(post({ unitChange: 1 }));
    expect(c).toMatchObject({ status: 'unknown', error: { kind: 'malformed' } });
    expect(run.sandbox.controls.createdAdditions().length).toBe(created + 1);
  });

  it('retries throttled reads, honouring Retry-After, and gives up on a write at once', async () => {
    const n = run.sandbox.stats.count('GET /company/companies');
    run.sandbox.controls.throttleNext({ times: 2, retryAfterSeconds: 0, match: { method: 'GET', path: '/company/companies' } });
    expect((await client.listAccounts()).length).toBeGreaterThan(5);
    expect(run.sandbox.stats.count('GET /company/companies') - n).toBe(3);

    run.sandbox.controls.throttleNext({ retryAfterSeconds: 7, match: { method: 'POST' } });
    const out = await client.postAdjustment(post({ unitChange: 1 }));
    expect(out).toMatchObject({ status: 'failed', error: { kind: 'throttled', retry: true, retryAfterMs: 7000 } });
  });

  it('cancels an addition with a JSON-Patch-style PATCH', async () => {
    const target = { accountId: '253', contractId: '1033', serviceId: '107' };
    expect(await client.readUnits(target, TODAY)).toBe(12);
    const addition = run.sandbox.state.productOn(1033, 107)[0]!;
    const saved = await client.cancelAddition('1033', addition.id!, '2026-11-10');
    expect(saved.cancelledDate).toBe('2026-11-10T00:00:00Z');
    expect(await client.readUnits(target, TODAY)).toBe(0);
    expect(await client.readUnits(target, '2026-11-10')).toBe(12);
  });

  it('sees a hand edit in ConnectWise (drift) on the next read', async () => {
    const target = { accountId: '254', contractId: '1040', serviceId: '104' };
    const a = run.sandbox.state.productOn(1040, 104)[0]!;
    run.sandbox.controls.setQuantity(a.id!, 40);
    expect(await client.readUnits(target, TODAY)).toBe(40);
  });
});

describe('the exchanges above', () => {
  it.skipIf(!checker.available)('conform to the ConnectWise spec subset (requests and responses)', () => {
    expect(run.log.length).toBeGreaterThan(20);
    expect(checker.problems(run.log)).toEqual([]);
  });
});

describe('paging through a large company', () => {
  let large: Running;
  beforeAll(async () => {
    const { largeConnectWiseData } = await import('../../../server/sandboxes/connectwise/index.js');
    large = await startSandbox({ data: largeConnectWiseData({ agreements: 2500, companies: 400 }) });
  });
  afterAll(() => large.close());

  it('reads every agreement forward-only in pages of 1000, and navigably in smaller pages', async () => {
    const c = new ConnectWiseClient(large.conn, { now: clock.now, sleep: noSleep });
    const all = await c.listContracts({ asOf: TODAY });
    expect(all.length).toBe(2500);
    expect(new Set(all.map((a) => a.id)).size).toBe(2500);
    expect(large.sandbox.stats.count('GET /finance/agreements')).toBe(3);

    large.sandbox.stats.reset();
    const byName = await c.http.list<{ id: number; name: string }>('/finance/agreements', { orderBy: 'name desc', fields: 'id,name' }, 300);
    expect(byName.length).toBe(2500);
    expect(byName[0]!.name >= byName[1]!.name).toBe(true);
    expect(large.sandbox.stats.count('GET /finance/agreements')).toBe(9);
    expect(await c.http.count('/finance/agreements', 'cancelledFlag=false')).toBe(all.filter((a) => !a.cancelled).length);
    if (checker.available) expect(checker.problems(large.log)).toEqual([]);
  });

  it('pages on by page/pageSize when a full page arrives without a Link header (sandbox switch)', async () => {
    large.sandbox.controls.omitLinkHeaders(true);
    try {
      const c = new ConnectWiseClient(large.conn, { now: clock.now, sleep: noSleep });
      large.sandbox.stats.reset();
      const all = await c.listContracts({ asOf: TODAY });
      expect(all.length).toBe(2500);
      expect(new Set(all.map((a) => a.id)).size).toBe(2500);
      // Forward-only page 1, then pages 2 and 3 by number; the short third page ends the read.
      expect(large.sandbox.stats.count('GET /finance/agreements')).toBe(3);
    } finally {
      large.sandbox.controls.omitLinkHeaders(false);
    }
  });
});

describe('the API version', () => {
  it('asks for the version the server runs when it is older than ours, so an older server answers', async () => {
    const old = await startSandbox({ version: '2023.2' });
    try {
      const c = new ConnectWiseClient(old.conn, { now: clock.now, sleep: noSleep });
      expect((await c.listAccounts()).length).toBeGreaterThan(0);
      const asked = old.log.filter((x) => x.url.includes('/apis/3.0/')).map((x) => x.accept);
      expect(new Set(asked)).toEqual(new Set(['application/vnd.connectwise.com+json; version=2023.2']));
    } finally {
      await old.close();
    }
  });

  it("the sandbox refuses a version the server does not run with ConnectWise's own error body", async () => {
    const res = await fetch(`${run.site}/v4_6_release/apis/3.0/company/companies`, {
      headers: { Authorization: `Basic ${btoa('demo+demo-public:demo-private')}`, clientId: 'demo-client', Accept: 'application/vnd.connectwise.com+json; version=2026.4' },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ code: 'ConnectWiseApi', message: expect.stringMatching(/^The HTTP resource that matches the request URI '.+\/company\/companies' does not support the API version '2026\.4'\.$/) });
  });
});

describe('a next-page link to another origin', () => {
  it('is refused, so credentials never leave the site', async () => {
    const { Hono } = await import('hono');
    const { serve } = await import('@hono/node-server');
    const evil = new Hono();
    evil.get('/login/companyinfo/:c', (c) => c.json({ Codebase: 'v4_6_release/' }));
    evil.get('/v4_6_release/apis/3.0/company/companies', (c) => {
      c.header('Link', '<http://attacker.invalid/steal>; rel="next"');
      return c.json([{ id: 1, identifier: 'A', name: 'A' }]);
    });
    const server = await new Promise<ReturnType<typeof serve>>((ok) => {
      const s = serve({ fetch: evil.fetch, port: 0, hostname: '127.0.0.1' }, () => ok(s));
    });
    try {
      const port = (server.address() as { port: number }).port;
      const c = new ConnectWiseClient({ ...run.conn, site: `http://127.0.0.1:${port}` }, { sleep: noSleep, readRetries: 0 });
      await expect(c.listAccounts()).rejects.toMatchObject({ kind: 'malformed', message: expect.stringContaining('leaves') });
    } finally {
      await new Promise<void>((ok) => server.close(() => ok()));
    }
  });
});
