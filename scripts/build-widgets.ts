/**
 * Static widgets for hosts without esbuild at runtime (Cloudflare Workers): writes the same bundle the
 * Node host builds in memory to dist/widgets/ (assets, the HTML shell as index.html for every screen
 * URL, and a _headers file with the same Content-Security-Policy). wrangler.toml's [build] runs this and
 * its [assets] serves the folder, with screen URLs falling back to index.html.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWidgets, contentSecurityPolicy, FAVICON, shellHtml } from '../server/routes/widgets.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist/widgets');

const bundle = await buildWidgets();
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(path.join(out, 'assets'), { recursive: true });
for (const [name, file] of bundle.files) fs.writeFileSync(path.join(out, 'assets', name), file.body);
fs.writeFileSync(path.join(out, 'assets/favicon.svg'), FAVICON);
fs.writeFileSync(path.join(out, 'index.html'), shellHtml(bundle));
fs.writeFileSync(
  path.join(out, '_headers'),
  [
    '/*',
    `  Content-Security-Policy: ${contentSecurityPolicy()}`,
    '  X-Content-Type-Options: nosniff',
    '  Referrer-Policy: same-origin',
    '/assets/*',
    '  Cache-Control: public, max-age=31536000, immutable',
    '',
  ].join('\n'),
);
console.log(`widgets: ${bundle.files.size} files written to ${path.relative(root, out)}/`);
