/**
 * Serves the screens: the widgets bundled by esbuild once (in memory, minified, content-hashed) and the
 * HTML shell for every screen URL, under a strict Content-Security-Policy (no inline script or style).
 * The Node host mounts this at `/` after the API; Workers serve the same bundle as static assets
 * written by scripts/build-widgets.ts.
 */
import { Hono } from 'hono';
import { SHELL_PATHS } from '../../widgets/shell/routes.js';
import { frameAncestorsFor, NO_FRAMING } from '../embed/frame-policy.js';

export interface WidgetFile {
  type: string;
  body: Uint8Array;
  gzip: Uint8Array;
}

export interface WidgetBundle {
  /** The entry script and stylesheet names (content-hashed), as the HTML shell links them. */
  entry: string;
  css: string;
  /** Every servable file by name: the entry, one chunk per screen, shared chunks, the stylesheet. */
  files: Map<string, WidgetFile>;
  /** Minified bytes per input group (app folders, each dependency), from esbuild's metafile. */
  inputs: Record<string, number>;
  /** Per screen: the JavaScript a browser downloads to show it (entry + its chunk + shared chunks). */
  screens: Record<string, { files: string[]; bytes: number; gzip: number }>;
}

export async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** widgets/mapping/view.ts -> "mapping"; node_modules/uplot/... -> "uplot". */
export function inputGroup(path: string): string {
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (nm) return nm[1]!;
  const w = /widgets\/([^/]+)\//.exec(path);
  return w ? w[1]! : 'app';
}

const enc = new TextEncoder();
const widgetsDir = () => decodeURIComponent(new URL('../../widgets/', import.meta.url).pathname);
const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/** Which screen a dynamically imported chunk serves, from the source file it starts from. */
const SCREEN_OF: Record<string, string> = {
  'widgets/login/view.ts': 'login',
  'widgets/dashboard/view.ts': 'home',
  'widgets/mapping/view.ts': 'billing',
  'widgets/mapping/relations.ts': 'relations',
  'widgets/reports/view.ts': 'reports',
  'widgets/reports/charts.ts': 'report charts',
  'widgets/dashboard/charts-grid.ts': 'home charts',
  'widgets/configuration/view.ts': 'configuration',
  'widgets/pod/view.ts': 'pod',
  'widgets/pod/connectwise.ts': 'connectwise pod',
  'widgets/trust/review.ts': 'review',
  'widgets/trust/preview.ts': 'preview',
  'widgets/trust/margins.ts': 'margins',
  'widgets/trust/audit.ts': 'audit trail',
};

/** Bundles widgets/main.ts (split per screen) and widgets/styles.css (with uPlot's CSS) into memory. */
export async function buildWidgets(): Promise<WidgetBundle> {
  const esbuild = await import('esbuild');
  const dir = widgetsDir();
  const common = { bundle: true, minify: true, write: false, metafile: true, logLevel: 'silent', legalComments: 'none', absWorkingDir: dir + '..' } as const;
  const [js, css] = await Promise.all([
    esbuild.build({
      ...common,
      entryPoints: { app: dir + 'main.ts' },
      format: 'esm',
      splitting: true,
      target: 'es2020',
      outdir: 'out',
      entryNames: '[name].[hash]',
      chunkNames: '[name].[hash]',
    }),
    esbuild.build({ ...common, entryPoints: { app: dir + 'styles.css' }, outdir: 'out', entryNames: '[name].[hash]' }),
  ]);
  const files = new Map<string, WidgetFile>();
  for (const f of [...js.outputFiles, ...css.outputFiles]) {
    const name = base(f.path);
    files.set(name, { type: name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8', body: f.contents, gzip: await gzip(f.contents) });
  }
  const inputs: Record<string, number> = {};
  let entry = '';
  const outs = js.metafile.outputs;
  for (const [path, out] of Object.entries(outs)) {
    if (out.entryPoint?.endsWith('widgets/main.ts')) entry = base(path);
    for (const [input, info] of Object.entries(out.inputs)) {
      const g = inputGroup(input);
      inputs[g] = (inputs[g] ?? 0) + info.bytesInOutput;
    }
  }
  /** Static imports of one output, transitively: what must load before it runs. */
  const closure = (path: string, seen = new Set<string>()) => {
    if (seen.has(path)) return seen;
    seen.add(path);
    for (const imp of outs[path]?.imports ?? []) if (imp.kind === 'import-statement') closure(imp.path, seen);
    return seen;
  };
  const entryPath = Object.keys(outs).find((p) => base(p) === entry)!;
  const screens: WidgetBundle['screens'] = {};
  const measure = (paths: Set<string>) => {
    const names = [...paths].map(base);
    const bytes = names.reduce((n, f) => n + (files.get(f)?.body.length ?? 0), 0);
    const gz = names.reduce((n, f) => n + (files.get(f)?.gzip.length ?? 0), 0);
    return { files: names, bytes, gzip: gz };
  };
  screens.shell = measure(closure(entryPath));
  for (const [path, out] of Object.entries(outs)) {
    const screen = out.entryPoint ? SCREEN_OF[out.entryPoint] : undefined;
    if (screen) screens[screen] = measure(closure(path, closure(entryPath)));
  }
  const cssName = base(css.outputFiles[0]!.path);
  return { entry, css: cssName, files, inputs, screens };
}

export interface WidgetsOptions {
  /** A prebuilt bundle, or how to get one; default: build with esbuild on first request. */
  bundle?: WidgetBundle | (() => Promise<WidgetBundle>);
  /**
   * Who may frame the screens. Default: decided per request and tenant (server/embed/frame-policy.ts);
   * a fixed list serves hosts that cannot decide per request (the static Workers assets).
   */
  frameAncestors?: string[];
}

export const DEFAULT_FRAME_ANCESTORS = ["'self'", 'https://*.autotask.net', 'https://*.myconnectwise.net', 'https://*.connectwisedev.com'];

export function contentSecurityPolicy(frameAncestors = DEFAULT_FRAME_ANCESTORS): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors.join(' ')}`,
  ].join('; ');
}

export function shellHtml(b: Pick<WidgetBundle, 'entry' | 'css'>): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>IDSync Cloud Billing</title>
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/${b.css}">
<script type="module" src="/assets/${b.entry}"></script>
</head>
<body>
<div id="app"><noscript>IDSync Cloud Billing needs JavaScript.</noscript></div>
</body>
</html>
`;
}

export const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#1f5fbf"/><text x="16" y="21" font-family="Arial" font-size="13" font-weight="700" fill="#fff" text-anchor="middle">ID</text></svg>`;

export function createWidgetsApp(opts: WidgetsOptions = {}) {
  const app = new Hono();
  let pending: Promise<WidgetBundle> | null = null;
  const bundle = () => {
    if (!pending) {
      const b = opts.bundle;
      pending = b === undefined ? buildWidgets() : typeof b === 'function' ? b() : Promise.resolve(b);
      pending.catch(() => (pending = null));
    }
    return pending;
  };
  // Assets and the icon are never documents worth framing.
  const csp = contentSecurityPolicy(opts.frameAncestors ?? NO_FRAMING);
  const security = {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
  };

  app.get('/assets/favicon.svg', (c) =>
    c.body(FAVICON, 200, { 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=86400', ...security }),
  );
  app.get('/assets/:file', async (c) => {
    const file = (await bundle()).files.get(c.req.param('file'));
    if (!file) return c.text('Not found', 404);
    const gz = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
    const headers: Record<string, string> = {
      'content-type': file.type,
      'cache-control': 'public, max-age=31536000, immutable',
      vary: 'Accept-Encoding',
      ...security,
    };
    if (gz) headers['content-encoding'] = 'gzip';
    return c.body((gz ? file.gzip : file.body) as Uint8Array<ArrayBuffer>, 200, headers);
  });
  const shell = async (c: import('hono').Context) => {
    const b = await bundle();
    const ancestors = opts.frameAncestors ?? (await frameAncestorsFor(c));
    return c.body(enc.encode(shellHtml(b)) as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'text/html; charset=utf-8',
      // The frame policy depends on the session: a cached shell must not carry another user's.
      'cache-control': 'no-cache',
      vary: 'Cookie',
      ...security,
      'content-security-policy': contentSecurityPolicy(ancestors),
    });
  };
  for (const p of SHELL_PATHS) app.get(p, shell);
  return app;
}

/** The sub-app the lead mounts at `/`. */
export const widgets = createWidgetsApp();
export default widgets;
