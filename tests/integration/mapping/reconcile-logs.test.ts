/**
 * The reconciliation a new resource relation starts (server/mapping/reconcile.ts -> the sync engine's
 * reconcileResourceLink) logs with the logger of the request that set the relation: every line carries
 * that request's id, so an operator finds what a link did from the id the user saw in an error body.
 */
import { describe, expect, it } from 'vitest';
import { reconcileWithSyncEngine, type Reconciler } from '../../../server/mapping/reconcile.js';
import type { Logger } from '../../../server/services.js';
import { createHarness, seedSnapshot, upstreamError, WORLD_A } from './harness.js';

type Line = Record<string, unknown> & { level: string; msg?: string };

function capturing(lines: Line[], bindings: Record<string, unknown> = {}): Logger {
  const at = (level: string) => (obj: Record<string, unknown>, msg?: string) => void lines.push({ level, ...bindings, ...obj, msg });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: (b) => capturing(lines, { ...bindings, ...b }) };
}

async function linked(reconcile: Reconciler) {
  const h = await createHarness({ reconcile });
  const lines: Line[] = [];
  h.services.logger = capturing(lines);
  await seedSnapshot(h.store, 'tenant-A', WORLD_A);
  await h.configurePsa('tenant-A');
  expect((await h.call('admin-A', 'PUT', '/api/mapping/companies/1200000500', { psaAccountId: '29683501' })).status).toBe(200);
  expect((await h.call('admin-A', 'PUT', '/api/mapping/subscriptions/1000845', { psaContractId: '29684001' })).status).toBe(200);
  lines.length = 0;
  const request = (method: string, path: string, body: unknown, requestId: string) => Promise.resolve(h.app.request(path, {
    method, headers: { 'x-test-user': 'admin-A', 'content-type': 'application/json', 'x-request-id': requestId }, body: JSON.stringify(body),
  }));
  return { h, lines, request };
}

describe('reconciliation on link', () => {
  it('the sync engine\'s lines carry the requestId of the PUT that set the relation', async () => {
    const { h, lines, request } = await linked(reconcileWithSyncEngine);
    h.psa.failWith = upstreamError('Service Unavailable'); // the PSA read fails: the engine logs a warning
    const res = await request('PUT', '/api/mapping/resources/1000845/100237', { psaServiceId: '501' }, 'req-link-000001');
    expect(res.status).toBe(200);
    const fromEngine = lines.filter((l) => l.msg === 'reconciliation read failed; will retry next cycle');
    expect(fromEngine).toHaveLength(1);
    expect(fromEngine[0]).toMatchObject({ level: 'warn', requestId: 'req-link-000001', area: 'sync', tenantId: 'tenant-A', odinResourceId: '100237' });
  });

  it('a reconciliation that throws is logged with the requestId, on a single link and in bulk', async () => {
    const { lines, request } = await linked(async () => {
      throw new Error('PSA read timed out');
    });
    expect((await request('PUT', '/api/mapping/resources/1000845/100237', { psaServiceId: '501' }, 'req-single-0001')).status).toBe(200);
    expect((await request('POST', '/api/mapping/bulk', { clear: [], set: [{ level: 'resource', odinSubscriptionId: '1000845', odinResourceId: '100234', psaServiceId: '502' }] }, 'req-bulk-000001')).status).toBe(200);
    const failed = lines.filter((l) => l.msg === 'reconciliation after link failed');
    expect(failed.map((l) => l.requestId)).toEqual(['req-single-0001', 'req-bulk-000001']);
  });
});
