/**
 * frame-ancestors per tenant (issue 11 §7): signed-in screens may be framed by the tenant's own panel and
 * ConnectWise site only; sign-in pages and screens without a session by nobody; another tenant's
 * panel never.
 */
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.js';
import { saveConnection } from '../../../server/connections/repo.js';
import { createWidgetsApp } from '../../../server/routes/widgets.js';
import { createTestServices } from '../../helpers/services.js';
import { seedTwoTenants, signIn } from '../../helpers/tenants.js';

const bundle = { entry: 'app.js', css: 'app.css', files: new Map(), inputs: {}, screens: {} };
const ancestors = (res: Response) => /frame-ancestors ([^;]+)/.exec(res.headers.get('content-security-policy') ?? '')?.[1]?.split(' ') ?? [];

describe('frame-ancestors', () => {
  let s: Awaited<ReturnType<typeof createTestServices>> & { app: ReturnType<typeof createApp> };
  beforeEach(async () => {
    const ctx = await createTestServices();
    await seedTwoTenants(ctx.services);
    const { db, t } = ctx.store;
    await db.update(t.tenants).set({ frameOrigins: JSON.stringify(['https://panel.a-cloud.example', 'https://ww5.autotask.net']) }).where(eq(t.tenants.id, 'tenant-A'));
    await db.update(t.tenants).set({ frameOrigins: JSON.stringify(['https://panel.b-cloud.example']) }).where(eq(t.tenants.id, 'tenant-B'));
    await saveConnection(ctx.store, ctx.services.secrets, 'tenant-A', 'connectwise', { site: 'eu.myconnectwise.net', companyId: 'a', clientId: 'c' }, { publicKey: 'p', privateKey: 'k' }, ctx.clock.now());
    s = { ...ctx, app: createApp(ctx.services, { widgets: createWidgetsApp({ bundle }) }) };
  });

  it("lets only tenant A's panel, Autotask host and ConnectWise site frame A's screens", async () => {
    const a = await signIn(s.app, 'admin@a.example');
    for (const path of ['/', '/billing', '/reports/unlinked']) {
      const res = await s.app.request(path, { headers: { cookie: a.cookie } });
      expect(res.status).toBe(200);
      expect(ancestors(res).sort()).toEqual(["'self'", 'https://eu.myconnectwise.net', 'https://panel.a-cloud.example', 'https://ww5.autotask.net'].sort());
      expect(ancestors(res)).not.toContain('https://panel.b-cloud.example');
    }
    const b = await signIn(s.app, 'admin@b.example');
    expect(ancestors(await s.app.request('/billing', { headers: { cookie: b.cookie } }))).toEqual(["'self'", 'https://panel.b-cloud.example']);
  });

  it('refuses framing of sign-in pages, of screens without a session, and of assets', async () => {
    const a = await signIn(s.app, 'admin@a.example');
    for (const path of ['/login', '/forgot-password', '/reset']) expect(ancestors(await s.app.request(path, { headers: { cookie: a.cookie } }))).toEqual(["'none'"]);
    expect(ancestors(await s.app.request('/billing'))).toEqual(["'none'"]);
    expect(ancestors(await s.app.request('/assets/favicon.svg'))).toEqual(["'none'"]);
  });
});

describe('origins of the app itself (hook for the origin check of writes)', () => {
  it('is the public origin, plus the other loopback name in demo mode only', async () => {
    const { appRequestOrigins } = await import('../../../server/embed/request-origins.js');
    const config = (demoMode: boolean, publicUrl: string) => ({ config: { demoMode, publicUrl } as never });
    expect(appRequestOrigins(config(true, 'http://127.0.0.1:8787'))).toEqual(['http://127.0.0.1:8787', 'http://localhost:8787']);
    expect(appRequestOrigins(config(false, 'https://billing.example.com'))).toEqual(['https://billing.example.com']);
    expect(appRequestOrigins(config(false, 'http://127.0.0.1:8787'))).toEqual(['http://127.0.0.1:8787']);
  });
});
