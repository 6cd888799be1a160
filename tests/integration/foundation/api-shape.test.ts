import { describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.js';
import { createTestServices } from '../../helpers/services.js';
import { seedTwoTenants, signIn } from '../../helpers/tenants.js';

async function setup() {
  const ctx = await createTestServices();
  await seedTwoTenants(ctx.services);
  const app = createApp(ctx.services);
  return { ...ctx, app, admin: await signIn(app, 'admin@a.example') };
}

type ErrorBody = { error: { code: string; message: string; requestId: string } };

describe('HTTP API shape', () => {
  it('health names the dialect and migration', async () => {
    const { app } = await setup();
    const body = (await (await app.request('/healthz')).json()) as { database: { dialect: string; migration: string } };
    expect(body.database.dialect).toBe('sqlite');
    expect(body.database.migration).toMatch(/^\d{14}_/);
  });

  it('every error has one shape with the request id of its response', async () => {
    const { app } = await setup();
    const res = await app.request('/api/nothing-here', { headers: { 'x-request-id': 'test-request-0001' } });
    expect(res.status).toBe(404);
    const body = (await res.json()) as ErrorBody;
    expect(body.error).toMatchObject({ code: 'not_found', requestId: 'test-request-0001' });
    expect(res.headers.get('x-request-id')).toBe('test-request-0001');
  });

  it('malformed JSON, wrong types, unknown fields and oversized bodies get a 4xx naming the problem, nothing written', async () => {
    const { admin, store } = await setup();
    const raw = await admin.request('PUT', '/api/connections/autotask', undefined, { 'content-type': 'application/json' });
    expect(raw.status).toBe(400);
    const bad = await admin.request('PUT', '/api/connections/autotask', undefined, { 'content-type': 'application/json' }).then(() =>
      admin.request('PUT', '/api/connections/marketplace', { baseUrl: 'not a url', marketplace: 7, subscriptionKey: 'k', apiUser: 'u', password: 'p' }),
    );
    expect(bad.status).toBe(422);
    const msg = ((await bad.json()) as ErrorBody).error.message;
    expect(msg).toMatch(/baseUrl/);
    expect(msg).toMatch(/marketplace/);
    const unknown = await admin.request('PUT', '/api/connections/autotask', { apiUser: 'u', secret: 's', integrationCode: 'i', colour: 'red' });
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()) as ErrorBody).error.message).toMatch(/unknown field.*"colour"/);
    const huge = await admin.request('PUT', '/api/connections/autotask', { apiUser: 'u'.repeat(300_000), secret: 's', integrationCode: 'i' });
    expect(huge.status).toBe(413);
    const notJson = await admin.request('PUT', '/api/connections/autotask', undefined, { 'content-type': 'text/plain' });
    expect(notJson.status).toBe(415);
    expect(await store.db.select().from(store.t.connections)).toHaveLength(0);
  });
});

describe('connections', () => {
  it('stores secrets encrypted, returns them masked, and keeps an omitted secret', async () => {
    const { admin, store } = await setup();
    const body = { baseUrl: 'https://api.example.com/marketplace', marketplace: 'us', subscriptionKey: 'sub-key-123456', apiUser: 'reseller-api', password: 'pa55word-xyz' };
    const put = await admin.request('PUT', '/api/connections/marketplace', body);
    expect(put.status).toBe(200);
    const view = await put.json();
    expect(view).toMatchObject({ configured: true, settings: { baseUrl: body.baseUrl, marketplace: 'us' }, secrets: { subscriptionKey: { set: true }, apiUser: { set: true }, password: { set: true } } });
    expect(JSON.stringify(view)).not.toMatch(/sub-key-123456|pa55word-xyz|reseller-api/);
    // Change a setting without resending secrets: they are kept.
    const again = await admin.request('PUT', '/api/connections/marketplace', { baseUrl: 'https://api2.example.com/', marketplace: 'uk' });
    expect(again.status).toBe(200);
    const rows = await store.db.select().from(store.t.connections);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.secretsBox).not.toContain('pa55word');
    // A first save that lacks a secret names it.
    const missing = await admin.request('PUT', '/api/connections/connectwise', { site: 'na.myconnectwise.net', companyId: 'acme', clientId: 'c', publicKey: 'pub' });
    expect(missing.status).toBe(422);
    expect(((await missing.json()) as ErrorBody).error.message).toMatch(/privateKey/);
  });

  it('an unknown connection kind is a 404', async () => {
    const { admin } = await setup();
    expect((await admin.request('GET', '/api/connections/salesforce')).status).toBe(404);
  });
});
