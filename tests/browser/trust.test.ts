/**
 * Trust screens in headless Chromium against the real server in demo mode (issue 14): with the tenant's
 * policy set to review everything, linking a resource whose PSA units differ from the Marketplace holds
 * the reconciliation; the Review queue shows it and Approve takes it out of the queue (server and screen). The Next cycle preview and Margins screens open on the same data.
 * Axe (WCAG 2.1 AA + best practice) finds nothing serious or critical on any of the three.
 * Screenshots: tests/browser/screenshots/trust-*.png.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, startRealServer, type TestServer } from './server.js';
import type { APIRequestContext, Browser, Page } from 'playwright-core';

const SHOTS = 'tests/browser/screenshots';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`browser tests skipped: ${CHROMIUM} is absent (apt-get install -y chromium)`);

/** Review everything, then link one Venture Logistics resource whose PSA units were changed first: held. */
async function holdOne(request: APIRequestContext, server: TestServer): Promise<{ resourceName: string }> {
  const url = server.url;
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
  await put('/api/review/policy', { mode: 'review_all' });
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
  await server.setPsaUnits(service.contractServiceId!, res.count + 3);
  const linked = (await put(`/api/mapping/resources/${sub.odinSubscriptionId}/${res.odinResourceId}`, {
    psaServiceId: service.serviceId, psaContractServiceId: service.contractServiceId, psaServiceName: service.name,
  })) as { reconciliation: { status: string } };
  expect(linked.reconciliation.status).toBe('held');
  return { resourceName: res.name };
}

describe.skipIf(!hasChromium)('trust screens in Chromium', () => {
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

  async function signedIn(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(server.url + '/login');
    await page.getByLabel('Username (e-mail)').fill(server.admin.email);
    await page.getByLabel('Password').fill(server.admin.password);
    await page.getByRole('button', { name: 'Login' }).click();
    await page.waitForURL((u) => u.pathname === '/');
    return page;
  }

  async function axeClean(page: Page) {
    const { default: AxeBuilder } = await import('@axe-core/playwright');
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  }

  it('review queue: a held row is approved; preview and margins open; axe clean', async () => {
    const page = await signedIn();
    const held = await holdOne(page.context().request, server);

    await page.goto(server.url + '/billing/review');
    await page.getByRole('heading', { level: 1, name: 'Review queue' }).waitFor();
    const row = page.locator('.trust-table tbody tr', { hasText: held.resourceName });
    await row.waitFor();
    await page.screenshot({ path: `${SHOTS}/trust-review.png`, fullPage: true });
    await axeClean(page);
    await row.getByRole('button', { name: /^Approve / }).click();
    await page.getByText('1 adjustment approved.').waitFor();
    await page.locator('.trust-table tbody', { hasText: 'Nothing waits for review' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/trust-review-approved.png`, fullPage: true });

    // Approved: no longer held on the server (the approve route hands it to the poster's cycle).
    const queue = (await (await page.context().request.get(`${server.url}/api/review`)).json()) as { total: number };
    expect(queue.total).toBe(0);

    await page.goto(server.url + '/billing/preview');
    await page.getByRole('heading', { level: 1, name: 'Next cycle preview' }).waitFor();
    await page.locator('.totals').waitFor();
    await page.screenshot({ path: `${SHOTS}/trust-preview.png`, fullPage: true });
    await axeClean(page);

    await page.goto(server.url + '/billing/margins');
    await page.getByRole('heading', { level: 1, name: 'Margins' }).waitFor();
    await page.locator('.trust-table').waitFor();
    await expect(page.locator('.trust-table tbody tr', { hasText: held.resourceName }).count()).resolves.toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}/trust-margins.png`, fullPage: true });
    await axeClean(page);
    expect(problems).toEqual([]);
  }, 120_000);
});
