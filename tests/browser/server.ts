/**
 * The server the browser tests drive, on 127.0.0.1 with a free port. Two backends behind one shape:
 *  - `real` (default): the product app (createApp) in demo mode with the sandboxes, the demo seed and a
 *    first sync, the widgets mounted at `/`: what `npm start` serves.
 *  - `fake` (BROWSER_SERVER=fake): the widgets + the in-memory fake of docs/api.md (tests/browser/fake-api),
 *    the same fake the DOM tests and the 2,000-company benchmark use.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createWidgetsApp, buildWidgets } from '../../server/routes/widgets.js';
import { createFakeApi, FAKE_ADMIN } from './fake-api/app.js';
import type { AddressInfo } from 'node:net';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface TestServer {
  kind: 'fake' | 'real';
  url: string;
  admin: { email: string; password: string };
  /** Make the PSA refuse the next adjustment posts with this message (null: accept again). */
  failPosts(message: string | null): Promise<void>;
  /** Hand-edit a contract service's units in the PSA (as an Autotask user would), for a known difference. */
  setPsaUnits(contractServiceId: string, units: number): Promise<void>;
  stop(): Promise<void>;
}

let bundle: ReturnType<typeof buildWidgets> | null = null;
const widgets = () => createWidgetsApp({ bundle: () => (bundle ??= buildWidgets()) });

function listen(fetch: (req: Request) => Response | Promise<Response>) {
  return new Promise<{ url: string; close: () => Promise<void> }>((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve({ url: `http://127.0.0.1:${info.port}`, close: () => new Promise<void>((r) => server.close(() => r())) }),
    );
  });
}

export async function startFakeServer(opts: { companies?: number } = {}): Promise<TestServer> {
  const fake = createFakeApi({ companies: opts.companies });
  const app = new Hono();
  app.route('/', fake.app);
  app.route('/', widgets());
  const s = await listen(app.fetch);
  return {
    kind: 'fake',
    url: s.url,
    admin: FAKE_ADMIN,
    failPosts: async (message) => void (fake.world.failPosts = message),
    setPsaUnits: async (id, units) => {
      for (const a of fake.world.accounts) for (const k of a.contracts) for (const svc of k.services) if (svc.contractServiceId === id) svc.units = units;
    },
    stop: s.close,
  };
}

/** `demoLinks`: link part of the demo tenant as `npm start` does on a first start, so the logs have rows. */
export async function startRealServer(opts: { demoLinks?: boolean } = {}): Promise<TestServer> {
  const [{ createApp }, { createTestServices, TestClock }, { createDemoSandboxes }, { seedDemo, DEMO_TENANTS, DEMO_PASSWORD }, { createPsaRegistry }] = await Promise.all([
    import('../../server/app.js'),
    import('../helpers/services.js'),
    import('../../server/demo/sandboxes.js'),
    import('../../server/demo/seed.js'),
    import('../../server/psa/registry.js'),
  ]);
  // The browser reads the wall clock ("last sync just now"), so the server does too.
  const clock = new TestClock();
  clock.now = () => new Date();
  const { services } = await createTestServices({ demoMode: true, clock, psa: createPsaRegistry({ clock }) as never });
  const sandboxes = createDemoSandboxes(services.clock);
  const app = createApp(services, { mounts: sandboxes.mounts, widgets: widgets() });
  const s = await listen(app.fetch);
  services.config.publicUrl = s.url;
  await seedDemo(services, s.url);
  await firstSync(s.url, { email: DEMO_TENANTS[0].admin, password: DEMO_PASSWORD });
  if (opts.demoLinks) {
    const [{ linkDemoTenant }, { reconcileResourceLink }, { syncDepsFor }] = await Promise.all([
      import('../../server/demo/links.js'), import('../../server/sync/reconcile.js'), import('../../server/sync/deps.js'),
    ]);
    const tenantId = DEMO_TENANTS[0].id;
    await linkDemoTenant(services, tenantId, { afterResourceLinked: (sub, res) => reconcileResourceLink(syncDepsFor(services), tenantId, sub, res) });
  }
  return {
    kind: 'real',
    url: s.url,
    admin: { email: DEMO_TENANTS[0].admin, password: DEMO_PASSWORD },
    // https://www.autotask.net/help/developerhelp/Content/APIs/REST/General_Topics/REST_Error_Handling.htm: errors[]
    failPosts: async (message) => {
      const base = `${s.url}/sandbox/autotask/_control/faults`;
      if (message === null) await fetch(base, { method: 'DELETE' });
      else
        await fetch(base, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ kind: 'status', status: 500, body: JSON.stringify({ errors: [message] }), path: 'ContractServiceAdjustments', method: 'POST', times: 20 }),
        });
    },
    setPsaUnits: async (contractServiceId, units) => {
      const res = await fetch(`${s.url}/sandbox/autotask/_control/units`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ contractServiceId: Number(contractServiceId), date: new Date().toISOString().slice(0, 10), units }),
      });
      if (!res.ok) throw new Error(`sandbox units: ${res.status} ${await res.text()}`);
    },
    stop: s.close,
  };
}

/** A new demo tenant has no Marketplace snapshot until its first cycle: run one, as a user would. */
export async function firstSync(url: string, admin: { email: string; password: string }) {
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
  await fetch(`${url}/api/sync`, { method: 'POST', headers, body: '{}' });
  // Waits for the cycle's end itself (the hook's own timeout bounds it): a loaded machine is slow, not broken.
  for (;;) {
    const s = (await (await fetch(`${url}/api/sync`, { headers })).json()) as { running: boolean; last: unknown };
    if (!s.running && s.last) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const startServer = (): Promise<TestServer> => (process.env.BROWSER_SERVER === 'fake' ? startFakeServer() : startRealServer());
