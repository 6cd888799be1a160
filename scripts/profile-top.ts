/**
 * `tsx scripts/profile-top.ts /tmp/sync-600-changes.cpuprofile [n]`: the top self times of a V8 CPU
 * profile (what `BENCH_PROFILE=1 npm run bench -- sync` or `node --cpu-prof` writes), summed by function
 * and by file, so the costs of a cycle can be read without opening DevTools.
 */
import fs from 'node:fs';

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

const [file, nArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: tsx scripts/profile-top.ts <file.cpuprofile> [n]');
  process.exit(2);
}
const n = Number(nArg ?? 30);
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((x) => [x.id, x]));
const selfMicros = new Map<number, number>();
profile.samples.forEach((id, i) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

/** A file named from the project root (or node_modules/<package>), so the table stays readable. */
function shortFile(url: string): string {
  if (!url) return '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length).split('/').slice(0, 2).join('/');
  const m = /\/(server|bench|tests|scripts)\/.*/.exec(url);
  return m ? m[0].slice(1) : url.replace(/^file:\/\//, '');
}

const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
let total = 0;
for (const [id, us] of selfMicros) {
  const cf = byId.get(id)!.callFrame;
  const f = shortFile(cf.url);
  const fn = `${cf.functionName || '(anonymous)'}  ${f}:${cf.lineNumber + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  byFile.set(f, (byFile.get(f) ?? 0) + us);
  total += us;
}

const table = (title: string, m: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n)) {
    console.log(`${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`);
  }
};
// Inclusive time of the project's own functions (each counted once per sample): where the time goes.
const parent = new Map<number, number>();
for (const x of profile.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
const inclusive = new Map<string, number>();
profile.samples.forEach((id, i) => {
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const cf = byId.get(at)!.callFrame;
    if (!/\/(server|bench)\//.test(cf.url)) continue;
    const fn = `${cf.functionName || '(anonymous)'}  ${shortFile(cf.url)}:${cf.lineNumber + 1}`;
    if (seen.has(fn)) continue;
    seen.add(fn);
    inclusive.set(fn, (inclusive.get(fn) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
});

console.log(`profile: ${((profile.endTime - profile.startTime) / 1e6).toFixed(2)} s, sampled ${(total / 1e6).toFixed(2)} s`);
table('self time by function', byFunction);
table('self time by file', byFile);
table('inclusive time of server/ and bench/ functions', inclusive);
