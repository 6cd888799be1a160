/** Objects of both tenants for the security suite; B's carry markers that must never reach A. */
import { saveConnection } from '../../../server/connections/repo.js';
import type { Services } from '../../../server/services.js';

export const SECRET_VALUES = ['mp-subkey-SECRET-1111', 'mp-password-SECRET-2222', 'mp-apiuser-SECRET-7777', 'at-secret-SECRET-3333', 'at-code-SECRET-4444', 'cw-private-SECRET-5555', 'cw-public-SECRET-6666', 'at-apiuser-SECRET-8888'];
export const B_MARKERS = ['Bravo Only Company', 'Bravo Only Subscription', 'Bravo Only Resource', 'Bravo PSA Account'];
export const B_IDS: Record<string, string> = {
  odinAccountId: '1299999901',
  odinSubscriptionId: '1999991',
  odinResourceId: '1999992',
  id: 'b-object-0001',
  adjustmentId: 'b-object-0001',
  runId: 'b-object-0001',
  kind: 'marketplace',
  psaContractId: 'B-contract',
};

export async function seedTenantObjects(services: Services) {
  const { store, secrets, clock } = services;
  const now = clock.now().toISOString();
  const { db, t } = store;
  for (const [tenantId, suffix, names] of [
    ['tenant-A', 'A', { company: 'Alpha Company', sub: 'Alpha Subscription', res: 'Alpha Resource', acct: 'Alpha PSA Account' }],
    ['tenant-B', 'B', { company: B_MARKERS[0]!, sub: B_MARKERS[1]!, res: B_MARKERS[2]!, acct: B_MARKERS[3]! }],
  ] as const) {
    const acc = suffix === 'B' ? B_IDS.odinAccountId! : '1200000001';
    const sub = suffix === 'B' ? B_IDS.odinSubscriptionId! : '1000001';
    const res = suffix === 'B' ? B_IDS.odinResourceId! : '1000002';
    await db.insert(t.mpCompanies).values({ tenantId, odinAccountId: acc, name: names.company, status: 'active', updatedAt: now });
    await db.insert(t.mpSubscriptions).values({ tenantId, odinSubscriptionId: sub, odinAccountId: acc, name: names.sub, status: 'active', billingPeriod: '1 month', renewalDate: null, lastModified: now, detailReadAt: now, updatedAt: now });
    await db.insert(t.mpResources).values({ tenantId, odinSubscriptionId: sub, odinResourceId: res, mpn: 'MPN', name: names.res, unit: 'user', count: 5, unitPrice: 10, unitCost: 8, countChangedAt: now, updatedAt: now });
    await db.insert(t.companyLinks).values({ tenantId, odinAccountId: acc, psaKind: 'autotask', psaAccountId: `${suffix}-acct`, psaAccountName: names.acct, createdAt: now, createdBy: 'test' });
    await db.insert(t.subscriptionLinks).values({ tenantId, odinSubscriptionId: sub, odinAccountId: acc, psaContractId: `${suffix}-contract`, psaContractName: `${names.acct} contract`, createdAt: now, createdBy: 'test' });
    await db.insert(t.resourceLinks).values({ tenantId, odinSubscriptionId: sub, odinResourceId: res, psaServiceId: `${suffix}-svc`, psaContractServiceId: `${suffix}-cs`, psaServiceName: `${names.res} service`, ledgerUnits: 5, plannedCount: 5, createdAt: now, createdBy: 'test' });
    const objId = suffix === 'B' ? B_IDS.id! : 'a-object-0001';
    await db.insert(t.adjustments).values({
      id: objId, tenantId, dedupKey: `${tenantId}|${sub}|${res}|2026-03-15|1`, reason: 'monitor', odinAccountId: acc, odinSubscriptionId: sub, odinResourceId: res,
      psaKind: 'autotask', psaAccountId: `${suffix}-acct`, psaContractId: `${suffix}-contract`, psaServiceId: `${suffix}-svc`, psaContractServiceId: `${suffix}-cs`,
      fromCount: 4, toCount: 5, unitChange: 1, effectiveDate: '2026-03-15', unitPrice: 10, estimatedAmount: 5.48, status: 'failed', attempts: 2,
      lastError: `${names.company} failure`, lastErrorKind: 'rule', nextAttemptAt: now, createdAt: now, updatedAt: now,
    });
    await db.insert(t.driftFindings).values({ id: objId, tenantId, odinSubscriptionId: sub, odinResourceId: res, ledgerUnits: 5, psaUnits: 7, marketplaceCount: 5, foundAt: now });
    await db.insert(t.syncRuns).values({ id: objId, tenantId, trigger: 'manual', status: 'succeeded', startedAt: now, finishedAt: now, summaryJson: JSON.stringify({ note: names.company }) });
  }
  const s = SECRET_VALUES;
  const at = clock.now();
  await saveConnection(store, secrets, 'tenant-A', 'marketplace', { baseUrl: 'http://127.0.0.1:9/marketplace', marketplace: 'us' }, { subscriptionKey: s[0]!, password: s[1]!, apiUser: s[6]! }, at);
  await saveConnection(store, secrets, 'tenant-A', 'autotask', { discoveryUrl: 'http://127.0.0.1:9/atservicesrest/' }, { apiUser: s[7]!, secret: s[2]!, integrationCode: s[3]! }, at);
  await saveConnection(store, secrets, 'tenant-A', 'connectwise', { site: 'http://127.0.0.1:9', companyId: 'a', clientId: 'c' }, { publicKey: s[5]!, privateKey: s[4]! }, at);
}
