/**
 * Where ../shared/specs is: beside the repo (/work/main -> /work/shared) or, for a worktree one level deeper
 * (/work/wt/<name>), two levels up. The first that exists wins, so spec validation runs in both.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function sharedSpec(relative: string): string {
  const candidates = ['../shared/specs', '../../shared/specs'].map((d) => path.resolve(root, d, relative));
  return candidates.find((p) => fs.existsSync(p)) ?? candidates[0]!;
}
