/**
 * Connection choices through the HTTP API: Autotask SOAP is legacy (REST is the only choice for a connection
 * not already on SOAP), and ConnectWise's posting style is a per-tenant setting (issue 12, items 7 and 2).
 */
import { eq } from 'drizzle-orm';
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
const autotask = { apiUser: 'api@example.com', secret: 's3cret', integrationCode: 'CODE' };

describe('Autotask SOAP is legacy', () => {
  it('a new connection on SOAP is refused with a 400 naming REST, and nothing is written', async () => {
    const { admin, store } = await setup();
    const res = await admin.request('PUT', '/api/connections/autotask', { ...autotask, transport: 'soap' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/SOAP.*REST/) });
    expect(body.error.requestId).toBeTruthy();
    expect(await store.db.select().from(store.t.connections)).toHaveLength(0);
  });

  it('REST is the default; a REST connection cannot move to SOAP; one already on SOAP keeps it', async () => {
    const { admin, store } = await setup();
    const rest = await admin.request('PUT', '/api/connections/autotask', autotask);
    expect(rest.status).toBe(200);
    expect(((await admin.request('PUT', '/api/connections/autotask', { transport: 'soap' })).status)).toBe(400);
    // A tenant set up on SOAP before it became legacy keeps saving it.
    const [row] = await store.db.select().from(store.t.connections);
    await store.db.update(store.t.connections).set({ settingsJson: JSON.stringify({ transport: 'soap' }) }).where(eq(store.t.connections.tenantId, row!.tenantId));
    const kept = await admin.request('PUT', '/api/connections/autotask', { transport: 'soap' });
    expect(kept.status).toBe(200);
    expect(await kept.json()).toMatchObject({ settings: { transport: 'soap' } });
  });
});

describe('ConnectWise posting style', () => {
  const cw = { site: 'na.myconnectwise.net', companyId: 'acme', clientId: 'c', publicKey: 'pub', privateKey: 'priv' };
  it('is saved per tenant (replace or delta) and anything else is a 4xx that writes nothing', async () => {
    const { admin, store } = await setup();
    const bad = await admin.request('PUT', '/api/connections/connectwise', { ...cw, additionStyle: 'sideways' });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as ErrorBody).error.message).toMatch(/additionStyle/);
    expect(await store.db.select().from(store.t.connections)).toHaveLength(0);
    const ok = await admin.request('PUT', '/api/connections/connectwise', { ...cw, additionStyle: 'delta' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ settings: { additionStyle: 'delta' } });
    const back = await admin.request('PUT', '/api/connections/connectwise', { ...cw, additionStyle: 'replace' });
    expect(await back.json()).toMatchObject({ settings: { additionStyle: 'replace' } });
  });

  it('a new connection posts replace unless it says otherwise, and saving it again without a style keeps the stored one', async () => {
    const { admin, store } = await setup();
    const made = await admin.request('PUT', '/api/connections/connectwise', cw);
    expect(made.status).toBe(200);
    expect(await made.json()).toMatchObject({ settings: { additionStyle: 'replace' } });
    const [row] = await store.db.select().from(store.t.connections);
    expect(JSON.parse(row!.settingsJson)).toMatchObject({ additionStyle: 'replace' });
    await admin.request('PUT', '/api/connections/connectwise', { ...cw, additionStyle: 'delta' });
    const kept = await admin.request('PUT', '/api/connections/connectwise', { ...cw, companyId: 'acme2' });
    expect(await kept.json()).toMatchObject({ settings: { companyId: 'acme2', additionStyle: 'delta' } });
  });

  it('a connection stored before replace was the default (no style) keeps posting delta, and says so', async () => {
    const { admin, store } = await setup();
    await admin.request('PUT', '/api/connections/connectwise', cw);
    const [row] = await store.db.select().from(store.t.connections);
    await store.db.update(store.t.connections).set({ settingsJson: JSON.stringify({ site: cw.site, companyId: cw.companyId, clientId: cw.clientId }) }).where(eq(store.t.connections.tenantId, row!.tenantId));
    const shown = await admin.request('GET', '/api/connections/connectwise');
    expect(await shown.json()).toMatchObject({ settings: { additionStyle: 'delta' } });
    const saved = await admin.request('PUT', '/api/connections/connectwise', { ...cw, companyId: 'acme2' });
    expect(await saved.json()).toMatchObject({ settings: { additionStyle: 'delta' } });
  });
});
