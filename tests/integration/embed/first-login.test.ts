/**
 * A provisioned admin's first standalone sign-in (guide "First Login": the admin contact's e-mail and the
 * gateway password): no session until a new password is set; afterwards the default no longer works.
 */
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.js';
import { createTestServices } from '../../helpers/services.js';
import { seedTwoTenants } from '../../helpers/tenants.js';

const post = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('first sign-in with the provisioning default', () => {
  let s: Awaited<ReturnType<typeof createTestServices>> & { app: ReturnType<typeof createApp> };
  beforeEach(async () => {
    const ctx = await createTestServices();
    await seedTwoTenants(ctx.services);
    const hash = await ctx.services.passwords.hash('gateway-pass-42');
    await ctx.store.db.update(ctx.store.t.users).set({ passwordHash: hash, mustChangePassword: 1 }).where(eq(ctx.store.t.users.id, 'admin-A'));
    s = { ...ctx, app: createApp(ctx.services) };
  });
  const sessions = async () => (await s.store.db.select().from(s.store.t.sessions)).length;

  it('refuses to sign in with the default until a new password is set, then signs in with the new one only', async () => {
    const login = await s.app.request('/api/auth/login', post({ email: 'admin@a.example', password: 'gateway-pass-42' }));
    expect(login.status).toBe(403);
    expect(((await login.json()) as { error: { code: string } }).error.code).toBe('password_change_required');
    expect(login.headers.get('set-cookie')).toBeNull();
    expect(await sessions()).toBe(0);

    const wrong = await s.app.request('/api/auth/first-password', post({ email: 'admin@a.example', password: 'guess-guess', newPassword: 'my own password 1' }));
    expect(wrong.status).toBe(401);
    const same = await s.app.request('/api/auth/first-password', post({ email: 'admin@a.example', password: 'gateway-pass-42', newPassword: 'gateway-pass-42' }));
    expect(same.status).toBe(422);
    expect(await sessions()).toBe(0);

    const set = await s.app.request('/api/auth/first-password', post({ email: 'admin@a.example', password: 'gateway-pass-42', newPassword: 'my own password 1' }));
    expect(set.status).toBe(200);
    expect(set.headers.get('set-cookie')).toMatch(/^sid=/);
    expect(await sessions()).toBe(1);

    expect((await s.app.request('/api/auth/login', post({ email: 'admin@a.example', password: 'gateway-pass-42' }))).status).toBe(401);
    expect((await s.app.request('/api/auth/login', post({ email: 'admin@a.example', password: 'my own password 1' }))).status).toBe(200);
    const again = await s.app.request('/api/auth/first-password', post({ email: 'admin@a.example', password: 'my own password 1', newPassword: 'another one 123' }));
    expect(again.status).toBe(409);
  });

  it('keeps ordinary users signing in as before', async () => {
    expect((await s.app.request('/api/auth/login', post({ email: 'admin@b.example', password: 'correct horse battery' }))).status).toBe(200);
  });
});
