/** The client against the sandbox over real HTTP: token cache, paging, retries, errors kept verbatim. */
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../server/connector-error.js';
import { createMarketplaceClient, type ClientEvent, type ClientOptions } from '../../../server/marketplace/client.js';
import type { SandboxOptions } from '../../../server/sandboxes/marketplace/app.js';
import { manualClock, startSandbox } from './helpers.js';

let ctx: Awaited<ReturnType<typeof startSandbox>> | null = null;
afterEach(async () => {
  await ctx?.close();
  ctx = null;
});

async function setup(sandboxOpts: SandboxOptions = {}, clientOpts: ClientOptions = {}) {
  const clock = manualClock('2026-11-20T10:00:00Z');
  ctx = await startSandbox({ clock, ...sandboxOpts });
  const waits: number[] = [];
  const events: ClientEvent[] = [];
  // The injected sleep moves the shared clock instead of waiting, so Retry-After is honoured at once.
  const sleep = async (ms: number) => {
    waits.push(ms);
    clock.advance(ms);
  };
  const client = createMarketplaceClient(ctx.connection, { now: clock.now, sleep, random: () => 0.5, onEvent: (e) => events.push(e), ...clientOpts });
  return { client, clock, waits, events, sandbox: ctx.sandbox };
}

const caught = async (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (e: unknown) => e as ConnectorError);

describe('marketplace client', () => {
  it('caches the bearer token and renews it before it expires', async () => {
    const { client, clock, sandbox } = await setup({ tokenLifetimeSeconds: 100 });
    await client.getSubscription('1000800');
    await client.getSubscription('1000801');
    expect(sandbox.stats.byRoute['POST /token']).toBe(1);
    clock.advance(91_000); // within the renewal margin (10% of 100 s)
    await client.getSubscription('1000800');
    expect(sandbox.stats.byRoute['POST /token']).toBe(2);
  });

  it('pages through {data, pagination} with offset/limit and filters order types after reading', async () => {
    const { client, sandbox } = await setup({}, { pageSize: 5 });
    let n = 0;
    for await (const page of client.subscriptionPages()) n += page.items.length;
    expect(n).toBe(sandbox.state.data.subscriptionCount);
    expect(sandbox.stats.byRoute['GET /subscriptions']).toBe(Math.ceil(n / 5));
    const d = sandbox.state.detail('1000800')!;
    await client.placeOrder({ type: 'change', customerId: d.customerId, subscriptionId: d.id, products: [{ mpn: d.products![0]!.mpn, quantity: 1 }] });
    const changes = [];
    for await (const page of client.orderPages({ types: ['change'] })) changes.push(...page.items);
    expect(changes.map((o) => o.type)).toEqual(['change']);
  });

  it('honours Retry-After on 429 and backs off on 5xx', async () => {
    const { client, waits, sandbox, events } = await setup();
    sandbox.controls.inject({ route: 'GET /subscriptions/{id}', status: 429, retryAfterSeconds: 3 });
    sandbox.controls.inject({ route: 'GET /subscriptions/{id}', status: 503, times: 2 });
    const d = await client.getSubscription('1000800');
    expect(d.id).toBe('1000800');
    expect(waits).toEqual([3000, 750, 1500]); // Retry-After, then 1 s and 2 s steps at mid jitter
    expect(events.filter((e) => e.kind === 'retrying')).toHaveLength(3);
  });

  it('keeps the correlation id and the vendor text when it gives up', async () => {
    const { client, sandbox } = await setup({}, { maxAttempts: 2 });
    sandbox.controls.inject({ route: 'GET /subscriptions/{id}', status: 500, times: 2 });
    const e = await caught(client.getSubscription('1000800'));
    expect(e).toBeInstanceOf(ConnectorError);
    expect(e).toMatchObject({ kind: 'server', status: 500, retry: true, vendorMessage: 'Internal server error', system: 'marketplace' });
    expect(e.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    const notFound = await caught(client.getSubscription('424242'));
    expect(notFound).toMatchObject({ kind: 'not_found', status: 404, retry: false, vendorMessage: 'Subscription 424242 not found' });
    expect(notFound.correlationId).toBeTruthy();
  });

  it('retries a malformed body and a slow answer on reads, but never re-sends an order', async () => {
    const { client, sandbox, waits } = await setup({}, { timeoutMs: 1000, maxAttempts: 3 });
    sandbox.controls.inject({ route: 'GET /subscriptions', malformed: true });
    sandbox.controls.inject({ route: 'GET /subscriptions', delayMs: 2500 });
    const first = await client.subscriptionPages().next();
    expect(first.value!.items.length).toBeGreaterThan(0);
    expect(waits).toHaveLength(2);
    sandbox.controls.inject({ route: 'GET /subscriptions/{id}', malformed: true, times: 3 });
    expect(await caught(client.getSubscription('1000800'))).toMatchObject({ kind: 'malformed' });
    sandbox.controls.inject({ route: 'POST /orders', status: 502 });
    const d = sandbox.state.detail('1000800')!;
    const before = sandbox.stats.byRoute['POST /orders'] ?? 0;
    const e = await caught(client.placeOrder({ type: 'change', customerId: d.customerId, subscriptionId: d.id, products: [{ mpn: d.products![0]!.mpn, quantity: 1 }] }));
    expect(e).toMatchObject({ status: 502 });
    expect(sandbox.stats.byRoute['POST /orders']).toBe(before + 1);
  });

  it('waits out a spent request budget', async () => {
    const { client, waits, sandbox } = await setup({ budget: { requests: 3, perSeconds: 60 } });
    for (const id of ['1000800', '1000801', '1000802']) await client.getSubscription(id);
    expect(sandbox.stats.total).toBe(5); // token + 3 reads + the one turned away
    expect(waits).toEqual([60_000]);
  });

  it('renews a token the API refuses mid-way, once', async () => {
    const { client, sandbox, events } = await setup();
    await client.getSubscription('1000800');
    sandbox.controls.expireTokens();
    await client.getSubscription('1000801');
    expect(events).toContainEqual(expect.objectContaining({ kind: 'token-renewed' }));
    sandbox.controls.inject({ route: 'GET /subscriptions/{id}', expireTokens: true, times: 2 });
    expect(await caught(client.getSubscription('1000802'))).toMatchObject({ kind: 'auth', status: 401 });
  });
});
