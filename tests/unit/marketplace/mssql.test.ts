/** The snapshot repositories send statements SQL Server accepts (recording mssql client). */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../server/db/store.js';
import { createRecordingMssqlStore, NOT_TSQL } from '../../helpers/mssql-recorder.js';
import * as repo from '../../../server/marketplace/snapshot-repo.js';

const now = '2026-11-20T10:00:00.000Z';
const sub = { id: 'S', customerId: 'A', name: 'N', status: 'active', lastModified: '2026-11-01', renewalDate: null, billingPeriod: '1 month' };
const res = { odinSubscriptionId: 'S', odinResourceId: 'R', mpn: 'M', name: 'R', unit: null, count: 3, unitPrice: 1, unitCost: 0.5, countChangedAt: now };

const CALLS: Record<string, (s: Store) => Promise<unknown>> = {
  loadSyncState: (s) => repo.loadSyncState(s, 't'),
  saveSyncState: (s) => repo.saveSyncState(s, 't', { checkpoint: now, lastFullScanAt: now, lastScanStatus: 'ok', lastScanJson: '{}' }, now),
  loadSubscriptions: (s) => repo.loadSubscriptions(s, 't'),
  loadCompanies: (s) => repo.loadCompanies(s, 't'),
  saveCompany: (s) => repo.saveCompany(s, 't', { odinAccountId: 'A', name: 'C', status: 'active' }, now),
  loadResources: (s) => repo.loadResources(s, 't', 'S'),
  loadAllResources: (s) => repo.loadResources(s, 't'),
  writeSubscription: (s) => repo.writeSubscription(s, 't', sub, [res], now),
  writeSubscriptionRowOnly: (s) => repo.writeSubscription(s, 't', sub, null, now),
  updateListedFields: (s) => repo.updateListedFields(s, 't', sub, now),
  markDetailStale: (s) => repo.markDetailStale(s, 't', 'S'),
  addIssues: (s) => repo.addIssues(s, 't', [{ objectKind: 'resource', objectId: 'R', message: 'm' }], now),
};

describe('marketplace repositories on SQL Server', () => {
  for (const [name, call] of Object.entries(CALLS)) {
    it(name, async () => {
      const { store, queries } = createRecordingMssqlStore();
      await call(store);
      expect(queries.length).toBeGreaterThan(0);
      for (const q of queries) {
        for (const bad of NOT_TSQL) expect(q.sql, `${name} sent: ${q.sql}`).not.toMatch(bad);
        expect(new Set(q.sql.match(/@par\d+/g) ?? []).size, `${name}: ${q.sql}`).toBe(q.params.length);
      }
    });
  }

});
