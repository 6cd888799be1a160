/**
 * The one-click drift fix in headless Chromium against the real server in demo mode: link a resource
 * (the reconciliation makes the PSA match the Marketplace), change its units in the Autotask sandbox by
 * hand, press Check now on Home, see the difference, Fix it after the confirmation, and find the PSA
 * showing the Marketplace count again (read through the API and the sandbox's accepted adjustments).
 * Axe runs on Home with the panel showing; screenshots go to test-artifacts/screenshots/home-drift*.png.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, startRealServer, type TestServer } from './server.js';
import type { APIRequestContext, Browser, Page } from 'playwright-core';

const SHOTS = 'test-artifacts/screenshots';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`browser tests skipped: ${CHROMIUM} is absent (apt-get install -y chromium)`);

interface Linked { resourceName: string; count: number; contractId: string; contractServiceId: string }

/** Link Venture Logistics' first resource through the API, as the Billing screen would. */
async function linkOne(request: APIRequestContext, url: string): Promise<Linked> {
  const { csrfToken } = (await (await request.get(`${url}/api/me`)).json()) as { csrfToken: string };
  const headers = { 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
  const get = async <T>(path: string) => {
    const res = await request.get(url + path);
    expect(res.status(), path).toBe(200);
    return (await res.json()) as T;
  };
  const put = async (path: string, data: unknown) => {
    const res = await request.put(url + path, { headers, data });
    expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
    return res.json();
  };
  type Res = { odinResourceId: string; name: string; count: number };
  const mapping = await get<{ companies: { odinAccountId: string; subscriptions: { odinSubscriptionId: string; resources: Res[] }[] }[] }>('/api/mapping?search=Venture');
  const company = mapping.companies[0]!;
  const sub = company.subscriptions.find((s) => s.resources.some((r) => r.count >= 4))!;
  const res = sub.resources.find((r) => r.count >= 4)!;
  const accounts = await get<{ items: { id: string; name: string }[] }>('/api/psa/accounts');
  const account = accounts.items.find((a) => a.name === 'Venture Logistics')!;
  await put(`/api/mapping/companies/${company.odinAccountId}`, { psaAccountId: account.id, psaAccountName: account.name });
  const contracts = await get<{ items: { id: string; name: string }[] }>(`/api/psa/contracts?accountId=${account.id}`);
  const contract = contracts.items[0]!;
  await put(`/api/mapping/subscriptions/${sub.odinSubscriptionId}`, { psaContractId: contract.id, psaContractName: contract.name });
  const services = await get<{ items: { serviceId: string; contractServiceId: string | null; name: string }[] }>(`/api/psa/services?contractId=${contract.id}`);
  const service = services.items.find((s) => s.contractServiceId)!;
  const linked = (await put(`/api/mapping/resources/${sub.odinSubscriptionId}/${res.odinResourceId}`, {
    psaServiceId: service.serviceId, psaContractServiceId: service.contractServiceId, psaServiceName: service.name,
  })) as { reconciliation: { status: string } };
  // Linking reconciles: from here the PSA shows the Marketplace count and the ledger says so.
  expect(['posted', 'none']).toContain(linked.reconciliation.status);
  return { resourceName: res.name, count: res.count, contractId: contract.id, contractServiceId: service.contractServiceId! };
}

describe.skipIf(!hasChromium)('PSA differences in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  const problems: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const { chromium } = await import('playwright-core');
    [server, browser] = await Promise.all([startRealServer(), chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function signedIn(width: number): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(server.url + '/login');
    await page.getByLabel('Username (e-mail)').fill(server.admin.email);
    await page.getByLabel('Password').fill(server.admin.password);
    await page.getByRole('button', { name: 'Login' }).click();
    await page.waitForURL((u) => u.pathname === '/');
    return page;
  }

  it('finds a hand edit with Check now and fixes it after confirmation, so the PSA shows the Marketplace count', { timeout: 90_000 }, async () => {
    const page = await signedIn(1366);
    const linked = await linkOne(page.request, server.url);
    const { resourceName, count } = linked;
    await server.setPsaUnits(linked.contractServiceId, count - 3);

    await page.goto(server.url + '/');
    const card = page.locator('.sync-card');
    await expect.poll(() => card.locator('#drift-summary').textContent(), { timeout: 15_000 }).toBe('PSA differences: none found.');
    await card.getByRole('button', { name: 'Check now' }).click();
    const panel = page.getByRole('region', { name: 'PSA differences' });
    const row = panel.locator('tbody tr', { hasText: resourceName });
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    const cells = (await row.locator('th, td').allTextContents()).map((c) => c.replace(/\s+/g, ' ').trim());
    expect(cells.slice(1, 4)).toEqual([String(count), String(count), `${count - 3} +3`]);
    // Changed by: Autotask records no editor, so the cell says so and names the change as not one of ours.
    expect(cells[4]).toMatch(/^Not recorded by the PSA .*not one of IDSync's adjustments/);
    expect(cells[5]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    await expect.poll(() => card.locator('.drift-live').textContent(), { timeout: 20_000 }).toBe('PSA checked: 1 difference found.');
    await page.screenshot({ path: `${SHOTS}/home-drift.png`, fullPage: true });

    const { default: AxeBuilder } = await import('@axe-core/playwright');
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id} ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

    // The same panel on a 360 px pod: no sideways scrolling, Fix still in reach.
    const phone = await signedIn(360);
    await expect.poll(() => phone.locator('.drift-panel tbody tr').count(), { timeout: 15_000 }).toBe(1);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await phone.locator('.drift-panel').screenshot({ path: `${SHOTS}/home-drift-360.png` });
    expect(await phone.getByRole('button', { name: `Fix ${resourceName}` }).isVisible()).toBe(true);
    await phone.context().close();

    const adjustmentsTile = page.locator('.tile', { hasText: 'Adjustments this period' }).locator('.tile-value');
    const adjustmentsBefore = Number(await adjustmentsTile.textContent());
    await row.getByRole('button', { name: `Fix ${resourceName}` }).click();
    const dialog = page.getByRole('alertdialog');
    expect(await dialog.locator('#confirm-msg').textContent()).toBe(`${resourceName}: post +3 to make the PSA show ${count}, as the Marketplace does (it shows ${count - 3} now).`);
    await page.screenshot({ path: `${SHOTS}/home-drift-confirm.png` });
    await dialog.getByRole('button', { name: 'Post +3' }).click();
    const live = panel.locator('.drift-live');
    await expect.poll(() => live.textContent(), { timeout: 20_000 }).toBe(`${resourceName} fixed: posted +3 to the PSA, which now shows ${count}, as the Marketplace does.`);
    await expect.poll(() => row.count()).toBe(0);
    // Home's numbers follow: the posted fix is one more adjustment this period, and nothing is left open.
    await expect.poll(() => adjustmentsTile.textContent()).toBe(String(adjustmentsBefore + 1));
    expect(await card.locator('#drift-summary').textContent()).toBe('PSA differences: none found.');
    expect(await card.locator('.drift-live').textContent()).toBe('');
    await page.screenshot({ path: `${SHOTS}/home-drift-fixed.png`, fullPage: true });

    // The PSA itself, read fresh through the API and the sandbox's own record of accepted adjustments.
    const drift = (await (await page.request.get(`${server.url}/api/drift`)).json()) as { items: unknown[] };
    expect(drift.items).toEqual([]);
    const services = (await (await page.request.get(`${server.url}/api/psa/services?contractId=${linked.contractId}&refresh=1`)).json()) as { items: { contractServiceId: string | null; units: number | null }[] };
    expect(services.items.find((s) => s.contractServiceId === linked.contractServiceId)!.units).toBe(count);
    const accepted = (await (await fetch(`${server.url}/sandbox/autotask/_control/adjustments`)).json()) as { adjustments: { contractServiceID: number; unitChange: number }[] };
    expect(accepted.adjustments.filter((a) => a.contractServiceID === Number(linked.contractServiceId)).at(-1)!.unitChange).toBe(3);
    await page.context().close();
    expect(problems.filter((p) => !/status of 40[13]/.test(p))).toEqual([]);
  });
});
