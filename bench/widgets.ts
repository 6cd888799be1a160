/**
 * Widgets benchmark: the JavaScript each screen downloads (gzipped, uPlot and Preact included) and the
 * time to first render of the Billing (mapping) screen with 2,000 companies in headless Chromium against
 * the fake API. Prints figures; asserts nothing.
 */
import { existsSync } from 'node:fs';
import { buildWidgets } from '../server/routes/widgets.js';
import { CHROMIUM, CHROMIUM_ARGS, startFakeServer } from '../tests/browser/server.js';
import { figure } from './figures.js';

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

export async function benchWidgets(): Promise<string[]> {
  const lines: string[] = [];
  const t0 = performance.now();
  const b = await buildWidgets();
  lines.push(`widgets: esbuild bundle built in ${(performance.now() - t0).toFixed(0)} ms (${b.files.size} files)`);
  for (const [screen, s] of Object.entries(b.screens))
    lines.push(`${figure(`widgets: ${screen} gzipped JS`, s.gzip / 1024, 'KB', { below: 40 }, 1)} (${kb(s.bytes)} minified, ${s.files.length} files)`);
  const both = new Set([...(b.screens.reports?.files ?? []), ...(b.screens['report charts']?.files ?? [])]);
  const gzOf = (names: Set<string>) => [...names].reduce((n, f) => n + (b.files.get(f)?.gzip.length ?? 0), 0);
  lines.push(`${figure('widgets: reports with their chart gzipped JS', gzOf(both) / 1024, 'KB', { below: 40 }, 1)} (table first, uPlot chunk after)`);
  const own = Object.entries(b.inputs).filter(([g]) => !g.includes('/') && !['preact', 'htm', 'uplot'].includes(g));
  const deps = Object.entries(b.inputs).filter(([g]) => !own.some(([o]) => o === g));
  const ownBytes = own.reduce((n, [, v]) => n + v, 0);
  const allBytes = Object.values(b.inputs).reduce((n, v) => n + v, 0);
  lines.push(`widgets: app's own code ${kb(ownBytes)} of ${kb(allBytes)} minified (${((100 * ownBytes) / allBytes).toFixed(0)}%); ` +
    deps.map(([g, v]) => `${g} ${kb(v)}`).join(', '));
  const css = [...b.files.entries()].find(([n]) => n.endsWith('.css'))![1];
  lines.push(`widgets: stylesheet ${kb(css.gzip.length)} gzipped (uPlot's CSS included)`);

  if (!existsSync(CHROMIUM)) return [...lines, `widgets: mapping first render skipped: ${CHROMIUM} is absent`];
  const { chromium } = await import('playwright-core');
  const server = await startFakeServer({ companies: 2000 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const login = await ctx.newPage();
    await login.goto(`${server.url}/login`);
    await login.getByLabel('Username (e-mail)').fill(server.admin.email);
    await login.getByLabel('Password').fill(server.admin.password);
    await login.getByRole('button', { name: 'Login' }).click();
    await login.waitForURL(`${server.url}/`);
    await login.close();
    const runs: { first: number; all: number; rows: number; scroll: number }[] = [];
    for (let i = 0; i < 3; i++) {
      const page = await ctx.newPage();
      // Recorded in the page by the DevTools protocol (not an inline script, so the CSP is untouched).
      await page.addInitScript(() => {
        const w = window as unknown as { firstRow?: number; allLoaded?: number };
        new MutationObserver(() => {
          if (w.firstRow === undefined && document.querySelector('.mrow-company')) w.firstRow = performance.now();
          if (w.firstRow !== undefined && w.allLoaded === undefined && /across 2,000 companies/.test(document.body.textContent ?? '') && !document.querySelector('.progress'))
            w.allLoaded = performance.now();
        }).observe(document, { childList: true, subtree: true, characterData: true });
      });
      await page.goto(`${server.url}/billing`);
      await page.waitForFunction(() => (window as unknown as { allLoaded?: number }).allLoaded !== undefined, null, { timeout: 60_000 });
      const { first, all } = await page.evaluate(() => ({ first: (window as any).firstRow as number, all: (window as any).allLoaded as number }));
      const rows = await page.locator('.vrow').count();
      const scroll = await page.evaluate(async () => {
        const steps = 60;
        const start = performance.now();
        for (let s = 0; s < steps; s++) {
          window.scrollBy(0, 1800);
          await new Promise((r) => requestAnimationFrame(() => r(null)));
        }
        return (performance.now() - start) / steps;
      });
      runs.push({ first, all, rows, scroll });
      await page.close();
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    lines.push(`${figure('widgets: mapping, 2,000 companies: first rows on screen after navigation', med(runs.map((r) => r.first)), 'ms', { below: 300 }, 0)}, ` +
      `all companies loaded ${med(runs.map((r) => r.all)).toFixed(0)} ms (median of ${runs.length}, headless Chromium)`);
    lines.push(`widgets: mapping, 2,000 companies: ${runs[0]!.rows} rows in the DOM; scrolling ${med(runs.map((r) => r.scroll)).toFixed(1)} ms per 1,800 px step (one frame each)`);
  } finally {
    await browser.close();
    await server.stop();
  }
  return lines;
}

const invokedDirectly = process.argv[1]?.endsWith('bench/widgets.ts');
if (invokedDirectly) benchWidgets().then((l) => console.log(l.join('\n')));
export default benchWidgets;
