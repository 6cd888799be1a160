/**
 * Issue 13's defect list walked one by one in headless Chromium against the real product in demo mode
 * (sandboxes, the demo tenants), each at 1366 px and at 360 px, with a screenshot kept per defect and width
 * (tests/browser/screenshots/defect-*.png) and axe (WCAG 2.1 AA) finding nothing serious or critical on
 * every screen touched. money-first.test.ts covers the logs' width and money columns; this file covers the
 * rest: a stale Home, the guide's URL in the other PSA, the Failure log (true next retry, Retry now, plain
 * words, a link to the fix), the CSV as a spreadsheet reads it, dates with their reasons, and the charts.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { CHROMIUM, CHROMIUM_ARGS, firstSync, startRealServer, type TestServer } from './server.js';
import type { Browser, BrowserContext, Page } from 'playwright-core';

const SHOTS = 'tests/browser/screenshots';
const hasChromium = existsSync(CHROMIUM);
const WIDTHS = [1366, 360] as const;
const CW_ADMIN = { email: 'admin@cw.demo.example', password: 'demo' };

/** Now (shifted by `shiftMs`) as YYYY-MM-DD HH:MM in a zone: what the screens show for an instant. */
function localNow(timeZone: string, shiftMs = 0): string {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(new Date(Date.now() + shiftMs)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

describe.skipIf(!hasChromium)('issue 13 defects, each at 1366 and 360 px', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts = new Map<string, BrowserContext>();
  const axeFound: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const { chromium } = await import('playwright-core');
    [server, browser] = await Promise.all([startRealServer({ demoLinks: true }), chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })]);
    // The ConnectWise demo tenant reads its Marketplace on its first cycle, as `npm start` leaves it after one.
    await firstSync(server.url, CW_ADMIN);
  }, 240_000);
  afterAll(async () => {
    await server?.failPosts(null);
    await browser?.close();
    await server?.stop();
  });

  /** One signed-in context per user and width; each screen opens in a new page of it. */
  async function page(path: string, width: number, user = server.admin): Promise<Page> {
    const key = `${user.email}@${width}`;
    let ctx = contexts.get(key);
    if (!ctx) {
      ctx = await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true });
      const p = await ctx.newPage();
      await p.goto(server.url + '/login');
      await p.getByLabel('Username (e-mail)').fill(user.email);
      await p.getByLabel('Password').fill(user.password);
      await p.getByRole('button', { name: 'Login' }).click();
      await p.waitForURL((u) => u.pathname === '/');
      await p.close();
      contexts.set(key, ctx);
    }
    const p = await ctx.newPage();
    await p.goto(server.url + path);
    await p.locator('h1').first().waitFor();
    return p;
  }
  const settled = (p: Page) => expect.poll(() => p.locator('main .loading, main .progress').count(), { timeout: 20_000 }).toBe(0);

  async function axe(p: Page, label: string) {
    const { default: AxeBuilder } = await import('@axe-core/playwright');
    const result = await new AxeBuilder({ page: p }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    for (const v of result.violations)
      if (v.impact === 'serious' || v.impact === 'critical') axeFound.push(`${label}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
  }
  const tileValue = (p: Page, label: string) => p.locator('.tile', { hasText: label }).locator('.tile-value').textContent();
  const noSideScroll = (p: Page) => p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  for (const [i, width] of WIDTHS.entries()) {
    it(`Stale Home: a failed cycle shows on Home without a reload, with the period's money and revenue at risk (${width} px)`, { timeout: 90_000 }, async () => {
      const home = await page('/', width);
      await settled(home);
      const before = Number(await tileValue(home, 'Open failures'));
      // A linked resource's count changes while Autotask refuses adjustments (the injected fault).
      const linked = await home.evaluate(async (n) => (await (await fetch(`/api/reports/linked?pageSize=5&sort=resourceName`)).json()).rows[n], i);
      await server.failPosts('Unable to save: the Contract is being edited by another resource.');
      const res = await fetch(`${server.url}/sandbox/marketplace/_control/counts`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ subscriptionId: linked.odinSubscriptionId, product: linked.odinResourceId, quantity: Number(linked.count) + 2 }),
      });
      expect(res.ok).toBe(true);
      await home.locator('.sync-card').getByRole('button', { name: 'Sync now' }).click();
      await expect.poll(() => tileValue(home, 'Open failures'), { timeout: 30_000 }).toBe(String(before + 1));
      expect(await home.locator('.tile', { hasText: 'Open failures' }).textContent()).toContain('Check before invoicing');
      // Money first: the period's posted total and run-rate change in the tenant's currency; revenue at risk links to Unlinked.
      expect((await tileValue(home, 'Posted this period'))!.trim()).toMatch(/^-?\$[\d,]+\.\d{2}$/);
      expect(await home.locator('.tile', { hasText: 'Posted this period' }).textContent()).toMatch(/Monthly run-rate [+-]?-?\$[\d,]+\.\d{2}/);
      expect((await tileValue(home, 'Revenue at risk'))!.trim()).toMatch(/^\$[\d,]+\.\d{2}$/);
      expect(await home.locator('.tile', { hasText: 'Revenue at risk' }).getAttribute('href')).toBe('/reports/unlinked?context=autotask');
      expect(await noSideScroll(home)).toBe(true);
      await home.screenshot({ path: `${SHOTS}/defect-stale-home-${width}.png`, fullPage: true });
      await axe(home, `Home @${width}`);
      await home.close();
    });
  }

  for (const width of WIDTHS) {
    it(`The guide's URL in the other PSA: the ConnectWise tenant's reports open with a notice, never empty (${width} px)`, { timeout: 90_000 }, async () => {
      for (const name of ['unlinked', 'failures'] as const) {
        const p = await page(`/reports/${name}?context=autotask`, width, CW_ADMIN);
        await expect.poll(() => p.locator('.notice').textContent()).toBe('This link asked for the Autotask report; your tenant bills from ConnectWise, so its ConnectWise report is shown.');
        await settled(p);
        await expect.poll(() => p.locator('.report-table tbody tr').count(), { timeout: 20_000 }).toBeGreaterThan(0);
        if (name === 'unlinked') expect(await p.locator('.report-table tbody tr:not(.empty-row)').count()).toBeGreaterThan(0);
        // An empty report still says what to do next, with a link.
        else if (await p.locator('.empty-row').count()) expect(await p.locator('.empty-row a').count()).toBeGreaterThan(0);
        expect(await noSideScroll(p)).toBe(true);
        await p.screenshot({ path: `${SHOTS}/defect-other-psa-${name}-${width}.png`, fullPage: true });
        await axe(p, `CW /reports/${name} @${width}`);
        await p.close();
      }
    });
  }

  for (const width of WIDTHS) {
    it(`Failure log: the true next retry, Retry now, the cause in plain words and a link to the fix (${width} px)`, { timeout: 90_000 }, async () => {
      const p = await page('/reports/failures', width);
      const message = p.locator('.message-row').first();
      await expect.poll(() => message.count(), { timeout: 20_000 }).toBe(1);
      const meta = (await message.locator('.message-meta').textContent())!;
      const retryAt = /Next retry: (\d{4}-\d{2}-\d{2} \d{2}:\d{2})/.exec(meta)?.[1];
      // A retry time shown is still ahead in the tenant's zone (never "10:03" at 10:07), else it says "at the next cycle".
      const timeZone = await p.evaluate(async () => (await (await fetch('/api/me')).json()).tenant.timeZone as string);
      if (retryAt) expect(retryAt >= localNow(timeZone, -60_000)).toBe(true);
      else expect(meta).toMatch(/Next retry: (At the next cycle|Not retried automatically)/);
      expect(await message.locator('.message-text').textContent()).toContain('the Contract is being edited by another resource');
      // The cause in words, never an error code such as bad_credentials.
      const cause = (await message.locator('.message-cause').textContent())!.trim();
      expect(cause.length).toBeGreaterThan(10);
      expect(cause).not.toMatch(/\b[a-z]+_[a-z_]+\b/);
      expect(await message.getByRole('link').getAttribute('href')).toMatch(/^\/(billing|configuration)/);
      // Each row explains itself: from -> to, why this date.
      const row = p.locator('.report-table tbody tr.has-message').first();
      expect(Number(await row.locator('td[data-key="fromCount"]').textContent())).toBeGreaterThanOrEqual(0);
      expect(Number(await row.locator('td[data-key="toCount"]').textContent())).toBeGreaterThan(0);
      expect(await row.locator('td[data-key="dateReason"]').textContent()).toMatch(/Increase|Decrease|Moved|Held/);
      expect(await row.locator('td[data-key="status"] .pill').textContent()).toBe('Failed');
      const attemptsBefore = Number(/Attempts: (\d+)/.exec(meta)![1]);
      // The PSA still refuses (the fault is armed again): Retry now must make one more attempt, not post.
      await server.failPosts('Unable to save: the Contract is being edited by another resource.');
      await message.getByRole('button', { name: /^Retry now/ }).click();
      await expect.poll(() => p.locator('.status-ok').textContent()).toMatch(/^(Retrying now: a sync cycle started\.|Due now: the running cycle or the next one posts it\.)$/);
      // The retry happened (one more attempt) and the row stays with its message.
      await expect.poll(async () => Number(/Attempts: (\d+)/.exec((await p.locator('.message-row').first().locator('.message-meta').textContent()) ?? '')?.[1]), { timeout: 30_000 })
        .toBeGreaterThan(attemptsBefore);
      expect(await noSideScroll(p)).toBe(true);
      await p.screenshot({ path: `${SHOTS}/defect-failure-log-${width}.png`, fullPage: true });
      await axe(p, `/reports/failures @${width}`);
      await p.close();
    });
  }

  for (const width of WIDTHS) {
    it(`CSV: dates in the tenant's zone as YYYY-MM-DD, numbers with a fixed decimal point, read as a spreadsheet would (${width} px)`, { timeout: 60_000 }, async () => {
      const p = await page('/reports/adjustments', width);
      await expect.poll(() => p.locator('.report-table tbody tr:not(.message-row)').count(), { timeout: 20_000 }).toBeGreaterThan(0);
      const [download] = await Promise.all([p.waitForEvent('download'), p.getByRole('button', { name: 'Export to CSV' }).click()]);
      const csv = readFileSync((await download.path())!, 'utf8');
      expect(csv.charCodeAt(0)).toBe(0xfeff);
      const rows = parse(csv.slice(1), { columns: true }) as Record<string, string>[];
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) {
        // A spreadsheet takes YYYY-MM-DD (and YYYY-MM-DD HH:MM) as a date, never a text instant like 2026-12-03T15:01:51.863Z.
        expect(r['Effective date']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(r['Posted']).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
        expect(Number.isNaN(Date.parse(r['Effective date']!))).toBe(false);
        // Amounts always carry two decimals with a point (never -180 beside 58.06), counts are whole numbers.
        if (r['Estimated amount']) expect(r['Estimated amount']).toMatch(/^-?\d+\.\d{2}$/);
        for (const k of ['From', 'To', 'Unit change']) if (r[k]) expect(r[k]).toMatch(/^-?\d+$/);
      }
      const shownDates = (await p.locator('.report-table tbody td[data-key="effectiveDate"]').allTextContents()).map((d) => d.trim());
      expect(rows.map((r) => r['Effective date'])).toEqual(expect.arrayContaining(shownDates.filter(Boolean)));
      await p.screenshot({ path: `${SHOTS}/defect-csv-export-${width}.png` });
      await p.close();
    });
  }

  for (const width of WIDTHS) {
    it(`Charts: daily bars without clock times, labelled, values in the numbers table, names readable (${width} px)`, { timeout: 60_000 }, async () => {
      const home = await page('/', width);
      await expect.poll(() => home.locator('figure.chart').count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
      const text = (await home.locator('main').textContent())!;
      expect(text).not.toMatch(/\b\d{1,2}:\d{2}\s?(am|pm)\b/i);
      expect(text).not.toMatch(/--/);
      for (const fig of await home.locator('figure.chart').all()) {
        expect((await fig.locator('.chart-title').textContent())!.trim().length).toBeGreaterThan(0);
        await fig.locator('summary', { hasText: 'Show the numbers' }).click();
        const heads = (await fig.locator('.chart-data thead th').allTextContents()).map((h) => h.trim());
        expect(heads.length).toBeGreaterThan(1);
        const firstCells = (await fig.locator('.chart-data tbody tr').first().locator('td').allTextContents()).map((c) => c.trim());
        if (heads[0] === 'Date') expect(firstCells[0]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        else expect(firstCells[0]!.length).toBeGreaterThan(3);
      }
      expect(await noSideScroll(home)).toBe(true);
      await home.screenshot({ path: `${SHOTS}/defect-charts-${width}.png`, fullPage: true });
      await home.close();
    });
  }

  for (const [i, width] of WIDTHS.entries()) {
    it(`Thin feedback: setting a relation says PSA units before, the Marketplace count, the posted change, its date and amount (${width} px)`, { timeout: 120_000 }, async () => {
      await server.failPosts(null);
      const p = await page('/billing', width);
      // A linked resource far from the ones the failures above used; its PSA units are moved off the Marketplace count.
      const target = await p.evaluate(async (n) => (await (await fetch('/api/reports/linked?pageSize=20&sort=-resourceName')).json()).rows[n], i);
      const count = Number(target.count);
      const psaUnits = count > 2 ? count - 2 : count + 2;
      const listed = await p.evaluate(async (id) => (await (await fetch(`/api/psa/services?contractId=${id}`)).json()).items, target.psaContractId);
      const service = listed.find((x: { serviceId: string }) => x.serviceId === target.psaServiceId);
      await server.setPsaUnits(service.contractServiceId, psaUnits);
      await p.goto(`${server.url}/billing?search=${encodeURIComponent(target.companyName)}`);
      const row = p.locator('.mrow-res', { hasText: target.resourceName }).filter({ has: p.getByRole('button', { name: 'Unset Relation' }) }).first();
      await row.getByRole('button', { name: 'Unset Relation' }).click();
      await p.getByRole('alertdialog').getByRole('button', { name: 'Unset Relation' }).click();
      const select = p.getByLabel(`Service for ${target.resourceName} (${target.subscriptionName}, ${target.companyName})`);
      await select.focus();
      await expect.poll(() => select.locator('option').count(), { timeout: 20_000 }).toBeGreaterThan(1);
      // Each service shows the PSA's current units and its price.
      for (const o of (await select.locator('option').allTextContents()).slice(1)) expect(o).toMatch(/\((\d[\d,]* units?|units unknown), (\$[\d,]+\.\d{2} each|no price)\)$/);
      await select.selectOption(target.psaServiceId);
      await select.locator('xpath=..').getByRole('button', { name: 'Set Relation' }).click();
      const result = p.locator('.mrow-res .row-result').first();
      await expect.poll(() => result.textContent(), { timeout: 30_000 }).toMatch(/^Relation set\./);
      const said = (await result.textContent())!;
      expect(said).toContain(`PSA had ${psaUnits} unit${psaUnits === 1 ? '' : 's'}, the Marketplace has ${count}.`);
      expect(said).toMatch(new RegExp(`(posted|Reconciliation of) ${count > psaUnits ? '\\+' : '-'}2 units?`));
      expect(said).toMatch(/effective \d{4}-\d{2}-\d{2} \((from today|at the next period start|the next free day[^)]*)\), estimated -?\$[\d,]+\.\d{2}/);
      expect(await noSideScroll(p)).toBe(true);
      await p.screenshot({ path: `${SHOTS}/defect-relation-feedback-${width}.png`, fullPage: true });
      await axe(p, `/billing @${width}`);
      await p.close();
    });
  }

  for (const width of WIDTHS) {
    it(`Manage Relations: a row without a suggestion is ticked, its PSA side chosen, the change counted and applied (${width} px)`, { timeout: 120_000 }, async () => {
      const p = await page('/billing/relations', width);
      await expect.poll(() => p.locator('tbody input[type=checkbox]:not([disabled])').count(), { timeout: 30_000 }).toBeGreaterThan(0);
      // The first row that is neither linked nor suggested: before issue 13 it could not be ticked.
      const row = p.locator('tbody tr', { has: p.locator('.pill', { hasText: 'Not linked' }) }).first();
      await row.locator('input[type=checkbox]').check();
      const pickers = row.locator('select.relation-pick');
      await expect.poll(() => pickers.count(), { timeout: 20_000 }).toBeGreaterThan(0);
      // Choose each level the row still needs, in order (a choice opens the next level's list).
      for (let level = 0; level < 3; level++) {
        const open = row.locator('select.relation-pick');
        const n = await open.count();
        let chose = false;
        for (let k = 0; k < n; k++) {
          const sel = open.nth(k);
          if (await sel.inputValue()) continue;
          await expect.poll(() => sel.locator('option').count(), { timeout: 20_000 }).toBeGreaterThan(1);
          await sel.selectOption({ index: 1 });
          chose = true;
          break;
        }
        if (!chose) break;
      }
      await expect.poll(() => p.locator('.bulk-count').textContent()).toMatch(/^Will set [1-9]\d* compan(y|ies), \d+ subscriptions?, and \d+ resource relations?|^Will set/);
      const counted = (await p.locator('.bulk-count').textContent())!;
      const set = p.getByRole('button', { name: /^Set Relations \(\d+\)$/ });
      await set.click();
      await expect.poll(() => p.locator('.status-ok, .status-warn').first().textContent(), { timeout: 30_000 }).toMatch(/^[1-9]\d* relations? changed\./);
      expect(counted).toMatch(/Will set/);
      expect(await noSideScroll(p)).toBe(true);
      await p.screenshot({ path: `${SHOTS}/defect-manage-relations-${width}.png`, fullPage: true });
      await axe(p, `/billing/relations @${width}`);
      await p.close();
    });
  }

  it('axe finds nothing serious or critical on any screen touched above, at either width', () => {
    expect(axeFound).toEqual([]);
  });
});
