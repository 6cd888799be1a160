/**
 * Demo mode's first start on the new demo world (issue 12 item 8): the demo links made the way a user would
 * with the suggestions (server/demo/links.ts) land on contracts in force today, so their first reconciliations
 * and the next cycle post without a refusal on both demo tenants (only the ConnectWise agreement with proration
 * off waits, as the demo means it to).
 */
import { describe, expect, it } from 'vitest';
import { linkDemoTenant } from '../../../server/demo/links.js';
import { reconcileResourceLink } from '../../../server/sync/reconcile.js';
import { syncDepsFor } from '../../../server/sync/deps.js';
import { AUTOTASK_TENANT, CONNECTWISE_TENANT, call, report, syncNow, world, type Json } from './world.js';

const TODAY = new Date('2026-12-03T14:00:00Z');

for (const tenant of [AUTOTASK_TENANT, CONNECTWISE_TENANT]) {
  describe(`demo start (${tenant.psaKind})`, () => {
    const w = world(tenant, TODAY);

    it('links part of the demo through the suggestions, on contracts in force, and nothing is refused', async () => {
      const sync = syncDepsFor(w.p.services);
      const out = await linkDemoTenant(w.p.services, tenant.id, { afterResourceLinked: (s, r) => reconcileResourceLink(sync, tenant.id, s, r) });
      expect(out.resources).toBeGreaterThan(5);
      const contracts = new Map<string, Json>();
      for (const a of (await call(w.admin, 'GET', '/api/psa/accounts')).items as Json[]) {
        for (const c of (await call(w.admin, 'GET', `/api/psa/contracts?accountId=${a.id}`)).items as Json[]) contracts.set(String(c.id), c);
      }
      const tree = await call(w.admin, 'GET', '/api/mapping?pageSize=500');
      const linkedSubs = (tree.companies as Json[]).flatMap((c) => c.subscriptions as Json[]).filter((s) => s.link);
      expect(linkedSubs.length).toBeGreaterThan(3);
      for (const s of linkedSubs) {
        const c = contracts.get(String(s.link.psaContractId))!;
        // In force today, or the renewal a link followed because its reconciliation is dated after the old end.
        expect(c.startDate <= '2026-12-03' || String(c.name).startsWith('Renewal of '), `${s.name} -> ${c.name}`).toBe(true);
      }
      // Setting the relations already posts their reconciliations: a decrease dated after a contract's end goes
      // to its renewal there too (the cycle's renewal step), not refused by the ended contract.
      if (tenant.psaKind === 'autotask') expect(await report(w.admin, 'failures')).toEqual([]);
      await syncNow(w.admin);
      // The one failure the demo means to show: a ConnectWise agreement with "Prorate Agreement" off.
      const failures = await report(w.admin, 'failures');
      for (const f of failures) expect(f, f.lastError).toMatchObject({ lastErrorKind: 'config', lastError: expect.stringContaining('Turn on proration for the ConnectWise agreement') });
      if (tenant.psaKind === 'autotask') expect(failures).toEqual([]);
    });
  });
}
