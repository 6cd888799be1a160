/**
 * wrangler's D1 migrations are flat numbered .sql files; drizzle-kit writes one folder per migration.
 * This copies migrations/sqlite/<stamp>_<name>/migration.sql to migrations/d1/<NNNN>_<stamp>_<name>.sql.
 * `npm run db:generate` runs it; tests/unit/db/d1-migrations.test.ts fails when the two drift apart.
 */
import fs from 'node:fs';
import path from 'node:path';

export function d1MigrationFiles(root: string): Map<string, string> {
  const src = path.join(root, 'migrations/sqlite');
  const out = new Map<string, string>();
  const dirs = fs.readdirSync(src).filter((d) => /^\d{14}_/.test(d)).sort();
  dirs.forEach((d, i) => {
    const sql = fs.readFileSync(path.join(src, d, 'migration.sql'), 'utf8').replace(/--> statement-breakpoint\n?/g, '');
    out.set(`${String(i + 1).padStart(4, '0')}_${d}.sql`, sql);
  });
  return out;
}

if (process.argv[1]?.endsWith('d1-migrations.ts')) {
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
  const dir = path.join(root, 'migrations/d1');
  fs.mkdirSync(dir, { recursive: true });
  for (const f of fs.readdirSync(dir)) if (f.endsWith('.sql')) fs.rmSync(path.join(dir, f));
  for (const [name, sql] of d1MigrationFiles(root)) fs.writeFileSync(path.join(dir, name), sql);
}
