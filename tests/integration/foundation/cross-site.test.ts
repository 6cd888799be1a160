/**
 * Cross-site writes: JSON routes take `application/json` only (a browser sends `text/plain; application/json`
 * cross-site without a preflight), and a state-changing request from a browser must come from this site's
 * origin (PUBLIC_URL): Origin, or Sec-Fetch-Site when Origin is absent. Clients that send neither
 * (scripts, other servers) keep working.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.js';
import { originAllowed } from '../../../server/http/origin.js';
import { createTestServices } from '../../helpers/services.js';
import { PASSWORD, seedTwoTenants, signIn } from '../../helpers/tenants.js';

async function setup() {
  const ctx = await createTestServices();
  await seedTwoTenants(ctx.services);
  return { ...ctx, app: createApp(ctx.services) };
}
const SITE = 'http://127.0.0.1:8787';
const login = (headers: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify({ email: 'admin@a.example', password: PASSWORD }),
});
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

describe('JSON bodies are application/json only', () => {
  it('refuses text/plain and look-alikes with 415, accepts parameters and any case', async () => {
    const s = await setup();
    for (const type of ['text/plain; application/json', 'text/plain;charset=UTF-8', 'application/jsonx', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=application/json']) {
      const res = await s.app.request('/api/auth/login', login({ 'content-type': type }));
      expect(res.status, type).toBe(415);
      expect(await errorOf(res)).toMatchObject({ code: 'unsupported_media_type', message: expect.stringMatching(/application\/json/) });
    }
    for (const type of ['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset="utf-8"']) {
      expect((await s.app.request('/api/auth/login', login({ 'content-type': type }))).status, type).toBe(200);
    }
    const admin = await signIn(s.app, 'admin@a.example');
    const put = await admin.request('PUT', '/api/connections/marketplace', { baseUrl: 'https://x.example/', marketplace: 'us', subscriptionKey: 'k', apiUser: 'u', password: 'p' }, { 'content-type': 'text/plain; application/json' });
    expect(put.status).toBe(415);
    expect(await s.store.db.select().from(s.store.t.connections)).toEqual([]);
  });
});

describe('state-changing requests come from this site', () => {
  it('refuses another Origin (or "null") with 403 and writes nothing; this site and non-browser clients pass', async () => {
    const s = await setup();
    for (const origin of ['https://evil.example', 'null', 'http://127.0.0.1:8788', 'https://127.0.0.1:8787']) {
      const res = await s.app.request('/api/auth/login', login({ origin }));
      expect(res.status, origin).toBe(403);
      expect(await errorOf(res)).toMatchObject({ code: 'cross_site', message: expect.stringContaining('Cross-site') });
    }
    expect(await s.store.db.select().from(s.store.t.sessions)).toEqual([]);
    expect((await s.app.request('/api/auth/login', login({ origin: SITE }))).status).toBe(200);
    expect((await s.app.request('/api/auth/login', login({}))).status).toBe(200);
  });

  it('takes the origin the request was addressed to as this site too (127.0.0.1 and localhost both serve the demo)', async () => {
    const s = await setup();
    const res = await s.app.request('http://localhost:8787/api/auth/login', login({ origin: 'http://localhost:8787' }));
    expect(res.status).toBe(200);
    // Another port on that host is another site.
    expect((await s.app.request('http://localhost:8787/api/auth/login', login({ origin: 'http://localhost:8788' }))).status).toBe(403);
  });

  it('uses Sec-Fetch-Site when there is no Origin', async () => {
    const s = await setup();
    expect((await s.app.request('/api/auth/login', login({ 'sec-fetch-site': 'cross-site' }))).status).toBe(403);
    expect((await s.app.request('/api/auth/login', login({ 'sec-fetch-site': 'same-site' }))).status).toBe(403);
    expect((await s.app.request('/api/auth/login', login({ 'sec-fetch-site': 'same-origin' }))).status).toBe(200);
  });

  it('checks signed-in writes too, not reads', async () => {
    const s = await setup();
    const admin = await signIn(s.app, 'admin@a.example');
    const evil = { origin: 'https://evil.example' };
    expect((await admin.request('POST', '/api/auth/logout', undefined, evil)).status).toBe(403);
    expect((await admin.request('GET', '/api/me', undefined, evil)).status).toBe(200);
    expect((await admin.request('POST', '/api/sync', {}, evil)).status).toBe(403);
    expect(await s.store.db.select().from(s.store.t.syncRuns)).toEqual([]);
  });

  it('the allowed-origin check takes extra origins (framed use by a control panel or PSA)', () => {
    expect(originAllowed('http://127.0.0.1:8787', SITE)).toBe(true);
    expect(originAllowed('http://127.0.0.1:8787', `${SITE}/`)).toBe(true);
    expect(originAllowed('https://panel.example', SITE)).toBe(false);
    expect(originAllowed('https://panel.example', SITE, ['https://panel.example/'])).toBe(true);
    expect(originAllowed('https://panel.example.evil', SITE, ['https://panel.example'])).toBe(false);
    expect(originAllowed('null', SITE, ['null'])).toBe(false);
    expect(originAllowed('not a url', SITE)).toBe(false);
  });
});
