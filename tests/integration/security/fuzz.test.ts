/**
 * Input fuzz of every /api route (walked from app.routes, as the security suite does): wrong types, huge
 * and deep bodies, unicode, injection strings, built-in object keys in paths, queries and bodies, extreme
 * dates and page sizes (fuzz-inputs.ts), as an admin, a viewer and nobody. Sampled with a fixed seed, so
 * a run is repeatable and bounded. Two rules:
 *  - no answer is a 5xx (but 502 upstream_failed: the PSA here is an address nobody answers);
 *  - a rejected request (4xx) changes no row: every table's row count and content hash is the same after
 *    it as before. login_throttle is left out: counting refused attempts is the one write a refusal makes.
 * Background work a request starts (sync, drift check) is awaited through executionCtx.waitUntil before
 * the next snapshot. Figures are printed.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.js';
import { createAutotaskClient } from '../../../server/psa/autotask/client.js';
import { createConnectWiseClient } from '../../../server/psa/connectwise/index.js';
import type { Store } from '../../../server/db/store.js';
import { createTestServices } from '../../helpers/services.js';
import { seedTwoTenants, signIn, type Agent } from '../../helpers/tenants.js';
import { seedTenantObjects } from './fixtures.js';
import { body, CONTENT_TYPES, query, text, who } from './fuzz-inputs.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
const PER_ROUTE = Number(process.env.FUZZ_PER_ROUTE ?? 60);
const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const UNSNAPSHOTTED = new Set(['login_throttle']);

async function snapshot(store: Store): Promise<Map<string, string>> {
  const db = store.db as unknown as { all(q: unknown): Promise<Record<string, unknown>[]> };
  const tables = await db.all(sql.raw("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name"));
  const out = new Map<string, string>();
  for (const { name } of tables as { name: string }[]) {
    if (UNSNAPSHOTTED.has(name)) continue;
    const rows = await db.all(sql.raw(`select * from "${name}" order by rowid`));
    out.set(name, `${rows.length}:${createHash('sha256').update(JSON.stringify(rows)).digest('hex')}`);
  }
  return out;
}
const changed = (a: Map<string, string>, b: Map<string, string>) => [...a.keys()].filter((k) => a.get(k) !== b.get(k));

let app: ReturnType<typeof createApp>;
let store: Store;
let agents: Record<'admin' | 'viewer', Agent>;
let routes: { method: string; path: string }[];

beforeAll(async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'idsync-fuzz-')), 'fuzz.sqlite');
  // Real connectors pointed at an address nobody answers; no sleeping retries, so the run stays short.
  const ctx = await createTestServices({
    file,
    psa: {
      autotask: (conn) => createAutotaskClient(conn, { readRetries: 0, maxPauses: 0, timeoutMs: 2_000 }),
      connectwise: (conn, c) => createConnectWiseClient(conn, c),
    },
  });
  await seedTwoTenants(ctx.services);
  await seedTenantObjects(ctx.services);
  store = ctx.store;
  app = createApp(ctx.services);
  agents = { admin: await signIn(app, 'admin@a.example'), viewer: await signIn(app, 'viewer@a.example') };
  const seen = new Set<string>();
  routes = app.routes
    .filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL' && !r.path.endsWith('*'))
    .filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`))
    .map((r) => ({ method: r.method, path: r.path }));
});

interface Sent { method: string; url: string; as: string; contentType: string; body?: string }

function requestsFor(route: { method: string; path: string }, index: number): Sent[] {
  const arb = fc.record({
    params: fc.array(text, { minLength: 4, maxLength: 4 }),
    query,
    body,
    contentType: fc.constantFrom(...CONTENT_TYPES),
    as: who,
  });
  return fc.sample(arb, { seed: SEED + index, numRuns: PER_ROUTE }).map((x) => {
    let i = 0;
    const p = route.path.replace(/:([A-Za-z]+)(\{[^}]*\})?/g, () => pathValue(x.params[i++]!));
    const qs = new URLSearchParams(x.query).toString();
    // Signing out would end the fuzz's own session: that route is sent without one.
    const as = route.path === '/api/auth/logout' ? 'nobody' : x.as;
    return { method: route.method, url: qs ? `${p}?${qs}` : p, as, contentType: x.contentType, body: WRITE.has(route.method) ? x.body : undefined };
  });
}

/** A lone surrogate has no UTF-8: it goes as the bytes a careless client would send (invalid UTF-8). */
function pathValue(v: string): string {
  try {
    return encodeURIComponent(v);
  } catch {
    return '%ED%A0%80';
  }
}

async function send(s: Sent, pending: Promise<unknown>[]): Promise<Response> {
  const agent = s.as === 'nobody' ? null : agents[s.as as 'admin' | 'viewer'];
  const headers: Record<string, string> = {};
  if (agent) Object.assign(headers, { cookie: agent.cookie, 'x-csrf-token': agent.csrf });
  if (s.body !== undefined && s.contentType) headers['content-type'] = s.contentType;
  const executionCtx = { waitUntil: (p: Promise<unknown>) => void pending.push(p), passThroughOnException() {}, props: {} };
  return await app.request(s.url, { method: s.method, headers, body: s.body }, undefined, executionCtx as never);
}

describe('input fuzz of every /api route', () => {
  it('answers no 5xx, and no rejected request changes a row', { timeout: 600_000 }, async () => {
    const statuses = new Map<number, number>();
    const errors: string[] = [];
    const writes: string[] = [];
    let sent = 0;
    let before = await snapshot(store);
    for (const [index, route] of routes.entries()) {
      for (const s of requestsFor(route, index)) {
        const pending: Promise<unknown>[] = [];
        const res = await send(s, pending);
        const answer = await res.text().catch((err: Error) => `<stream failed: ${err.message}>`);
        await Promise.allSettled(pending);
        sent++;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const where = `${s.method} ${s.url.slice(0, 160)} as ${s.as} [${s.contentType}] body ${String(s.body).slice(0, 120)}`;
        // 502 upstream_failed is the right answer while the PSA (127.0.0.1:9 here) is unreachable.
        const upstream = res.status === 502 && answer.includes('"upstream_failed"');
        if ((res.status >= 500 && !upstream) || answer.startsWith('<stream failed')) errors.push(`${res.status} ${where} -> ${answer.slice(0, 200)}`);
        const after = await snapshot(store);
        if (res.status >= 400 && res.status < 500 && changed(before, after).length) writes.push(`${res.status} ${where} changed ${changed(before, after).join(', ')}`);
        before = after;
      }
    }
    const figures = [...statuses.entries()].sort(([a], [b]) => a - b).map(([st, n]) => `${st}: ${n}`).join(', ');
    console.log(`[fuzz] seed ${SEED}, ${routes.length} routes, ${sent} requests sent; per status: ${figures}; 5xx: ${errors.length}; rejected requests that wrote: ${writes.length}`);
    expect(errors).toEqual([]);
    expect(writes).toEqual([]);
    expect(sent).toBe(routes.length * PER_ROUTE);
    // The fuzz reached past validation as well as being refused by it.
    expect([...statuses.keys()].some((st) => st < 300)).toBe(true);
    expect([...statuses.keys()].filter((st) => st >= 400 && st < 500).length).toBeGreaterThanOrEqual(4);
  });
});
