/**
 * The sandboxes stand in for three services nobody here can reach, so they must not borrow the client's rules:
 * a wrong rule in a client would then be right in its sandbox and no test could see it (issue 12, item 1).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inside, reachableEdges, specifiersOf } from './imports.js';

const server = path.resolve(import.meta.dirname, '../../../server');
const sandboxes = path.join(server, 'sandboxes');
const FORBIDDEN = ['marketplace', 'psa', 'domain', 'sync'].map((d) => path.join(server, d));
const rel = (f: string) => path.relative(server, f);

describe('sandbox independence', () => {
  it('no sandbox file reaches server/marketplace, server/psa, server/domain or server/sync, directly or through another file', () => {
    const bad = reachableEdges(sandboxes).filter((e) => FORBIDDEN.some((d) => inside(d, e.to)));
    expect(bad.map((e) => `${rel(e.from)} -> ${rel(e.to)}`)).toEqual([]);
  });

  it('the sandboxes import nothing of the product at all (only their own files and packages)', () => {
    const out = reachableEdges(sandboxes).filter((e) => !inside(sandboxes, e.to));
    expect(out.map((e) => `${rel(e.from)} -> ${rel(e.to)}`)).toEqual([]);
  });

  it('the walker sees re-exports, type imports, side-effect and dynamic imports, and follows them through other files', () => {
    expect(specifiersOf(`export { x } from './a.js';\nimport type { T } from "./b.js";\nimport './c.js';\nconst m = await import('./d.js');`))
      .toEqual(['./a.js', './b.js', './c.js', './d.js']);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'walk-'));
    fs.mkdirSync(path.join(dir, 'sandboxes/x'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'psa'));
    fs.writeFileSync(path.join(dir, 'sandboxes/x/a.ts'), "export * from '../shared.js';\n");
    fs.writeFileSync(path.join(dir, 'sandboxes/shared.ts'), "export { rule } from '../helper.js';\n");
    fs.writeFileSync(path.join(dir, 'helper.ts'), "export { rule } from './psa/rules.js';\n");
    fs.writeFileSync(path.join(dir, 'psa/rules.ts'), 'export const rule = 1;\n');
    const edges = reachableEdges(path.join(dir, 'sandboxes'));
    expect(edges.some((e) => e.to === path.join(dir, 'psa/rules.ts'))).toBe(true);
    fs.rmSync(dir, { recursive: true });
  });
});
