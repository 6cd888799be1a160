/**
 * Demo mode's stand-in hosts under /demo-hosts (README "Embedded, in demo mode"): an ODIN control panel
 * that provisions a customer through the stand-in APS controller (mutual TLS, server/embed/demo-hosts/
 * controller.ts) and launches the app in its iframe, a ConnectWise agreement screen hosting the pod,
 * an Autotask contract page loading the Insight. Each page frames the app under the other loopback
 * name, so the browser treats the embedding as cross-site, as in production.
 */
import { Hono, type Context } from 'hono';
import { createApp } from '../../app.js';
import { saveConnection } from '../../connections/repo.js';
import { DEMO_TENANTS, demoConnections } from '../../demo/seed.js';
import type { Services } from '../../services.js';
import { rotateInsightSecret, signInsight } from '../insight.js';
import { startDemoController, type DemoController } from './controller.js';
import { AUTOTASK_HTML, AUTOTASK_JS, CONNECTWISE_HTML, CONNECTWISE_JS, HOSTS_CSS, PANEL_HTML, PANEL_JS } from './pages.js';

/** 127.0.0.1 <-> localhost, same port: the app as seen from a host page on the other name. */
export function otherOrigin(url: string): string {
  const u = new URL(url);
  u.hostname = u.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
  return u.origin;
}

export function createDemoHosts(services: Services) {
  // The host pages frame the app on http://localhost: its session cookie must be a third-party one there.
  services.config.secureCookiesOnLocalhost = true;
  let controller: Promise<DemoController> | null = null;
  const aps = () => (controller ??= startDemoController(services, createApp(services).fetch));
  let insightSecret: Promise<string> | null = null;
  const hostOrigin = (c: Context) => new URL(c.req.url).origin;
  const toApp = (url: string, c: Context) => url.replace(new URL(services.config.publicUrl).origin, otherOrigin(c.req.url));

  const app = new Hono()
    .get('/hosts.css', (c) => c.body(HOSTS_CSS, 200, { 'content-type': 'text/css' }))
    .get('/panel', (c) => c.html(PANEL_HTML))
    .get('/panel.js', (c) => c.body(PANEL_JS, 200, { 'content-type': 'text/javascript' }))
    .get('/connectwise', (c) => c.html(CONNECTWISE_HTML))
    .get('/connectwise.js', (c) => c.body(CONNECTWISE_JS, 200, { 'content-type': 'text/javascript' }))
    .get('/autotask', (c) => c.html(AUTOTASK_HTML))
    .get('/autotask.js', (c) => c.body(AUTOTASK_JS, 200, { 'content-type': 'text/javascript' }))
    .post('/panel/provision', async (c) => {
      const n = Math.floor(Math.random() * 1e6);
      const base = services.config.publicUrl.replace(/\/$/, '');
      const ctx = {
        aps: { id: crypto.randomUUID(), type: 'http://idsync.example/aps/context/1.0' },
        customerName: `Contoso Cloud ${n}`,
        marketplaceAccountId: String(1200000000 + n),
        adminEmail: `admin-${n}@contoso-demo.example`,
        gatewayUrl: `${base}/sandbox/marketplace`,
        gatewayUser: 'demo',
        gatewayPassword: 'demo',
        marketplace: 'us',
        subscriptionKey: 'demo-key',
        psaKind: 'autotask',
        frameOrigins: [hostOrigin(c)],
      };
      const res = await (await aps()).call('POST', '/aps/contexts', ctx);
      if (res.status !== 200) return c.json(res.body, res.status as 400);
      // Demo only: the MSP would now enter its Autotask keys on the Configuration screen.
      const at = demoConnections(base).autotask;
      await saveConnection(services.store, services.secrets, res.body.tenantId, 'autotask', at.settings, at.secrets, services.clock.now());
      return c.json({ ...res.body, gatewayUrl: ctx.gatewayUrl, gatewayUser: ctx.gatewayUser, adminEmail: ctx.adminEmail });
    })
    .post('/panel/launch', async (c) => {
      const { apsId } = (await c.req.json()) as { apsId: string };
      const res = await (await aps()).call('GET', `/aps/contexts/${encodeURIComponent(apsId)}/launchToken?screen=%2F`, undefined, { headers: { 'APS-Identity-ID': 'demo-panel-user' } });
      if (res.status !== 200) return c.json(res.body, res.status as 400);
      return c.json({ url: toApp(res.body.url, c) });
    })
    .post('/connectwise/member', async (c) => {
      // A member signs in to the stand-in Manage: the sandbox hands out the memberHash Manage would.
      const res = await fetch(`${services.config.publicUrl.replace(/\/$/, '')}/sandbox/connectwise/_control/member-login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        // Manage's officeEmail of the demo member is the ConnectWise tenant admin's: the pod maps the member to
        // that product admin (server/embed/pod-session.ts), so Retry and Sync now show.
        body: JSON.stringify({ memberId: 'demo.member', email: DEMO_TENANTS[1].admin }),
      });
      return c.json(await res.json());
    })
    .get('/autotask/sign', async (c) => {
      const tenant = DEMO_TENANTS[0].id;
      const secret = await (insightSecret ??= rotateInsightSecret(services, tenant, hostOrigin(c)));
      const q = { contractId: c.req.query('contract') ?? '', tenant, ts: String(Math.floor(services.clock.now().getTime() / 1000)) };
      const sig = await signInsight(secret, q);
      return c.json({ url: `${otherOrigin(c.req.url)}/insight/autotask?${new URLSearchParams({ ...q, sig })}` });
    });
  return { app, close: async () => (controller ? (await controller).close() : undefined) };
}
