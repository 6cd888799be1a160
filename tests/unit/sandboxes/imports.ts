/**
 * Walks the static import graph of a folder (import, `export ... from`, side-effect and literal dynamic imports,
 * as TypeScript's own pre-processor sees them) and returns every edge that lands outside it.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface Edge { from: string; to: string }

const resolveLocal = (fromFile: string, spec: string): string | null => {
  const base = path.resolve(path.dirname(fromFile), spec);
  const candidates = [base, base.replace(/\.js$/, '.ts'), `${base}.ts`, path.join(base, 'index.ts')];
  return candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile()) ?? null;
};

/** Specifiers a file imports or re-exports. */
export function specifiersOf(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

/** Every relative edge reachable from the files under `root`, followed through whatever files they reach. */
export function reachableEdges(root: string): Edge[] {
  const start = fs.readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(root, f));
  const seen = new Set<string>(start);
  const queue = [...start];
  const edges: Edge[] = [];
  while (queue.length) {
    const file = queue.shift()!;
    for (const spec of specifiersOf(fs.readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) continue; // packages (hono, zod, node:*) are not the product
      const to = resolveLocal(file, spec);
      if (!to) throw new Error(`${file}: cannot resolve ${spec}`);
      edges.push({ from: file, to });
      if (!seen.has(to)) { seen.add(to); queue.push(to); }
    }
  }
  return edges;
}

export const inside = (dir: string, file: string): boolean => !path.relative(dir, file).startsWith('..');
