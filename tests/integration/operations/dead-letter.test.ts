/**
 * A queued cycle the Workers queue gave up on (its dead-letter queue) shows to that tenant as a failed
 * sync with the reason, through the same API the dashboard reads; a letter naming no tenant writes nothing.
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.js';
import { consumeDeadLetters, recordDeadLetter, rememberQueueFailure, type QueuedMessage } from '../../../server/sync/dead-letter.js';
import { syncDepsFor } from '../../../server/sync/deps.js';
import { runCycle } from '../../../server/sync/cycle.js';
import { createTestServices } from '../../helpers/services.js';
import { seedTwoTenants, signIn } from '../../helpers/tenants.js';

describe('dead letters of the sync queue', () => {
  it('become a failed sync of that tenant, and of no other', async () => {
    const { services, store } = await createTestServices();
    await seedTwoTenants(services);
    const app = createApp(services);
    expect(await recordDeadLetter(syncDepsFor(services), { body: { tenantId: 'tenant-A', kind: 'sync' } })).toBe(true);

    const a = await signIn(app, 'admin@a.example');
    const sync = (await (await a.request('GET', '/api/sync')).json()) as { running: boolean; last: { status: string; error: string; summary: { trigger: string } } };
    expect(sync.running).toBe(false);
    expect(sync.last).toMatchObject({ status: 'failed', summary: { trigger: 'dead_letter' } });
    expect(sync.last.error).toMatch(/^The sync for this tenant could not run: .*the queue gave up after every try it allows/);

    const b = await signIn(app, 'admin@b.example');
    expect(((await (await b.request('GET', '/api/sync')).json()) as { last: unknown }).last).toBeNull();

    expect(await recordDeadLetter(syncDepsFor(services), { body: { tenantId: 'nobody' } })).toBe(false);
    expect(await recordDeadLetter(syncDepsFor(services), { body: 'garbage' })).toBe(false);
    expect(await store.db.select().from(store.t.syncRuns)).toHaveLength(1);
  });

  it('shows in the Failure log (JSON and CSV) with the reason and the tries, and clears once a later cycle finishes', async () => {
    const { services, clock } = await createTestServices();
    await seedTwoTenants(services);
    const app = createApp(services);
    const deps = syncDepsFor(services);
    // The main queue's consumer failed on its 4th and last delivery; the queue then dead-letters the message.
    rememberQueueFailure({ body: { tenantId: 'tenant-A', kind: 'sync' }, attempts: 4 }, new Error('D1_ERROR: too many requests'));
    const acked: string[] = [];
    const letter = (id: string, body: unknown): QueuedMessage => ({ body, ack: () => acked.push(id), retry: () => acked.push(`retry ${id}`) });
    clock.advance(60_000);
    await consumeDeadLetters(deps, [letter('m1', { tenantId: 'tenant-A', kind: 'sync' }), letter('m2', { tenantId: 'nobody' })]);
    expect(acked).toEqual(['m1', 'm2']);

    const words = 'The sync for this tenant could not run: D1_ERROR: too many requests; the queue gave up after 4 attempts. The next scheduled sync tries again.';
    const a = await signIn(app, 'viewer@a.example');
    const report = async (query = '') => (await (await a.request('GET', `/api/reports/failures${query}`)).json()) as { total: number; rows: Record<string, unknown>[] };
    const page = await report();
    expect(page.total).toBe(1);
    expect(page.rows[0]).toMatchObject({
      status: 'sync_failed', companyName: 'All customers', resourceName: 'Queued sync (given up)', date: '2026-03-15T14:01:00.000Z',
      lastError: words, errorCause: expect.stringMatching(/queue gave up/), fromCount: null, unitChange: null,
    });
    // The engine's filters, date range, sorting and paging reach the row like any other.
    expect((await report('?filter.lastError=gave%20up%20after%204')).total).toBe(1);
    expect((await report('?filter.lastError=no%20such%20words')).total).toBe(0);
    expect((await report('?from=2026-03-15&to=2026-03-15&sort=-companyName&page=1&pageSize=10')).total).toBe(1);
    expect((await report('?to=2026-03-14')).total).toBe(0);

    const csv = await a.request('GET', '/api/reports/failures?format=csv');
    expect(csv.status).toBe(200);
    const lines = parse(await csv.text(), { bom: true }) as string[][];
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(words);
    expect(lines[1]).toContain('All customers');

    // Another tenant never sees it.
    const b = await signIn(app, 'viewer@b.example');
    expect(((await (await b.request('GET', '/api/reports/failures')).json()) as { total: number }).total).toBe(0);

    // A later cycle that runs (here: nothing to post, no PSA connected yet) clears it from the log.
    clock.advance(60_000);
    const later = await runCycle(deps, 'tenant-A', { trigger: 'manual' });
    expect(later?.status).not.toBe('failed');
    expect((await report()).total).toBe(0);
  });
});

