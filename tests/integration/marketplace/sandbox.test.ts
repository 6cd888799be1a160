/** The sandbox over HTTP: auth errors, order rules, the /_control endpoints, mounting under a prefix. */
import { afterEach, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { manualClock, startSandbox } from './helpers.js';
import { createMarketplaceClient } from '../../../server/marketplace/client.js';

let ctx: Awaited<ReturnType<typeof startSandbox>> | null = null;
afterEach(async () => {
  await ctx?.close();
  ctx = null;
});

const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

async function token(base: string) {
  const res = await fetch(`${base}/token`, {
    method: 'POST',
    headers: { 'X-Subscription-Key': 'demo-key', Authorization: basic('demo', 'demo'), 'Content-Type': 'application/json' },
    body: JSON.stringify({ marketplace: 'us' }),
  });
  return ((await res.json()) as { token: string; expiresInSeconds: number }).token;
}

describe('marketplace sandbox', () => {
  it('refuses a bad key, password or marketplace with the error body', async () => {
    ctx = await startSandbox();
    const post = (key: string, auth: string, marketplace: string) =>
      fetch(`${ctx!.baseUrl}/token`, { method: 'POST', headers: { 'X-Subscription-Key': key, Authorization: auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ marketplace }) });
    const badKey = await post('nope', basic('demo', 'demo'), 'us');
    expect(badKey.status).toBe(401);
    expect(await badKey.json()).toMatchObject({ status: 401, error: expect.stringMatching(/invalid subscription key/), path: '/token' });
    const badPassword = await post('demo-key', basic('demo', 'nope'), 'us');
    expect(badPassword.status).toBe(401);
    expect(((await badPassword.json()) as { error: string }).error).toMatch(/user name or password/);
    expect((await post('demo-key', basic('demo', 'demo'), 'eu')).status).toBe(403);
    const ok = await post('demo-key', basic('demo', 'demo'), 'us');
    expect(await ok.json()).toMatchObject({ token: expect.any(String), expiresInSeconds: 1500 });
  });

  it('applies change orders as signed deltas and refuses what the platform would refuse', async () => {
    ctx = await startSandbox();
    const t = await token(ctx.baseUrl);
    const order = (body: unknown) =>
      fetch(`${ctx!.baseUrl}/orders`, { method: 'POST', headers: { 'X-Subscription-Key': 'demo-key', Authorization: `Bearer ${t}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const d = ctx.sandbox.state.detail('1000800')!;
    const p = d.products![0]!;
    const ok = await order({ type: 'change', customerId: d.customerId, subscriptionId: d.id, products: [{ mpn: p.mpn, quantity: -1 }] });
    expect(await ok.json()).toMatchObject({ type: 'change', status: 'completed', statusCode: 'CP', products: [{ mpn: p.mpn, quantity: -1, subscriptionId: d.id }] });
    expect(ctx.sandbox.state.detail('1000800')!.products![0]!.quantity).toBe(p.quantity! - 1);
    expect((await order({ type: 'change', customerId: d.customerId, subscriptionId: d.id, products: [{ mpn: p.mpn, quantity: -1000 }] })).status).toBe(400);
    expect((await order({ type: 'change', customerId: d.customerId, subscriptionId: d.id, products: [{ mpn: p.mpn, quantity: 1.5 }] })).status).toBe(400);
    expect((await order({ type: 'change', customerId: d.customerId, products: [{ mpn: p.mpn, quantity: 1 }] })).status).toBe(400);
    expect((await order({ customerId: d.customerId, subscriptionId: d.id, products: [{ mpn: p.mpn, quantity: 1 }] })).status).toBe(400);
    expect((await order({ type: 'cancellation', customerId: d.customerId, subscriptionId: d.id })).status).toBe(200);
    expect(ctx.sandbox.state.detail('1000800')!.status).toBe('terminated');
    const again = await order({ type: 'change', customerId: d.customerId, subscriptionId: d.id, products: [{ mpn: p.mpn, quantity: 1 }] });
    expect(again.status).toBe(400);
    expect(((await again.json()) as { error: string }).error).toMatch(/terminated/);
  });

  it('is driven through /_control: faults, counts, stats', async () => {
    ctx = await startSandbox({ clock: manualClock('2026-11-20T10:00:00Z') });
    const t = await token(ctx.baseUrl);
    const control = (p: string, body?: unknown) =>
      fetch(`${ctx!.baseUrl}/_control/${p}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const get = (p: string) => fetch(`${ctx!.baseUrl}${p}`, { headers: { 'X-Subscription-Key': 'demo-key', Authorization: `Bearer ${t}` } });
    expect((await control('faults', { route: 'GET /subscriptions/{id}', status: 429, retryAfterSeconds: 7 })).status).toBe(200);
    const throttled = await get('/subscriptions/1000800');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('7');
    const mpn = ctx.sandbox.state.detail('1000800')!.products![0]!.mpn!;
    expect((await control('counts', { subscriptionId: '1000800', product: mpn, quantity: 77 })).status).toBe(200);
    const detail = (await (await get('/subscriptions/1000800')).json()) as { products: { mpn: string; quantity: number }[]; lastModifiedDate: string };
    expect(detail.products.find((x) => x.mpn === mpn)!.quantity).toBe(77);
    expect(detail.lastModifiedDate).toBe('2026-11-20');
    expect((await control('faults', { route: 'x', bogus: 1 })).status).toBe(400);
    const stats = (await (await fetch(`${ctx.baseUrl}/_control/stats`)).json()) as { total: number; byRoute: Record<string, number> };
    expect(stats.byRoute).toEqual({ 'POST /token': 1, 'GET /subscriptions/{id}': 2 });
  });

  it('works mounted under a prefix, as the lead mounts it, for the client too', async () => {
    ctx = await startSandbox({}, (app) => new Hono().route('/sandbox/marketplace', app));
    const sandbox = ctx.sandbox;
    const client = createMarketplaceClient({ ...ctx.connection, baseUrl: `${ctx.baseUrl}/sandbox/marketplace/` });
    expect((await client.getSubscription('1000800')).id).toBe('1000800');
    sandbox.stats.reset();
    const host = new Hono().route('/sandbox/marketplace', sandbox.app);
    const res = await host.request('/sandbox/marketplace/subscriptions?limit=2', { headers: { 'X-Subscription-Key': 'demo-key' } });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { path: string }).path).toBe('/sandbox/marketplace/subscriptions');
    expect(sandbox.stats.byRoute['GET /subscriptions']).toBe(1);
  });
});
