/**
 * GET /launch (issue 11 §3): a valid token opens an iframe-capable session on the target screen and
 * updates the Marketplace connection from its encrypted gateway part; every forged, foreign, expired,
 * mis-addressed or replayed token is refused and opens no session and writes no row.
 */
import { CompactEncrypt, SignJWT, UnsecuredJWT } from 'jose';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.js';
import { issueLaunchToken, launchAudience, LAUNCH_ISSUER } from '../../../server/auth/launch.js';
import { storedSecrets } from '../../../server/connections/repo.js';
import { createTestServices } from '../../helpers/services.js';
import { seedTwoTenants } from '../../helpers/tenants.js';

async function setup(secureCookies = true) {
  const ctx = await createTestServices();
  ctx.services.config.secureCookies = secureCookies;
  await seedTwoTenants(ctx.services);
  return { ...ctx, app: createApp(ctx.services) };
}
type Setup = Awaited<ReturnType<typeof setup>>;

async function counts(s: Setup) {
  const { db, t } = s.store;
  return {
    sessions: (await db.select().from(t.sessions)).length,
    jtis: (await db.select().from(t.usedLaunchTokens)).length,
    connections: (await db.select().from(t.connections)).length,
  };
}

/** A token with our claims but signed however the test says. */
async function craft(s: Setup, opts: { key?: Uint8Array; alg?: string; aud?: string; iat?: number; exp?: number; jti?: string } = {}) {
  const now = Math.floor(s.clock.now().getTime() / 1000);
  const key = opts.key ?? (await s.services.secrets.deriveKey!('launch-sign'));
  return new SignJWT({ tid: 'tenant-A', scr: '/billing' })
    .setProtectedHeader({ alg: opts.alg ?? 'HS256' })
    .setIssuer(LAUNCH_ISSUER)
    .setAudience(opts.aud ?? launchAudience(s.services.config.publicUrl))
    .setSubject('admin-A')
    .setJti(opts.jti ?? 'jti-crafted-0123456789')
    .setIssuedAt(opts.iat ?? now)
    .setExpirationTime(opts.exp ?? now + 30)
    .sign(key);
}

const launch = (s: Setup, token: string) => s.app.request(`/launch?token=${encodeURIComponent(token)}`);

describe('GET /launch', () => {
  let s: Setup;
  beforeEach(async () => {
    s = await setup();
  });

  it('opens a third-party-iframe session on the target screen and updates the gateway connection', async () => {
    const token = await issueLaunchToken(s.services, {
      tenantId: 'tenant-A',
      userId: 'admin-A',
      screen: '/reports/unlinked',
      gateway: { apiUser: 'gw-user@a.example', password: 'gw-pass-1', baseUrl: 'https://api.cloud.im/marketplace', marketplace: 'us', subscriptionKey: 'sk-1' },
    });
    // The gateway password is encrypted inside the signed token, not readable from the URL.
    expect(Buffer.from(token.split('.')[1]!, 'base64url').toString()).not.toContain('gw-pass-1');
    const res = await launch(s, token);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/reports/unlinked');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^sid=/);
    expect(cookie).toMatch(/SameSite=None/i);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/Partitioned/);
    const me = await s.app.request('/api/me', { headers: { cookie: cookie.split(';')[0]! } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe('admin@a.example');
    const secrets = await storedSecrets(s.store, s.services.secrets, 'tenant-A', 'marketplace');
    expect(secrets).toMatchObject({ apiUser: 'gw-user@a.example', password: 'gw-pass-1', subscriptionKey: 'sk-1' });
    expect(await counts(s)).toEqual({ sessions: 1, jtis: 1, connections: 1 });
  });

  it('refuses a replayed jti: the second arrival opens no session and writes no row', async () => {
    const token = await issueLaunchToken(s.services, { tenantId: 'tenant-A', userId: 'admin-A', screen: '/' });
    expect((await launch(s, token)).status).toBe(303);
    const before = await counts(s);
    const again = await launch(s, token);
    expect(again.status).toBe(401);
    expect(again.headers.get('set-cookie')).toBeNull();
    expect(((await again.json()) as { error: { message: string } }).error.message).toMatch(/already used/);
    expect(await counts(s)).toEqual(before);
  });

  const refused: [string, (s: Setup) => Promise<string>][] = [
    [
      'a forged signature (payload changed after signing)',
      async (s) => {
        const [h, , sig] = (await issueLaunchToken(s.services, { tenantId: 'tenant-A', userId: 'admin-A', screen: '/' })).split('.');
        const body = Buffer.from(JSON.stringify({ tid: 'tenant-B', sub: 'admin-B', scr: '/', iss: LAUNCH_ISSUER, aud: launchAudience(s.services.config.publicUrl), jti: 'x'.repeat(24), iat: 1, exp: 9e9 })).toString('base64url');
        return `${h}.${body}.${sig}`;
      },
    ],
    [
      'alg: none',
      async (s) => {
        const now = Math.floor(s.clock.now().getTime() / 1000);
        return new UnsecuredJWT({ tid: 'tenant-A', scr: '/' }).setIssuer(LAUNCH_ISSUER).setAudience(launchAudience(s.services.config.publicUrl)).setSubject('admin-A').setJti('none-jti-0123456789').setIssuedAt(now).setExpirationTime(now + 30).encode();
      },
    ],
    ['another key', (s) => craft(s, { key: new Uint8Array(32).fill(7) })],
    ['an algorithm outside the allow-list (HS512 with our key)', async (s) => craft(s, { alg: 'HS512', key: new Uint8Array([...(await s.services.secrets.deriveKey!('launch-sign')), ...new Uint8Array(32)]) })],
    [
      'an expired token',
      async (s) => {
        const t = await issueLaunchToken(s.services, { tenantId: 'tenant-A', userId: 'admin-A', screen: '/' });
        s.clock.advance(61_000);
        return t;
      },
    ],
    ['a lifetime over 60 s', async (s) => craft(s, { exp: Math.floor(s.clock.now().getTime() / 1000) + 600 })],
    ['the wrong audience', (s) => craft(s, { aud: 'https://elsewhere.example/launch' })],
    [
      'a gateway part encrypted with another key',
      async (s) => {
        const now = Math.floor(s.clock.now().getTime() / 1000);
        const gw = await new CompactEncrypt(new TextEncoder().encode('{"apiUser":"x","password":"y"}')).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).encrypt(new Uint8Array(32).fill(1));
        return new SignJWT({ tid: 'tenant-A', scr: '/', gw }).setProtectedHeader({ alg: 'HS256' }).setIssuer(LAUNCH_ISSUER).setAudience(launchAudience(s.services.config.publicUrl)).setSubject('admin-A').setJti('gw-jti-0123456789abc').setIssuedAt(now).setExpirationTime(now + 30).sign(await s.services.secrets.deriveKey!('launch-sign'));
      },
    ],
    ['garbage', async () => 'not.a.token'],
  ];
  for (const [name, make] of refused) {
    it(`refuses ${name}: 401, no session, no row`, async () => {
      const token = await make(s);
      const res = await launch(s, token);
      expect(res.status).toBe(401);
      expect(res.headers.get('set-cookie')).toBeNull();
      const body = (await res.json()) as { error: { code: string; requestId: string } };
      expect(body.error.code).toBe('unauthenticated');
      expect(await counts(s)).toEqual({ sessions: 0, jtis: 0, connections: 0 });
    });
  }

  it('refuses a target screen outside the app when issuing', async () => {
    await expect(issueLaunchToken(s.services, { tenantId: 'tenant-A', userId: 'admin-A', screen: '//evil.example/' })).rejects.toThrow(/not a launch screen/);
    await expect(issueLaunchToken(s.services, { tenantId: 'tenant-A', userId: 'admin-A', screen: 'https://evil.example/' })).rejects.toThrow();
  });

  it('refuses a user of another tenant, and a disabled tenant, without spending the jti', async () => {
    const cross = await issueLaunchToken(s.services, { tenantId: 'tenant-A', userId: 'admin-B', screen: '/' });
    expect((await launch(s, cross)).status).toBe(403);
    const { eq } = await import('drizzle-orm');
    await s.store.db.update(s.store.t.tenants).set({ status: 'disabled' }).where(eq(s.store.t.tenants.id, 'tenant-A'));
    const off = await issueLaunchToken(s.services, { tenantId: 'tenant-A', userId: 'admin-A', screen: '/' });
    expect((await launch(s, off)).status).toBe(403);
    expect(await counts(s)).toEqual({ sessions: 0, jtis: 0, connections: 0 });
  });

  it('answers 400 without a token', async () => {
    const res = await s.app.request('/launch');
    expect(res.status).toBe(400);
  });
});
