/**
 * Every JSON log line of a request carries its request id, and the tenant once the session is known;
 * every line of a sync cycle carries the tenant and the run id. Output is captured from the real pino
 * logger through a destination stream.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.js';
import { createLogger } from '../../../server/logging.js';
import { runCycle } from '../../../server/sync/cycle.js';
import { createTestServices } from '../../helpers/services.js';
import { seedTwoTenants, signIn } from '../../helpers/tenants.js';
import { makeWorld, TENANT } from '../../unit/sync/helpers.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n')) if (l.trim()) lines.push(JSON.parse(l));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'debug', destination }) };
}

describe('log lines', () => {
  it('carry the request id on every line and the tenant once the session is known', async () => {
    const { lines, logger } = capture();
    const ctx = await createTestServices();
    ctx.services.logger = logger;
    await seedTwoTenants(ctx.services);
    const app = createApp(ctx.services);
    const admin = await signIn(app, 'admin@a.example');
    const signInLines = lines.splice(0);
    expect(signInLines.map((l) => l.msg)).toEqual(expect.arrayContaining(['signed in', 'request']));
    for (const l of signInLines) expect(l.requestId).toEqual(expect.any(String));

    await admin.request('GET', '/api/me', undefined, { 'x-request-id': 'req-me-000001' });
    await admin.request('PUT', '/api/connections/autotask', { apiUser: 'u', secret: 's', integrationCode: 'i', colour: 'red' }, { 'x-request-id': 'req-bad-000001' });
    await admin.request('POST', '/api/connections/marketplace/test', {}, { 'x-request-id': 'req-test-00001' });
    await app.request('/api/me', { headers: { 'x-request-id': 'req-anon-00001' } });
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (const l of lines) expect(l.requestId, JSON.stringify(l)).toMatch(/^req-/);
    const withSession = lines.filter((l) => l.requestId !== 'req-anon-00001');
    for (const l of withSession) expect(l, JSON.stringify(l)).toMatchObject({ tenantId: 'tenant-A', userId: 'admin-A' });
    expect(withSession.find((l) => l.requestId === 'req-me-000001')).toMatchObject({ msg: 'request', path: '/api/me', status: 200 });
    expect(lines.find((l) => l.requestId === 'req-anon-00001')).toMatchObject({ msg: 'request', status: 401 });
    expect(lines.find((l) => l.requestId === 'req-anon-00001')?.tenantId).toBeUndefined();
  });

  it('carry the tenant and run id on every line of a sync cycle', async () => {
    const { lines, logger } = capture();
    const w = await makeWorld();
    w.deps.logger = logger.child({ area: 'sync' });
    await w.setCount('S1', 'R1', 3);
    await w.link('S1', 'R1');
    w.psa.postFaults.push({ kind: 'unknown-lost' });
    const r = await runCycle(w.deps, TENANT, { trigger: 'manual' });
    expect(r?.status).toBe('partial');
    expect(lines.map((l) => l.msg)).toContain('sync cycle finished');
    for (const l of lines) expect(l, JSON.stringify(l)).toMatchObject({ tenantId: TENANT, runId: r!.runId });
  });
});
