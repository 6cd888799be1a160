/**
 * The screens in headless Chromium against a running server: sign-in with a deep link, a full mapping
 * with its reconciliation in the Adjustments log, a PSA failure in the Failure log, a CSV export parsed
 * back, axe on every screen, 360 px layout, and a screenshot of each screen for review.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { CHROMIUM, CHROMIUM_ARGS, startServer, type TestServer } from './server.js';
import type { Browser, Page } from 'playwright-core';

const SHOTS = 'test-artifacts/screenshots';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`browser tests skipped: ${CHROMIUM} is absent (apt-get install -y chromium)`);

describe.skipIf(!hasChromium)('screens in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  const problems: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const { chromium } = await import('playwright-core');
    [server, browser] = await Promise.all([startServer(), chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** `patient`: Playwright waits on the event itself with no time limit (a loaded machine is slow, not broken). */
  async function open(path: string, width = 1366, patient = false): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    if (patient) beUntimed(page);
    page.on('close', () => void context.close());
    page.on('console', (m) => m.type() === 'error' && problems.push(`${path}: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`${path}: ${e.message}`));
    await page.goto(server.url + path);
    return page;
  }
  async function signIn(page: Page) {
    await page.getByLabel('Username (e-mail)').fill(server.admin.email);
    await page.getByLabel('Password').fill(server.admin.password);
    await page.getByRole('button', { name: 'Login' }).click();
  }
  /** Until the screen has its data: no loading line or progress bar left in the page body. */
  async function settle(page: Page) {
    await expect.poll(() => page.locator('main .loading, main .progress').count(), { timeout: 15_000 }).toBe(0);
  }

  /** One signed-in browser context per width, shared by the screens (the session cookie carries over). */
  const sessions = new Map<number, Promise<import('playwright-core').BrowserContext>>();
  function beUntimed(page: Page) {
    page.setDefaultTimeout(0);
    page.setDefaultNavigationTimeout(0);
  }
  /** The screen has finished loading: no loading or progress indicator left in main (an event, no deadline). */
  async function loaded(page: Page) {
    await page.waitForFunction(() => !document.querySelector('main .loading, main .progress'), undefined, { timeout: 0 });
  }

  async function openSignedIn(path: string, width = 1366, patient = false) {
    if (!sessions.has(width))
      sessions.set(width, (async () => {
        const page = await open('/login', width, patient);
        await signIn(page);
        await page.waitForURL((u) => u.pathname === '/');
        const ctx = page.context();
        page.removeAllListeners('close');
        await page.close();
        return ctx;
      })());
    const page = await (await sessions.get(width)!).newPage();
    if (patient) beUntimed(page);
    page.on('console', (m) => m.type() === 'error' && problems.push(`${path}: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`${path}: ${e.message}`));
    await page.goto(server.url + path);
    await page.locator('h1').first().waitFor();
    return page;
  }

  it('keeps a deep link across sign-in', async () => {
    const page = await open('/reports/unlinked?context=autotask');
    await page.waitForURL(/\/login\?next=/);
    await page.screenshot({ path: `${SHOTS}/login.png` });
    await signIn(page);
    await page.waitForURL(/\/reports\/unlinked\?context=autotask$/);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Unlinked subscriptions');
    await page.close();
  });

  it('maps a company, a subscription and a resource, and shows the reconciliation in the Adjustments log', async () => {
    const page = await openSignedIn('/billing?search=Venture');
    const company = page.locator('.mrow-company').first();
    const accounts = page.getByLabel(/^PSA account for Venture Logistics/);
    await accounts.focus();
    await expect.poll(() => accounts.locator('option').count()).toBeGreaterThan(1);
    await accounts.selectOption({ label: 'Venture Logistics' });
    await company.getByRole('button', { name: 'Set Relation' }).click();
    await expect.poll(() => company.locator('.link-name').textContent()).toBe('Venture Logistics');

    const contracts = page.getByLabel(/^Contract for .*\(Venture Logistics\)$/).first();
    await contracts.focus();
    await expect.poll(() => contracts.locator('option').count()).toBeGreaterThan(1);
    await contracts.selectOption({ index: 1 });
    const contractId = await contracts.inputValue();
    await page.locator('.mrow-sub').first().getByRole('button', { name: 'Set Relation' }).click();
    const services = page.getByLabel(/^Service for .*Venture Logistics\)$/).first();
    await services.focus();
    await expect.poll(() => services.locator('option').count()).toBeGreaterThan(1);
    const resourceName = (await page.locator('.mrow-res .res-name').first().textContent())!;
    const count = Number(/Count: ([\d,]+)/.exec((await page.locator('.mrow-res').first().textContent())!)![1]!.replace(/,/g, ''));
    const listed = (await (await page.request.get(`${server.url}/api/psa/services?contractId=${contractId}`)).json()) as { items: { serviceId: string; contractServiceId: string | null; units: number | null }[] };
    const service = listed.items[0]!;
    // The PSA bills 2 fewer than the Marketplace: setting the relation must post the +2 difference.
    if (service.contractServiceId) await server.setPsaUnits(service.contractServiceId, count - 2);
    await services.selectOption(service.serviceId);
    await page.locator('.mrow-res').first().getByRole('button', { name: 'Set Relation' }).click();
    const result = page.locator('.mrow-res .row-result').first();
    await expect.poll(() => result.textContent()).toMatch(/^Relation set\./);
    await page.screenshot({ path: `${SHOTS}/billing-mapped.png`, fullPage: true });
    // The one-time reconciliation runs as the relation is set (the guide's "Marketplace 8, PSA 6 -> +2").
    expect(await result.textContent()).toMatch(/posted \+2\b/);

    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('link', { name: 'Adjustments log' }).click();
    await page.waitForURL(/\/reports\/adjustments/);
    const log = page.locator('.report-table tbody');
    await expect.poll(() => log.textContent()).toContain(resourceName);
    await expect.poll(() => log.textContent()).toContain('Venture Logistics');
    const row = log.locator('tr', { hasText: resourceName }).first();
    const heads = (await page.locator('.report-table thead th').allTextContents()).map((h) => h.trim());
    expect((await row.locator('td').allTextContents())[heads.indexOf('Unit change')]).toBe('+2'); // increases carry their sign
    await page.screenshot({ path: `${SHOTS}/report-adjustments.png`, fullPage: true });
    await page.close();
  });

  it('shows a PSA refusal in the Failure log with its message, attempts and next retry', async () => {
    const message = 'ContractServiceAdjustment EffectiveDate must be between the start date and end date of the contract referenced by ContractID.';
    await server.failPosts(message);
    try {
      const page = await openSignedIn('/billing?search=Repair');
      const company = page.locator('.mrow-company').first();
      const accounts = page.getByLabel(/^PSA account for Repair and Wear/);
      await accounts.focus();
      await expect.poll(() => accounts.locator('option').count()).toBeGreaterThan(1);
      await accounts.selectOption({ label: 'Repair and Wear LLC' });
      await company.getByRole('button', { name: 'Set Relation' }).click();
      const contracts = page.getByLabel(/^Contract for .*\(Repair and Wear\)$/).first();
      await contracts.focus();
      await expect.poll(() => contracts.locator('option').count()).toBeGreaterThan(1);
      await contracts.selectOption({ index: 1 });
      await page.locator('.mrow-sub').first().getByRole('button', { name: 'Set Relation' }).click();
      const services = page.getByLabel(/^Service for .*Repair and Wear\)$/).first();
      await services.focus();
      await expect.poll(() => services.locator('option').count()).toBeGreaterThan(1);
      const count = await services.locator('option').count();
      await services.selectOption({ index: count - 1 });
      await page.locator('.mrow-res').first().getByRole('button', { name: 'Set Relation' }).click();
      const outcome = page.locator('.mrow-res .row-result').first();
      await expect.poll(() => outcome.textContent()).toMatch(/^Relation set/);
      if (!/failed/.test((await outcome.textContent())!)) {
        // The server queued the reconciliation for the cycle: run it now, as a user would with Sync now.
        await page.locator('.topbar').getByRole('button', { name: 'Sync now' }).click();
        await expect.poll(() => page.locator('.topbar').textContent(), { timeout: 20_000 }).toMatch(/Last sync \w+, just now/);
      }
      await page.goto(server.url + '/reports/failures?context=autotask');
      const table = page.locator('.report-table');
      await expect.poll(() => table.locator('tbody').textContent()).toContain(message);
      const headers = await table.locator('thead th').allTextContents();
      expect(headers.map((h) => h.trim())).toEqual(expect.arrayContaining(['Customer', 'Unit change', 'Why this date', 'Estimated amount', 'Status']));
      const meta = (await table.locator('.message-row .message-meta').first().textContent())!;
      expect(Number(/Attempts: (\d+)/.exec(meta)![1])).toBeGreaterThanOrEqual(1);
      expect(meta).toMatch(/Next retry: (\d{4}-\d{2}-\d{2} \d{2}:\d{2}|At the next cycle)/);
      await page.screenshot({ path: `${SHOTS}/report-failures.png`, fullPage: true });
      await page.close();
    } finally {
      await server.failPosts(null);
    }
  });

  it('exports exactly the filtered rows as CSV', async () => {
    const page = await openSignedIn('/reports/unlinked?context=autotask&filter.companyName=a&sort=-count');
    await expect.poll(() => page.locator('.report-table tbody tr').count()).toBeGreaterThan(0);
    const shown = (await page.locator('.pager [aria-live]').textContent())!;
    const total = Number(/of ([\d,]+)/.exec(shown)![1]!.replace(/,/g, ''));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export to CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^unlinked-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const rows = parse(csv.slice(1), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(total);
    const firstPage = await page.locator('.report-table tbody tr').first().locator('td').allTextContents();
    expect(Object.values(rows[0]!).map((v) => v.trim())).toEqual(expect.arrayContaining([firstPage[1]!.trim()]));
    expect(rows.every((r) => r['Customer']!.toLowerCase().includes('a'))).toBe(true);
    const counts = rows.map((r) => Number(r.Units));
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    await page.close();
  });

  it('sets a suggested relation in bulk from Manage Relations', async () => {
    const page = await openSignedIn('/billing/relations');
    const boxes = page.getByRole('checkbox', { name: /\(Blue Light, Co\.\)$/ });
    await expect.poll(() => boxes.count()).toBeGreaterThan(0);
    for (const box of await boxes.all()) await box.check();
    await expect.poll(() => page.locator('.bulk-count').textContent()).toMatch(/^Will set 1 company, 0 subscription and 0 resource relations; 0 to clear/);
    await page.getByRole('button', { name: 'Set Relations (1)' }).click();
    await expect.poll(() => page.locator('.status-ok').textContent()).toBe('1 relation changed.');
    await page.screenshot({ path: `${SHOTS}/relations-set.png`, fullPage: true });
    await page.goto(server.url + '/billing?search=Blue');
    await expect.poll(() => page.locator('.mrow-company .link-name').first().textContent()).toBe('Blue Light Company');
    await page.close();
  });

  it('tests credentials: the stored ones work, a wrong secret fails with the exact reason', async () => {
    const page = await openSignedIn('/configuration/ingram-micro');
    await page.getByRole('button', { name: 'Test Credentials' }).click();
    await expect.poll(() => page.locator('.status-ok').textContent(), { timeout: 15_000 }).toMatch(/^Credentials work\./);
    await page.goto(server.url + '/configuration/autotask');
    await page.getByLabel(/^API user/).fill('api@demo.example');
    await page.getByLabel(/^Secret/).fill('wrong');
    await page.getByRole('button', { name: 'Test Credentials' }).click();
    const alert = page.locator('.config-form [role=alert]');
    await expect.poll(() => alert.count(), { timeout: 15_000 }).toBe(1);
    expect(await alert.locator('code').textContent()).toMatch(/^[a-z_]+$/);
    expect((await alert.locator('.vendor-message').textContent())!.length).toBeGreaterThan(5);
    await page.screenshot({ path: `${SHOTS}/configuration-test-failed.png` });
    await page.close();
  });

  const SCREENS: [string, string][] = [
    ['home', '/'],
    ['billing', '/billing'],
    ['relations', '/billing/relations'],
    ['report-subscriptions', '/reports/subscriptions?context=autotask'],
    ['report-linked', '/reports/linked?context=autotask'],
    ['report-unlinked', '/reports/unlinked?context=autotask'],
    ['configuration-ingram-micro', '/configuration/ingram-micro'],
    ['configuration-autotask', '/configuration/autotask'],
    ['configuration-connectwise', '/configuration/connectwise'],
  ];

  // One test per screen, each waiting on the page's own events with no deadline: on a loaded machine the
  // screens take longer, and one slow screen must not use up a shared budget (it once hit 120 s for all).
  const AXE_SCREENS: [string, string][] = [...SCREENS, ['report-adjustments', '/reports/adjustments?context=autotask'], ['report-failures', '/reports/failures?context=autotask']];
  const serious = (violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] }[], name: string) =>
    violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${name}: ${v.id} ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);

  it('passes axe with no serious or critical violations: login', { timeout: 0 }, async () => {
    const { default: AxeBuilder } = await import('@axe-core/playwright');
    const login = await open('/login', 1366, true);
    await login.getByLabel('Password').waitFor();
    const found = serious((await new AxeBuilder({ page: login }).analyze()).violations, 'login');
    await login.close();
    expect(found).toEqual([]);
  });

  it.each(AXE_SCREENS)('passes axe with no serious or critical violations: %s', async (name, path) => {
    const { default: AxeBuilder } = await import('@axe-core/playwright');
    const page = await openSignedIn(path, 1366, true);
    await loaded(page);
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    await page.close();
    expect(serious(result.violations, name)).toEqual([]);
  }, 0);

  it('saves a screenshot of each screen, wide and at 360 px, without sideways scrolling on a phone-sized pod', { timeout: 120_000 }, async () => {
    for (const [name, path] of SCREENS) {
      const page = await openSignedIn(path);
      await settle(page);
      await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: !name.startsWith('billing') });
      await page.close();
    }
    for (const [name, path] of [SCREENS[0]!, SCREENS[1]!, SCREENS[3]!, SCREENS[7]!]) {
      const page = await openSignedIn(path, 360);
      await settle(page);
      await page.screenshot({ path: `${SHOTS}/${name}-360.png` });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${name} scrolls sideways at 360 px`).toBeLessThanOrEqual(0);
      if (name === 'home') {
        const menu = page.getByRole('button', { name: 'Menu' });
        await menu.click();
        expect(await menu.getAttribute('aria-expanded')).toBe('true');
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Billing' }).waitFor();
        await page.screenshot({ path: `${SHOTS}/nav-360.png` });
      }
      await page.close();
    }
  });

  it('logs no script errors or CSP violations on any screen', () => {
    if (problems.length) console.warn(problems.join('\n'));
    expect(problems.filter((p) => !/status of 40[13]/.test(p))).toEqual([]);
  });
});
