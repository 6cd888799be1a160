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
import { createPsaRegistry } from '../../../server/psa/registry.js';
import type { Logger } from '../../../server/services.js';
import { createTestServices } from '../../helpers/services.js';
import { seedTwoTenants, signIn, type Agent } from '../../helpers/tenants.js';
import { seedTenantObjects, SECRET_VALUES, B_MARKERS, B_IDS } from './fixtures.js';

const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Bodies that pass validation for the write routes that name an object, so the tenant lookup is what answers. */
const VALID_BODIES: Record<string, unknown> = {
  'PUT /api/mapping/companies/:odinAccountId': { psaAccountId: 'A-acct' },
  'PUT /api/mapping/subscriptions/:odinSubscriptionId': { psaContractId: 'A-contract' },
  'PUT /api/mapping/resources/:odinSubscriptionId/:odinResourceId': { psaServiceId: 'A-svc' },
  'POST /api/review/:id/edit': { toCount: 3 },
  'PUT /api/review/policy/:odinSubscriptionId/:odinResourceId': { mode: 'automatic' },
};

/** Fill a route pattern's params with tenant B's ids (what A must not reach). */
function withParams(p: string, ids: Record<string, string>): string {
  return p.replace(/:([A-Za-z]+)(\{[^}]*\})?/g, (_m, name: string) => encodeURIComponent(ids[name] ?? `unknown-${name}`));
}

let app: ReturnType<typeof createApp>;
let dbFile: string;
let agents: { adminA: Agent; viewerA: Agent };
let routes: { method: string; path: string }[];
const logLines: unknown[] = [];
const capture = (bindings: Record<string, unknown>): Logger => {
  const at = (level: string) => (o: Record<string, unknown>, msg?: string) => void logLines.push({ level, ...bindings, ...o, msg });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: (b) => capture({ ...bindings, ...b }) };
};
/** Errors are logged as pino's serializer writes them (name, message, kind, status), not as objects. */
const logText = () => JSON.stringify(logLines, (_k, v: unknown) => (v instanceof Error ? { name: v.name, message: v.message } : v));

beforeAll(async () => {
  dbFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'idsync-sec-')), 'sec.sqlite');
  // The real PSA connectors, pointed at an address nobody answers: their failures are what /api/psa/* shows.
  const ctx = await createTestServices({ file: dbFile, psa: createPsaRegistry() });
  ctx.services.logger = capture({});
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
    let checked = 0;
    for (const r of routes) {
      if (PUBLIC_API_ROUTES.has(`${r.method} ${r.path}`)) continue;
      checked++;
      const res = await app.request(withParams(r.path, B_IDS), {
        method: r.method,
        headers: { 'content-type': 'application/json' },
        body: WRITE.has(r.method) ? '{}' : undefined,
      });
      if (res.status !== 401) failures.push(`${r.method} ${r.path} -> ${res.status}`);
    }
    expect(failures).toEqual([]);
    expect(checked).toBe(routes.length - PUBLIC_API_ROUTES.size);
  });

  it('a viewer cannot write', async () => {
    const failures: string[] = [];
    const checked: string[] = [];
    for (const r of routes) {
      if (!WRITE.has(r.method) || r.path.startsWith('/api/auth/')) continue;
      checked.push(r.path);
      const res = await agents.viewerA.request(r.method, withParams(r.path, B_IDS), {});
      if (res.status !== 403) failures.push(`${r.method} ${r.path} -> ${res.status}`);
    }
    expect(failures).toEqual([]);
    // The writes of every area are among them: connections, mapping, sync, drift.
    for (const area of ['/api/connections/', '/api/mapping/', '/api/sync', '/api/drift/']) expect(checked.some((p) => p.startsWith(area)), area).toBe(true);
  });

  it("tenant A gets 404 for every object of tenant B", async () => {
    const failures: string[] = [];
    const checked: string[] = [];
    for (const r of routes) {
      if (!r.path.includes(':') || r.path.startsWith('/api/connections/')) continue; // connections are per session tenant
      checked.push(`${r.method} ${r.path}`);
      // A valid body, so the request gets past validation to the lookup that must refuse it.
      const body = WRITE.has(r.method) ? (VALID_BODIES[`${r.method} ${r.path}`] ?? {}) : undefined;
      const res = await agents.adminA.request(r.method, withParams(r.path, B_IDS), body);
      const ok = res.status === 404;
      if (!ok) failures.push(`${r.method} ${r.path} -> ${res.status}`);
    }
    expect(failures).toEqual([]);
    // Every object route with an id: the three mapping levels (set and clear) and the drift fix.
    expect(checked.length).toBeGreaterThanOrEqual(7);
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

  it('Test Credentials answers carry no stored secret', async () => {
    const leaks: string[] = [];
    const tested: string[] = [];
    for (const r of routes) {
      if (r.method !== 'POST' || !/^\/api\/connections\/[a-z]+\/test$/.test(r.path)) continue;
      tested.push(r.path);
      const body = await (await agents.adminA.request('POST', r.path, {})).text();
      for (const secret of SECRET_VALUES) if (body.includes(secret)) leaks.push(`${r.path} leaks ${secret}`);
    }
    expect(leaks).toEqual([]);
    expect(tested.length).toBe(3);
  });

  it('no log line carries a stored secret', () => {
    const text = logText();
    expect(logLines.length).toBeGreaterThan(0);
    for (const secret of SECRET_VALUES) expect(text.includes(secret), `a log line holds ${secret}`).toBe(false);
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
