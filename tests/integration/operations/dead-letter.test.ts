/**
 * A queued cycle the Workers queue gave up on (its dead-letter queue) shows to that tenant as a failed
 * sync with the reason, through the same API the dashboard reads; a letter naming no tenant writes nothing.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.js';
import { recordDeadLetter } from '../../../server/sync/dead-letter.js';
import { syncDepsFor } from '../../../server/sync/deps.js';
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
    expect(sync.last.error).toMatch(/queued sync cycle failed on every try the queue allows/);

    const b = await signIn(app, 'admin@b.example');
    expect(((await (await b.request('GET', '/api/sync')).json()) as { last: unknown }).last).toBeNull();

    expect(await recordDeadLetter(syncDepsFor(services), { body: { tenantId: 'nobody' } })).toBe(false);
    expect(await recordDeadLetter(syncDepsFor(services), { body: 'garbage' })).toBe(false);
    expect(await store.db.select().from(store.t.syncRuns)).toHaveLength(1);
  });
});
