/**
 * The Workers Cron -> Queue path at scale: Cron runs every minute, and when the queue holds more than a
 * minute of cycles (1,000 tenants) a tenant whose message still waits is due again, since due-ness is read
 * from started cycles. Each such Cron run must not add another message for it: the backlog would grow
 * every minute, the tenants at its end would wait behind copies of the others, and the copies run as
 * extra cycles. A message that is never delivered must not block its tenant for good either.
 */
import { describe, expect, it } from 'vitest';
import { dueTenants, enqueueDue, QUEUED_MARK_TTL_MS, runQueuedWork, takeQueuedWork, tick, type QueuedWork } from '../../../server/sync/scheduler.js';
import { runCycle } from '../../../server/sync/cycle.js';
import { checkDrift } from '../../../server/sync/drift.js';
import { makeWorld, TENANT } from './helpers.js';

const MINUTE = 60_000;

function queue() {
  const messages: QueuedWork[] = [];
  return { messages, send: async (batch: QueuedWork[]) => void messages.push(...batch) };
}

describe('Workers Cron enqueues each due tenant once while its message waits', () => {
  it('Cron runs while the message waits add no copy; once it is taken the tenant is enqueued again when due', async () => {
    const w = await makeWorld();
    const q = queue();
    await enqueueDue(w.deps, q.send);
    expect(q.messages).toEqual([expect.objectContaining({ tenantId: TENANT, kind: 'sync' })]);
    for (let minute = 1; minute <= 10; minute++) {
      w.clock.advance(MINUTE); // the queue is busy with other tenants: this message is not consumed yet
      await enqueueDue(w.deps, q.send);
    }
    expect(q.messages).toHaveLength(1);

    // The consumer takes it and runs the cycle; the drift check comes due next, then the cycle by its interval.
    await takeQueuedWork(w.deps, q.messages[0]!);
    expect(await runCycle(w.deps, TENANT, { trigger: 'queue' })).not.toBeNull();
    await enqueueDue(w.deps, q.send);
    expect(q.messages.map((m) => m.kind)).toEqual(['sync', 'drift']);
    await takeQueuedWork(w.deps, q.messages[1]!);
    await checkDrift(w.deps, TENANT, { all: false });
    w.clock.advance(5 * MINUTE);
    await enqueueDue(w.deps, q.send);
    expect(q.messages.map((m) => m.kind)).toEqual(['sync', 'drift', 'sync']);
  });

  it('a message never delivered is sent again once its mark has run out', async () => {
    const w = await makeWorld();
    const q = queue();
    await enqueueDue(w.deps, q.send);
    w.clock.advance(QUEUED_MARK_TTL_MS - MINUTE);
    await enqueueDue(w.deps, q.send);
    expect(q.messages).toHaveLength(1);
    w.clock.advance(2 * MINUTE);
    await enqueueDue(w.deps, q.send);
    expect(q.messages).toHaveLength(2);
  });

  it('two Cron runs at once send one message; a send that fails leaves the tenant to the next Cron run', async () => {
    const w = await makeWorld();
    const q = queue();
    await Promise.all([enqueueDue(w.deps, q.send), enqueueDue(w.deps, q.send)]);
    expect(q.messages).toHaveLength(1);

    const other = await makeWorld();
    await expect(enqueueDue(other.deps, async () => { throw new Error('queue unavailable'); })).rejects.toThrow('queue unavailable');
    const q2 = queue();
    await enqueueDue(other.deps, q2.send);
    expect(q2.messages).toHaveLength(1);
  });
});

describe('Node tick: a tenant with its cycle and its drift check due runs both', () => {
  it('the two do not race for the tenant lease in one tick, so neither is skipped (at capacity the drift check never ran)', async () => {
    const w = await makeWorld();
    await tick(w.deps); // the first cycle: from now on the drift check is due as well
    w.clock.advance(5 * MINUTE);
    expect((await dueTenants(w.deps, w.clock.now())).map((d) => d.kind)).toEqual(['sync', 'drift']);
    const r = await tick(w.deps);
    expect(r.busy).toEqual([]);
    expect(r.cycles).toHaveLength(1);
    expect(r.drift).toEqual([TENANT]);
    expect(await dueTenants(w.deps, w.clock.now())).toEqual([]);
  });
});

describe('Workers: a tenant with its cycle and its drift check due gets one message', () => {
  it('both run from it, one after the other, instead of two messages racing for the lease in parallel consumers', async () => {
    const w = await makeWorld();
    const q = queue();
    await enqueueDue(w.deps, q.send);
    await Promise.all(q.messages.splice(0).map((m) => runQueuedWork(w.deps, m)));
    w.clock.advance(5 * MINUTE);
    await enqueueDue(w.deps, q.send);
    expect(q.messages).toEqual([expect.objectContaining({ tenantId: TENANT, kind: 'sync', thenDrift: true })]);
    await Promise.all(q.messages.splice(0).map((m) => runQueuedWork(w.deps, m))); // as consumers side by side would
    const runs = await w.store.db.select().from(w.store.t.syncRuns);
    expect(runs.map((r) => r.trigger).sort()).toEqual(['drift', 'queue', 'queue']);
    expect(await dueTenants(w.deps, w.clock.now())).toEqual([]);
  });
});
