/**
 * The security suite every /api route joins by being registered (server/routes/index.ts): it walks the
 * app's route table, so a new route is checked without anyone remembering to add it here.
 *  - without a session: 401 (public routes excepted);
 *  - a viewer cannot write: 403;
 *  - tenant A gets 404 for every object of tenant B, and never sees B's data in a list;
 *  - no response body carries a stored secret; the database file does not hold a secret's plaintext.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.js';
import { PUBLIC_API_ROUTES } from '../../../server/routes/index.js';
import { createTestServices } from '../../helpers/services.js';
import { seedTwoTenants, signIn, type Agent } from '../../helpers/tenants.js';
import { seedTenantObjects, SECRET_VALUES, B_MARKERS, B_IDS } from './fixtures.js';

const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Fill a route pattern's params with tenant B's ids (what A must not reach). */
function withParams(p: string, ids: Record<string, string>): string {
  return p.replace(/:([A-Za-z]+)(\{[^}]*\})?/g, (_m, name: string) => encodeURIComponent(ids[name] ?? `unknown-${name}`));
}

let app: ReturnType<typeof createApp>;
let dbFile: string;
let agents: { adminA: Agent; viewerA: Agent };
let routes: { method: string; path: string }[];

beforeAll(async () => {
  dbFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'idsync-sec-')), 'sec.sqlite');
  const ctx = await createTestServices({ file: dbFile });
  await seedTwoTenants(ctx.services);
  await seedTenantObjects(ctx.services);
  app = createApp(ctx.services);
  agents = { adminA: await signIn(app, 'admin@a.example'), viewerA: await signIn(app, 'viewer@a.example') };
  const seen = new Set<string>();
  routes = app.routes
    .filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL' && !r.path.endsWith('*'))
    .filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`))
    .map((r) => ({ method: r.method, path: r.path }));
});

describe('security suite', () => {
  it('finds the routes it checks', () => {
    expect(routes.length).toBeGreaterThanOrEqual(8);
  });

  it('every non-public /api route answers 401 without a session', async () => {
    const failures: string[] = [];
    for (const r of routes) {
      if (PUBLIC_API_ROUTES.has(`${r.method} ${r.path}`)) continue;
      const res = await app.request(withParams(r.path, B_IDS), {
        method: r.method,
        headers: { 'content-type': 'application/json' },
        body: WRITE.has(r.method) ? '{}' : undefined,
      });
      if (res.status !== 401) failures.push(`${r.method} ${r.path} -> ${res.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('a viewer cannot write', async () => {
    const failures: string[] = [];
    for (const r of routes) {
      if (!WRITE.has(r.method) || r.path.startsWith('/api/auth/')) continue;
      const res = await agents.viewerA.request(r.method, withParams(r.path, B_IDS), {});
      if (res.status !== 403) failures.push(`${r.method} ${r.path} -> ${res.status}`);
    }
    expect(failures).toEqual([]);
  });

  it("tenant A gets 404 for every object of tenant B", async () => {
    const failures: string[] = [];
    for (const r of routes) {
      if (!r.path.includes(':') || r.path.startsWith('/api/connections/')) continue; // connections are per session tenant
      const res = await agents.adminA.request(r.method, withParams(r.path, B_IDS), WRITE.has(r.method) ? {} : undefined);
      // A write may be refused by validation before the lookup; it must never succeed or leak.
      const ok = res.status === 404 || (WRITE.has(r.method) && res.status === 422);
      if (!ok) failures.push(`${r.method} ${r.path} -> ${res.status}`);
    }
    expect(failures).toEqual([]);
  });

  it("lists of tenant A never show tenant B's data", async () => {
    const leaks: string[] = [];
    for (const r of routes) {
      if (r.method !== 'GET' || r.path.includes(':')) continue;
      const body = await (await agents.adminA.request('GET', r.path)).text();
      for (const marker of B_MARKERS) if (body.includes(marker)) leaks.push(`${r.path} shows ${marker}`);
    }
    expect(leaks).toEqual([]);
  });

  it('no response body contains a stored secret', async () => {
    const leaks: string[] = [];
    for (const r of routes) {
      if (r.method !== 'GET') continue;
      for (const p of [withParams(r.path, { kind: 'marketplace' }), withParams(r.path, { kind: 'autotask' }), withParams(r.path, { kind: 'connectwise' })]) {
        const body = await (await agents.adminA.request('GET', p)).text();
        for (const secret of SECRET_VALUES) if (body.includes(secret)) leaks.push(`${p} leaks a secret`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('the database file does not hold the plaintext of a stored secret', () => {
    const bytes = Buffer.concat(
      [dbFile, `${dbFile}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)),
    );
    expect(bytes.length).toBeGreaterThan(0);
    for (const secret of SECRET_VALUES) {
      expect(bytes.includes(Buffer.from(secret, 'utf8'))).toBe(false);
      expect(bytes.includes(Buffer.from(secret, 'utf16le'))).toBe(false);
    }
  });
});
