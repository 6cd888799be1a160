/**
 * The committed migrations are what the schema says: drizzle-kit, run against a copy of each dialect's
 * migrations folder, finds nothing to generate; and migrations/d1 (wrangler's flat format) holds exactly
 * what scripts/d1-migrations.ts makes from migrations/sqlite.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { d1MigrationFiles } from '../../../scripts/d1-migrations.js';

const root = path.resolve(__dirname, '../../..');

describe('committed migrations', () => {
  for (const dialect of ['sqlite', 'mssql'] as const) {
    it(`${dialect}: drizzle-kit finds no schema change left to migrate`, () => {
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `idsync-mig-${dialect}-`));
      const out = path.join(tmp, 'out');
      fs.cpSync(path.join(root, 'migrations', dialect), out, { recursive: true });
      const config = path.join(tmp, 'drizzle.config.ts');
      fs.writeFileSync(config, `export default ${JSON.stringify({ dialect, schema: path.join(root, `server/db/${dialect}/index.ts`), out })};\n`);
      const before = fs.readdirSync(out).sort();
      const run = spawnSync(path.join(root, 'node_modules/.bin/drizzle-kit'), ['generate', '--config', config], { cwd: root, encoding: 'utf8', timeout: 60_000 });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/No schema changes/);
      expect(fs.readdirSync(out).sort()).toEqual(before);
    });
  }

  it('migrations/d1 is the flat copy of migrations/sqlite that wrangler applies', () => {
    const dir = path.join(root, 'migrations/d1');
    const committed = new Map(fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
    const expected = d1MigrationFiles(root);
    expect([...committed.keys()]).toEqual([...expected.keys()]);
    for (const [name, sql] of expected) expect(committed.get(name), `${name} differs: run npm run db:generate`).toBe(sql);
  });
});
