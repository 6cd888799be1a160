/**
 * A cycle reads only the links whose plan may move (repo.loadLinksToPlan) plus those with rows to post, so
 * a cycle with nothing changed reads a handful of rows instead of every link. Skipping a link must never
 * skip a decision: every link planOf would plan for, or that waits for reconciliation, is read.
 */
import { describe, expect, it } from 'vitest';
import { runCycle } from '../../../server/sync/cycle.js';
import { planOf } from '../../../server/sync/planner.js';
import { loadLinkedResources, loadLinksToPlan, resourceKey } from '../../../server/sync/repo.js';
import { makeWorld, TENANT } from './helpers.js';

const created = '2025-01-01T00:00:00.000Z';

describe('the links a cycle plans', () => {
  it('every link whose plan may move, and no settled one', async () => {
    const w = await makeWorld();
    const { db, t } = w.store;
    await w.setCount('S1', 'settled', 5);
    await w.link('S1', 'settled', { ledger: 5 });
    await w.setCount('S1', 'moved', 7);
    await w.link('S1', 'moved', { ledger: 5 });
    await w.setCount('S1', 'unreconciled', 3);
    await w.link('S1', 'unreconciled');
    await w.setCount('S1', 'own-policy', 4);
    await w.link('S1', 'own-policy', { ledger: 4, statusPolicyJson: '{"hold":"sync"}' });
    await w.link('S1', 'not-in-snapshot', { ledger: 2 });
    await w.setCount('S2', 'ended', 6);
    await w.link('S2', 'ended', { ledger: 6 });
    await w.setStatus('S2', 'terminated');
    await w.setCount('S3', 'held', 6);
    await w.link('S3', 'held', { ledger: 6 });
    await w.setStatus('S3', 'hold');
    // A subscription linked but not (or no longer) in the snapshot.
    await db.insert(t.subscriptionLinks).values({ tenantId: TENANT, odinSubscriptionId: 'S4', odinAccountId: 'A1', psaContractId: 'C1', psaContractName: 'Contract', createdAt: created, createdBy: 'u' });
    await w.link('S4', 'gone', { ledger: 1 });

    const read = new Set((await loadLinksToPlan(w.store, TENANT, 'autotask')).map(resourceKey));
    expect([...read].sort()).toEqual(['S1|moved', 'S1|not-in-snapshot', 'S1|own-policy', 'S1|unreconciled', 'S2|ended', 'S3|held', 'S4|gone']);
    // Complete: whatever planning would do something with is among them.
    for (const link of await loadLinkedResources(w.store, TENANT, 'autotask')) {
      if (link.ledgerUnits === null || planOf(link, [], '2025-03-15', 'inclusive')) expect(read.has(resourceKey(link))).toBe(true);
    }
  });

  it('a settled link with a row still to post is read and posted (not superseded)', async () => {
    const w = await makeWorld();
    await w.setCount('S1', 'R1', 5);
    await w.link('S1', 'R1', { ledger: 5 });
    w.psa.base.set('C1|S-R1', 5);
    await w.setCount('S1', 'R1', 8);
    w.psa.postFaults = [{ kind: 'fail', message: 'Service Unavailable', errorKind: 'rule' }];
    const first = await runCycle(w.deps, TENANT, { trigger: 'manual' });
    expect(first?.summary).toMatchObject({ failed: 1, posted: 0 });
    // The plan is written (plannedCount 8 = the count): only its failed row brings the link back.
    expect(await w.linkRow('S1', 'R1')).toEqual({ ledgerUnits: 5, plannedCount: 8 });
    w.clock.advance(24 * 3_600_000);
    const second = await runCycle(w.deps, TENANT, { trigger: 'manual' });
    expect(second?.summary).toMatchObject({ posted: 1, cancelled: 0 });
    expect(w.psa.unitsOn('C1|S-R1', '9999-12-31')).toBe(8);
    expect((await w.rows()).map((r) => r.status)).toEqual(['posted']);
  });
});
