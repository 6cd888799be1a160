/**
 * The product embedded where MSPs work (issue 11), in headless Chromium, over two loopback origins: the
 * stand-in host pages of demo mode on http://127.0.0.1:PORT frame the app on http://localhost:PORT, so
 * the embedding is cross-site as in production (partitioned SameSite=None cookies, frame-ancestors).
 *  - ODIN panel: provision a customer through the stand-in APS controller (mutual TLS), launch, and use
 *    the app inside the iframe;
 *  - ConnectWise agreement page: hosts the pod and speaks the Hosted API; the server confirms the member
 *    with the ConnectWise sandbox; the pod is usable at 360 px;
 *  - Autotask contract page: loads the signed Insight.
 * Screenshots: test-artifacts/screenshots/embedded-*.png.
 */
import { eq } from 'drizzle-orm';
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './server.js';

const SHOTS = 'test-artifacts/screenshots';
const hasChromium = existsSync(CHROMIUM);

describe.skipIf(!hasChromium)('embedded in host pages (Chromium, two origins)', () => {
  let browser: Browser;
  let host: string; // where the stand-in host pages are
  let appOrigin: string; // where they frame the app
  let stop: () => Promise<void>;
  let store: import('../../server/db/store.js').Store;
  const problems: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const [{ serve }, { createApp }, { createTestServices, TestClock }, { seedDemo }, { createPsaRegistry }, { startNodeRuntime }, { createWidgetsApp, buildWidgets }, { chromium }] = await Promise.all([
      import('@hono/node-server'),
      import('../../server/app.js'),
      import('../helpers/services.js'),
      import('../../server/demo/seed.js'),
      import('../../server/psa/registry.js'),
      import('../../server/node-runtime.js'),
      import('../../server/routes/widgets.js'),
      import('playwright-core'),
    ]);
    const clock = new TestClock();
    clock.now = () => new Date();
    const ctx = await createTestServices({ demoMode: true, clock, psa: createPsaRegistry({ clock }) as never });
    store = ctx.store;
    // What npm start runs in demo mode: sandboxes, the stand-in hosts, the first sync and demo links.
    const runtime = await startNodeRuntime(ctx.services, { demo: true, scheduler: false });
    const app = createApp(ctx.services, { mounts: runtime.mounts, widgets: createWidgetsApp({ bundle: buildWidgets }) });
    const server = await new Promise<ReturnType<typeof serve>>((ok) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ok(s));
    });
    const port = (server.address() as AddressInfo).port;
    host = `http://127.0.0.1:${port}`;
    appOrigin = `http://localhost:${port}`;
    ctx.services.config.publicUrl = host;
    await seedDemo(ctx.services, host);
    await runtime.afterListen(host);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    stop = async () => {
      await runtime.stop();
      await new Promise<void>((r) => server.close(() => r()));
    };
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stop?.();
  });

  async function open(width: number): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(e.message));
    return page;
  }
  async function linkedContract(tenantId: string) {
    const [link] = await store.db.select().from(store.t.subscriptionLinks).where(eq(store.t.subscriptionLinks.tenantId, tenantId));
    expect(link, `demo links of ${tenantId}`).toBeTruthy();
    return link!;
  }

  it('the control panel provisions a customer, launches the app in its iframe, and the app works there', { timeout: 90_000 }, async () => {
    const page = await open(1366);
    await page.goto(`${host}/demo-hosts/panel`);
    await page.getByRole('button', { name: 'Subscribe (provision a customer)' }).click();
    // The first provisioning also makes the stand-in controller's certificates (RSA keys): allow for it.
    await expect.poll(() => page.locator('#customer').textContent(), { timeout: 60_000 }).toMatch(/^Contoso Cloud \d+$/);
    expect(await page.locator('#gatewayUser').textContent()).toBe('demo');
    expect(await page.content()).not.toContain('gatewayPassword');
    await page.getByRole('button', { name: 'Launch IDSync Cloud' }).click();
    const frame = page.frameLocator('#app');
    // A new tenant's Home greets it until its first sync.
    await expect.poll(() => frame.locator('h1').first().textContent(), { timeout: 20_000 }).toMatch(/^(Home|Welcome)$/);
    expect(await page.locator('#app').getAttribute('src')).toMatch(new RegExp(`^${appOrigin}/launch\\?token=`));
    // Inside the iframe the session works across pages (the partitioned cookie is sent).
    await frame.getByRole('link', { name: 'Configuration' }).first().click();
    await expect.poll(() => frame.locator('h1').first().textContent(), { timeout: 15_000 }).toMatch(/Configuration|Ingram Micro/);
    await page.screenshot({ path: `${SHOTS}/embedded-panel.png`, fullPage: true });

    // Work inside the iframe: the first sync reads the customer's Marketplace, then a relation is set.
    await frame.getByRole('button', { name: 'Sync now' }).first().click();
    await expect.poll(() => frame.getByText(/^Last sync /).first().textContent().catch(() => ''), { timeout: 60_000 }).toMatch(/^Last sync (ok|succeeded)/);
    await frame.getByRole('link', { name: 'Billing' }).first().click();
    const company = frame.locator('.mrow-company').first();
    await expect.poll(() => frame.locator('.mrow-company').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const accounts = company.getByLabel(/^PSA account for /);
    await accounts.focus();
    await expect.poll(() => accounts.locator('option').count(), { timeout: 20_000 }).toBeGreaterThan(1);
    await accounts.selectOption({ index: 1 });
    await company.getByRole('button', { name: 'Set Relation' }).click();
    await expect.poll(() => company.locator('.link-name').textContent(), { timeout: 20_000 }).toBeTruthy();
    await page.screenshot({ path: `${SHOTS}/embedded-panel-relation.png`, fullPage: true });
    // Headless page screenshots leave a cross-origin iframe blank: the app inside is captured on its own.
    await frame.locator('body').screenshot({ path: `${SHOTS}/embedded-panel-app.png` });
  });

  it('the ConnectWise agreement page hosts the pod: Hosted API, member confirmed by ConnectWise, 360 px', { timeout: 60_000 }, async () => {
    const link = await linkedContract('demo-connectwise');
    const page = await open(400);
    await page.goto(`${host}/demo-hosts/connectwise?agreement=${encodeURIComponent(link.psaContractId)}&app=${encodeURIComponent(appOrigin)}`);
    const frame = page.frameLocator('#pod-frame');
    await expect.poll(() => frame.locator('h1').first().textContent(), { timeout: 20_000 }).toBe(link.psaContractName);
    await expect.poll(() => frame.locator('#pod-linked').count()).toBe(1);
    const podFrame = page.frames().find((f) => f.url().startsWith(appOrigin + '/pod/contract/'))!;
    expect(podFrame).toBeTruthy();
    expect(await podFrame.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}/embedded-connectwise-pod.png`, fullPage: true });
  });

  it('the Autotask contract page loads the signed Insight and shows the pod', { timeout: 60_000 }, async () => {
    const link = await linkedContract('demo-autotask');
    const page = await open(1024);
    await page.goto(`${host}/demo-hosts/autotask?contract=${encodeURIComponent(link.psaContractId)}`);
    const frame = page.frameLocator('#insight-frame');
    await expect.poll(() => frame.locator('h1').first().textContent(), { timeout: 20_000 }).toBe(link.psaContractName);
    await page.screenshot({ path: `${SHOTS}/embedded-autotask-insight.png`, fullPage: true });
    expect(problems).toEqual([]);
  });
});
