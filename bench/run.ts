/**
 * `npm run bench`: runs every benchmark module in bench/ (or those named on the command line, e.g.
 * `npm run bench -- marketplace sync`) one after another and prints their figures. Benchmarks assert
 * nothing about time; each runs in a fresh child process so peak-memory figures are its own. Each
 * module's figures (with their goals, the machine's load and the printed lines) are also written to
 * bench/results/<module>.json. `--quick` (or BENCH_QUICK=1) runs the same paths at small sizes.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const child = process.env.BENCH_CHILD;

if (child) {
  const mod = (await import(path.join(here, `${child}.ts`))) as Record<string, unknown>;
  const fn = (mod.default ?? Object.values(mod).find((v) => typeof v === 'function')) as () => Promise<string[]>;
  const loadBefore = os.loadavg();
  const started = new Date();
  const lines = await fn();
  for (const l of lines) console.log(`  ${l}`);
  const { collectedFigures, quick } = await import('./figures.js');
  const out = path.join(here, 'results', `${child}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const result = {
    module: child, startedAt: started.toISOString(), finishedAt: new Date().toISOString(), quick,
    machine: { cpus: os.cpus().length, loadavgBefore: loadBefore, loadavgAfter: os.loadavg(), node: process.version },
    figures: collectedFigures(), lines,
  };
  fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`  (figures written to ${path.relative(process.cwd(), out)}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')})`);
  process.exit(0);
} else {
  const all = fs.readdirSync(here).filter((f) => f.endsWith('.ts') && !['run.ts', 'figures.ts'].includes(f) && !f.startsWith('_')).map((f) => f.replace(/\.ts$/, '')).sort();
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const quickRun = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
  const names = wanted.length ? all.filter((n) => wanted.includes(n)) : all;
  let failed = 0;
  for (const name of names) {
    console.log(`\n== ${name} ==`);
    const started = Date.now();
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', path.join(here, 'run.ts')], {
      env: { ...process.env, BENCH_CHILD: name, BENCH_QUICK: quickRun ? '1' : '0' },
      stdio: 'inherit',
    });
    if (r.status !== 0) failed++;
    console.log(`  (${name}: ${((Date.now() - started) / 1000).toFixed(1)} s including set-up)`);
  }
  process.exit(failed ? 1 : 0);
}
