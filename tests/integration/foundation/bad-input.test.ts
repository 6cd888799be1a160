/**
 * Bad input found by an adversarial run answered 500: built-in object keys as a connection kind, and a
 * report range ending on 9999-12-31 (JSON and CSV). Each must be a clear 4xx or a valid answer, and a
 * CSV report that fails before its first byte must answer (and log) an error status, never 200.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.js';
import type { Logger } from '../../../server/services.js';
import { createTestServices } from '../../helpers/services.js';
import { seedTwoTenants, signIn } from '../../helpers/tenants.js';

function capturingLogger(lines: Record<string, unknown>[], bindings: Record<string, unknown> = {}): Logger {
  const at = (level: string) => (o: Record<string, unknown>, msg?: string) => void lines.push({ level, ...bindings, ...o, msg });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: (b) => capturingLogger(lines, { ...bindings, ...b }) };
}

async function setup() {
  const ctx = await createTestServices();
  const lines: Record<string, unknown>[] = [];
  ctx.services.logger = capturingLogger(lines);
  await seedTwoTenants(ctx.services);
  const app = createApp(ctx.services);
  return { ...ctx, app, lines, admin: await signIn(app, 'admin@a.example') };
}

describe('no 500 on bad input', () => {
  it('built-in object keys as a connection kind answer 404', async () => {
    const s = await setup();
    for (const kind of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      const get = await s.admin.request('GET', `/api/connections/${kind}`);
      expect(get.status, `GET ${kind}`).toBe(404);
      expect(((await get.json()) as { error: { message: string } }).error.message).toMatch(/Connection kind/);
      const put = await s.admin.request('PUT', `/api/connections/${kind}`, { baseUrl: 'https://x.example/' });
      expect(put.status, `PUT ${kind}`).toBe(404);
      expect((await s.admin.request('POST', `/api/connections/${kind}/test`, {})).status, `POST ${kind}/test`).toBe(404);
    }
    expect(await s.store.db.select().from(s.store.t.connections)).toEqual([]);
  });

  it('report ranges at the ends of the calendar answer rows, as JSON and as CSV', async () => {
    const s = await setup();
    for (const name of ['linked', 'adjustments', 'failures', 'unlinked', 'subscriptions']) {
      for (const range of ['to=9999-12-31', 'from=0001-01-01&to=9999-12-31', 'from=9999-12-31', 'from=0000-01-01']) {
        const json = await s.admin.request('GET', `/api/reports/${name}?${range}`);
        expect([200, 422], `${name}?${range} -> ${json.status}`).toContain(json.status);
        const csv = await s.admin.request('GET', `/api/reports/${name}?${range}&format=csv`);
        expect([200, 422], `${name}?${range}&format=csv -> ${csv.status}`).toContain(csv.status);
        await csv.text();
      }
    }
    expect(s.lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('a CSV report that fails before streaming answers 500 JSON and logs 500, not 200', async () => {
    const s = await setup();
    await (s.store.db as unknown as { run(q: unknown): Promise<unknown> }).run(sql.raw('ALTER TABLE adjustments RENAME TO adjustments_gone'));
    const res = await s.admin.request('GET', '/api/reports/adjustments?format=csv');
    expect(res.status).toBe(500);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('internal');
    const access = s.lines.filter((l) => l.msg === 'request' && l.path === '/api/reports/adjustments');
    expect(access.map((l) => l.status)).toEqual([500]);
  });
});
