import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { dueTenants, intervalSecondsOf, tick } from '../../../server/sync/scheduler.js';
import { checkDrift, fixDrift, listDrift } from '../../../server/sync/drift.js';
import { runCycle } from '../../../server/sync/cycle.js';
import { makeWorld, TENANT } from './helpers.js';

describe('scheduler', () => {
  it('a tenant is due when its interval has passed since its last cycle; the config overrides', async () => {
    const w = await makeWorld();
    expect(intervalSecondsOf(w.deps, { syncIntervalSeconds: 300 })).toBe(300);
    expect(intervalSecondsOf({ config: { syncIntervalSeconds: 60 } }, { syncIntervalSeconds: 300 })).toBe(60);
    expect(await dueTenants(w.deps, w.clock.now())).toEqual([{ tenantId: TENANT, kind: 'sync' }]);
    const first = await tick(w.deps);
    expect(first.cycles).toHaveLength(1);
    expect(await dueTenants(w.deps, w.clock.now())).toEqual([{ tenantId: TENANT, kind: 'drift' }]);
    await tick(w.deps);
    expect(await dueTenants(w.deps, w.clock.now())).toEqual([]);
    w.clock.advance(299_000);
    expect(await dueTenants(w.deps, w.clock.now())).toEqual([]);
    w.clock.advance(1_000);
    expect(await dueTenants(w.deps, w.clock.now())).toEqual([{ tenantId: TENANT, kind: 'sync' }]);
    await w.store.db.update(w.store.t.tenants).set({ syncIntervalSeconds: 3600 }).where(eq(w.store.t.tenants.id, TENANT));
    expect(await dueTenants(w.deps, w.clock.now())).toEqual([]);
    await w.store.db.update(w.store.t.tenants).set({ status: 'suspended' }).where(eq(w.store.t.tenants.id, TENANT));
    w.clock.advance(7_200_000);
    expect(await dueTenants(w.deps, w.clock.now())).toEqual([]);
  });
});

describe('drift', () => {
  it('a hand edit in the PSA is reported, not overwritten, and fixed in one click', async () => {
    const w = await makeWorld();
    await w.setCount('S1', 'R1', 10);
    await w.link('S1', 'R1', { ledger: 10 });
    w.psa.base.set('C1|S-R1', 10);
    expect(await checkDrift(w.deps, TENANT, { all: true })).toEqual({ checked: 1, found: 0, resolved: 0, errors: 0 });
    w.psa.base.set('C1|S-R1', 6); // someone removed 4 seats by hand
    expect(await checkDrift(w.deps, TENANT, { all: true })).toMatchObject({ found: 1 });
    await runCycle(w.deps, TENANT, { trigger: 'manual' });
    expect(w.psa.posts).toBe(0); // the cycle does not silently overwrite
    const items = await listDrift(w.deps, TENANT);
    expect(items).toEqual([expect.objectContaining({ odinResourceId: 'R1', ledgerUnits: 10, psaUnits: 6, marketplaceCount: 10, resourceName: 'Res R1' })]);
    const fixed = await fixDrift(w.deps, TENANT, items[0]!.id);
    expect(fixed!.reconciliation).toMatchObject({ status: 'posted', unitChange: 4 });
    expect(w.psa.unitsOn('C1|S-R1', '2025-03-15')).toBe(10);
    expect(await listDrift(w.deps, TENANT)).toEqual([]);
    expect(await fixDrift(w.deps, TENANT, items[0]!.id)).toBeNull();
  });
  it('a posted decrease dated next period is not drift; a finding clears when the PSA matches again', async () => {
    const w = await makeWorld();
    await w.setCount('S1', 'R1', 10);
    await w.link('S1', 'R1', { ledger: 10 });
    w.psa.base.set('C1|S-R1', 10);
    await w.setCount('S1', 'R1', 7);
    await runCycle(w.deps, TENANT, { trigger: 'manual' });
    expect(await checkDrift(w.deps, TENANT, { all: true })).toMatchObject({ checked: 1, found: 0 });
    w.psa.base.set('C1|S-R1', 11);
    await checkDrift(w.deps, TENANT, { all: true });
    expect(await listDrift(w.deps, TENANT)).toHaveLength(1);
    w.psa.base.set('C1|S-R1', 10);
    await checkDrift(w.deps, TENANT, { all: true });
    expect(await listDrift(w.deps, TENANT)).toHaveLength(0);
  });
  it('the periodic check reads a rotating slice', async () => {
    const w = await makeWorld();
    w.deps.options = { ...w.deps.options, driftBatch: 2 };
    for (const r of ['R1', 'R2', 'R3', 'R4', 'R5']) {
      await w.setCount('S1', r, 1);
      await w.link('S1', r, { ledger: 1 });
      w.psa.base.set(`C1|S-${r}`, 1);
    }
    expect((await checkDrift(w.deps, TENANT, { all: false }))!.checked).toBe(2);
    expect((await checkDrift(w.deps, TENANT, { all: true }))!.checked).toBe(5);
  });
});

describe('scheduler timer and reconcile answers', () => {
  it('startScheduler ticks on its timer and stops cleanly', async () => {
    const { startScheduler } = await import('../../../server/sync/scheduler.js');
    const w = await makeWorld();
    const s = startScheduler(w.deps, { tickMs: 5 });
    for (let i = 0; i < 100 && w.refreshes === 0; i++) await new Promise((r) => setTimeout(r, 5));
    await s.stop();
    expect(w.refreshes).toBe(1); // due once; the next is 300 s away on the test clock
    const runs = await w.store.db.select().from(w.store.t.syncRuns);
    expect(runs.map((r) => r.trigger).sort()).toEqual(['schedule', ...runs.filter((r) => r.trigger === 'drift').map(() => 'drift')].sort());
  });
  it("reconcile reports a failure with the PSA's own words", async () => {
    const { reconcileResourceLink } = await import('../../../server/sync/reconcile.js');
    const w = await makeWorld();
    await w.setCount('S1', 'R1', 8);
    w.psa.base.set('C1|S-R1', 1);
    await w.link('S1', 'R1');
    w.psa.postFaults.push({ kind: 'fail', message: 'ContractServiceAdjustment effectiveDate must be between the start date and end date of the Contract referenced by contractID.' });
    const r = await reconcileResourceLink(w.deps, TENANT, 'S1', 'R1');
    expect(r).toMatchObject({ status: 'failed', unitChange: 7, message: 'ContractServiceAdjustment effectiveDate must be between the start date and end date of the Contract referenced by contractID.' });
    expect(r.adjustmentId).toEqual((await w.rows())[0]!.id);
    expect(await w.linkRow('S1', 'R1')).toEqual({ ledgerUnits: 1, plannedCount: 8 });
    w.clock.advance(3_600_000);
    await runCycle(w.deps, TENANT, { trigger: 'manual' });
    expect(w.psa.unitsOn('C1|S-R1', '2025-03-15')).toBe(8);
  });
  it('reconcile of an unlinked resource or unknown tenant says so', async () => {
    const { reconcileResourceLink } = await import('../../../server/sync/reconcile.js');
    const w = await makeWorld();
    expect(await reconcileResourceLink(w.deps, TENANT, 'S9', 'R9')).toMatchObject({ status: 'none', message: 'The resource is not linked' });
    expect(await reconcileResourceLink(w.deps, 'nobody', 'S9', 'R9')).toMatchObject({ status: 'none', message: 'Unknown tenant' });
  });
});
