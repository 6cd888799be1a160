import { beforeAll, describe, expect, it } from 'vitest';
import { buildWidgets, contentSecurityPolicy, createWidgetsApp, type WidgetBundle } from '../../../server/routes/widgets.js';
import { SHELL_PATHS } from '../../../widgets/shell/routes.js';

describe('serving the widgets', () => {
  let bundle: WidgetBundle;
  let app: ReturnType<typeof createWidgetsApp>;
  beforeAll(async () => {
    bundle = await buildWidgets();
    app = createWidgetsApp({ bundle });
  });

  it('answers every screen URL with the HTML shell under a strict CSP and no inline script', async () => {
    for (const path of [...SHELL_PATHS, '/reports/unlinked?context=autotask']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      const body = await res.text();
      expect(body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(body).not.toMatch(/\sstyle=|<style/);
      expect(body).toContain(`<script type="module" src="/assets/${bundle.entry}"></script>`);
    }
    expect((await app.request('/reports/nope')).status).toBe(404);
  });

  it('serves content-hashed assets with long cache headers, gzipped when asked', async () => {
    const html = await (await app.request('/')).text();
    const js = /src="\/assets\/([^"]+)"/.exec(html)![1]!;
    const css = /href="\/assets\/(app\.[^"]+\.css)"/.exec(html)![1]!;
    const res = await app.request(`/assets/${js}`);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await res.arrayBuffer()).byteLength).toBe(bundle.files.get(js)!.body.length);
    const gz = await app.request(`/assets/${js}`, { headers: { 'accept-encoding': 'gzip, br' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    const cssText = await (await app.request(`/assets/${css}`)).text();
    expect(cssText).toContain('.u-legend');
    expect(cssText).toContain('.sidebar');
    expect((await app.request('/assets/app.0000.js')).status).toBe(404);
  });

  it('splits each screen into its own chunk so Billing and the Home figures do not download uPlot', () => {
    expect(Object.keys(bundle.screens).sort()).toEqual(['audit trail', 'billing', 'configuration', 'connectwise pod', 'home', 'home charts', 'login', 'margins', 'pod', 'preview', 'relations', 'report charts', 'reports', 'review', 'shell']);
    const uplotChunk = [...bundle.files.entries()].find(([, f]) => new TextDecoder().decode(f.body).includes('u-legend'))![0];
    expect(bundle.screens.home!.files).not.toContain(uplotChunk);
    expect(bundle.screens['home charts']!.files).toContain(uplotChunk);
    expect(bundle.screens.billing!.files).not.toContain(uplotChunk);
    expect(bundle.screens.reports!.files).not.toContain(uplotChunk);
    expect(bundle.screens['audit trail']!.files).not.toContain(uplotChunk);
    expect(bundle.screens['report charts']!.files).toContain(uplotChunk);
    expect(bundle.inputs.uplot).toBeGreaterThan(0);
  });

  it('lets the PSA pods frame the screens and nobody else', () => {
    expect(contentSecurityPolicy()).toContain("frame-ancestors 'self' https://*.autotask.net https://*.myconnectwise.net");
    expect(contentSecurityPolicy(["'none'"])).toContain("frame-ancestors 'none'");
  });
});
