import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.js';
import { createTestServices } from '../../helpers/services.js';
import { PASSWORD, seedTwoTenants, signIn } from '../../helpers/tenants.js';

async function setup() {
  const ctx = await createTestServices();
  await seedTwoTenants(ctx.services);
  return { ...ctx, app: createApp(ctx.services) };
}
const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

describe('sign-in, session and sign-out', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    s = await setup();
  });

  it('signs in with the e-mail as username and opens a cookie session', async () => {
    const res = await s.app.request('/api/auth/login', json({ email: 'Admin@A.example ', password: PASSWORD }));
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^sid=/);
    expect(cookie).toMatch(/HttpOnly/i);
    const body = (await res.json()) as { user: { email: string; role: string }; tenant: { name: string; licenceKeyMasked: string }; csrfToken: string };
    expect(body.user).toMatchObject({ email: 'admin@a.example', role: 'admin' });
    expect(body.tenant.name).toBe('MSP A');
    expect(body.tenant.licenceKeyMasked).toBe('LIC-*-****-5678');
    const me = await s.app.request('/api/me', { headers: { cookie: cookie.split(';')[0]! } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { csrfToken: string }).csrfToken).toBe(body.csrfToken);
  });

  it('answers a wrong password and an unknown user alike', async () => {
    const a = await s.app.request('/api/auth/login', json({ email: 'admin@a.example', password: 'nope' }));
    const b = await s.app.request('/api/auth/login', json({ email: 'ghost@a.example', password: 'nope' }));
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect(((await a.json()) as { error: { message: string } }).error.message).toBe(((await b.json()) as { error: { message: string } }).error.message);
  });

  it('throttles an account after five failures, even with the right password', async () => {
    for (let i = 0; i < 5; i++) await s.app.request('/api/auth/login', json({ email: 'admin@a.example', password: 'wrong' }));
    const res = await s.app.request('/api/auth/login', json({ email: 'admin@a.example', password: PASSWORD }));
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    s.clock.advance(16 * 60_000);
    expect((await s.app.request('/api/auth/login', json({ email: 'admin@a.example', password: PASSWORD }))).status).toBe(200);
  });

  it('throttles an address that tries many accounts', async () => {
    const from = { 'x-test-address': '203.0.113.9' };
    for (let i = 0; i < 20; i++) await s.app.request('/api/auth/login', json({ email: `u${i}@a.example`, password: 'x' }, from));
    expect((await s.app.request('/api/auth/login', json({ email: 'admin@b.example', password: PASSWORD }, from))).status).toBe(429);
    // Another address is not affected.
    expect((await s.app.request('/api/auth/login', json({ email: 'admin@b.example', password: PASSWORD }))).status).toBe(200);
  });

  it('signs out: the cookie no longer opens a session', async () => {
    const agent = await signIn(s.app, 'admin@a.example');
    expect((await agent.request('POST', '/api/auth/logout')).status).toBe(204);
    expect((await agent.request('GET', '/api/me')).status).toBe(401);
  });

  it('expires sessions after 12 hours', async () => {
    const agent = await signIn(s.app, 'admin@a.example');
    s.clock.advance(12 * 3600_000 + 1000);
    expect((await agent.request('GET', '/api/me')).status).toBe(401);
  });
});

describe('CSRF', () => {
  it('refuses a state-changing request without the session token, accepts it with', async () => {
    const s = await setup();
    const agent = await signIn(s.app, 'admin@a.example');
    const body = { baseUrl: 'https://api.example.com/marketplace', marketplace: 'us', subscriptionKey: 'k', apiUser: 'u', password: 'p' };
    const without = await agent.request('PUT', '/api/connections/marketplace', body, { 'x-csrf-token': '' });
    expect(without.status).toBe(403);
    expect(((await without.json()) as { error: { code: string } }).error.code).toBe('csrf_failed');
    const wrong = await agent.request('PUT', '/api/connections/marketplace', body, { 'x-csrf-token': 'x'.repeat(43) });
    expect(wrong.status).toBe(403);
    expect((await agent.request('PUT', '/api/connections/marketplace', body)).status).toBe(200);
  });
});

describe('forgot and reset password', () => {
  it('mails a single-use link valid for 30 minutes, kept in the outbox without SMTP', async () => {
    const s = await setup();
    const res = await s.app.request('/api/auth/forgot', json({ email: 'viewer@a.example' }));
    expect(res.status).toBe(202);
    const admin = await signIn(s.app, 'admin@a.example');
    const outbox = (await (await admin.request('GET', '/api/outbox')).json()) as { messages: { to: string; body: string }[] };
    expect(outbox.messages).toHaveLength(1);
    expect(outbox.messages[0]!.to).toBe('viewer@a.example');
    const token = decodeURIComponent(/token=([^\s]+)/.exec(outbox.messages[0]!.body)![1]!);
    // The token is stored hashed only.
    const rows = await s.store.db.select().from(s.store.t.passwordResets);
    expect(JSON.stringify(rows)).not.toContain(token);

    const viewer = await signIn(s.app, 'viewer@a.example');
    expect((await s.app.request('/api/auth/reset', json({ token, password: 'short' }))).status).toBe(422);
    expect((await s.app.request('/api/auth/reset', json({ token, password: 'a brand new password' }))).status).toBe(204);
    expect((await viewer.request('GET', '/api/me')).status).toBe(401); // sessions ended by the reset
    expect((await s.app.request('/api/auth/reset', json({ token, password: 'another new password' }))).status).toBe(400);
    await signIn(s.app, 'viewer@a.example', 'a brand new password');
  });

  it('refuses an expired token and answers the same for unknown addresses', async () => {
    const s = await setup();
    expect((await s.app.request('/api/auth/forgot', json({ email: 'nobody@a.example' }))).status).toBe(202);
    await s.app.request('/api/auth/forgot', json({ email: 'admin@b.example' }));
    const rows = await s.store.db.select().from(s.store.t.outbox);
    expect(rows).toHaveLength(1);
    const token = decodeURIComponent(/token=([^\s]+)/.exec(rows[0]!.body)![1]!);
    s.clock.advance(31 * 60_000);
    expect((await s.app.request('/api/auth/reset', json({ token, password: 'a brand new password' }))).status).toBe(400);
  });
});
