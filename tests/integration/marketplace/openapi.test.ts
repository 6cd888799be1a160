/** The sandbox's responses and the client's requests, checked against the vendor's OpenAPI v1.6 file. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMarketplaceClient } from '../../../server/marketplace/client.js';
import { refreshSnapshot } from '../../../server/marketplace/snapshot.js';
import { loadSpec, recording, specAbsent, type Exchange } from './openapi.js';
import { manualClock, memoryStore, recordingLogger, startSandbox } from './helpers.js';

describe.skipIf(specAbsent)('Marketplace API v1.6 conformance', () => {
  let ctx: Awaited<ReturnType<typeof startSandbox>>;
  let exchanges: Exchange[] = [];
  let spec: Awaited<ReturnType<typeof loadSpec>>;
  const clock = manualClock('2026-11-20T10:00:00Z');

  beforeAll(async () => {
    spec = await loadSpec();
    ctx = await startSandbox({ clock }, (app) => {
      const r = recording(app as never);
      exchanges = r.exchanges;
      return r.app;
    });
  });
  afterAll(() => ctx.close());

  it('every exchange of a full scan, orders and a steady cycle conforms', async () => {
    const store = memoryStore();
    const deps = { store, clock, logger: recordingLogger(), connection: ctx.connection, clientOptions: { pageSize: 7 } };
    await refreshSnapshot(deps, 't1');
    const client = createMarketplaceClient(ctx.connection, { now: clock.now });
    const sub = ctx.sandbox.state.detail('1000801')!;
    clock.advance(60_000);
    await client.placeOrder({ type: 'change', customerId: sub.customerId, subscriptionId: sub.id, products: [{ mpn: sub.products![0]!.mpn, quantity: -1 }] });
    await client.placeOrder({ type: 'cancellation', customerId: ctx.sandbox.state.detail('1000802')!.customerId, subscriptionId: '1000802' });
    await client.placeOrder({ type: 'sales', customerId: '1200000511', products: [{ mpn: 'CFQ7TTC0LH18', quantity: 4 }] });
    clock.advance(60_000);
    const r = await refreshSnapshot(deps, 't1');
    expect(r.mode).toBe('steady');
    for await (const _ of client.subscriptionPages({ customerId: '1200000500', status: 'active', creationDateFrom: '2025-01-01', creationDateTo: '2026-12-31' })) void _;
    for await (const _ of client.customerPages({ name: 'hall' })) void _;
    await client.getCustomer('1200000500');
    // The catalog is not read by the client; a raw call checks the sandbox's answer all the same.
    const t = await client.token();
    await fetch(`${ctx.baseUrl}/products?vendor=Microsoft&limit=3&offset=1`, { headers: { 'X-Subscription-Key': 'demo-key', Authorization: `Bearer ${t}` } });
    for await (const _ of client.orderPages({ status: 'completed', creationTimeFrom: '2026-11-20T00:00:00Z', creationTimeTo: '2026-11-21T00:00:00Z', subscriptionId: '1000801' })) void _;
    const seen = new Set(exchanges.map((e) => `${e.method} ${spec.operation(e.method, e.path)?.template}`));
    for (const op of ['GET /products', 'POST /token', 'GET /customers', 'GET /customers/{id}', 'GET /subscriptions', 'GET /subscriptions/{id}', 'GET /orders', 'GET /orders/{id}', 'POST /orders']) {
      expect(seen, op).toContain(op);
    }
    expect(exchanges.flatMap((e) => spec.check(e))).toEqual([]);
    await store.close();
  });

  it('the checker itself catches what breaks the spec', () => {
    const base: Exchange = { method: 'GET', path: '/orders', query: {}, headers: { 'x-subscription-key': 'k' }, body: undefined, status: 200, responseHeaders: { 'x-correlation-id': 'c' }, responseBody: { data: [], pagination: { offset: 0, limit: 10, total: 0 } } };
    expect(spec.check(base)).toEqual([]);
    expect(spec.check({ ...base, query: { type: 'change' } })).toEqual([expect.stringMatching(/"type" is not in the spec/)]);
    expect(spec.check({ ...base, headers: {} })).toEqual([expect.stringMatching(/X-Subscription-Key missing/)]);
    expect(spec.check({ ...base, responseBody: { data: [{ id: '1', customerId: '2', type: 'bogus' }], pagination: { offset: 0, limit: 10, total: 1 } } })).not.toEqual([]);
    expect(spec.check({ ...base, query: { creationTimeFrom: 'yesterday' } })).not.toEqual([]);
  });

  it('errors carry the gateway error body and a correlation id', async () => {
    const res = await fetch(`${ctx.baseUrl}/subscriptions`, { headers: { 'X-Subscription-Key': 'demo-key' } });
    expect(res.status).toBe(401);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['correlationId', 'error', 'path', 'status', 'timestamp']);
    expect(body.correlationId).toBe(res.headers.get('x-correlation-id'));
  });
});
