/** Every repository function, called once with plausible arguments, for the SQL Server statement test. */
import type { Store } from '../../../server/db/store.js';
import { createSession, deleteSession, deleteUserSessions, loadSession } from '../../../server/auth/sessions.js';
import { consumeResetToken, endResetTokens, issueResetToken, mayMailReset } from '../../../server/auth/reset.js';
import { attemptSucceeded, beginAttempt, clearThrottle, countAttempt, uncountAttempt, ACCOUNT_RULE } from '../../../server/auth/throttle.js';
import { createTenant, createUser, findUserByEmail, getTenant, listActiveTenants, setPasswordHash } from '../../../server/tenants/repo.js';
import { describeConnection, saveConnection, storedSecrets } from '../../../server/connections/repo.js';
import { loadConnection } from '../../../server/connections/load.js';
import { createOutboxMailer } from '../../../server/mail/outbox.js';
import { createSecretBox } from '../../../server/auth/secret-box.js';
import { loadLinkedResources, loadOpenRows, loadRowsFrom, loadTenant, postedAfter, type LinkedResource } from '../../../server/sync/repo.js';
import { acquireLease, leaseHeld, releaseLease, renewLease } from '../../../server/sync/lease.js';
import { finishRun, insertRun, latestRuns, updateRun } from '../../../server/sync/runs.js';
import { raiseDriftFinding, resolveDriftFindings } from '../../../server/sync/drift-store.js';
import { listDrift } from '../../../server/sync/drift.js';
import { allowListRead, allowRefresh } from '../../../server/mapping/psa-budget.js';
import type { Services } from '../../../server/services.js';
import { rowsByColumn } from '../../helpers/mssql-recorder.js';
import { readContractPod, retryNow } from '../../../server/embed/pod-data.js';
import { configureTenant, launchUserOf, provisionTenant, tenantOfContext, unprovisionTenant, ContextResource } from '../../../server/embed/aps-provision.js';
import { consumeLaunchJti } from '../../../server/auth/launch.js';
import { openPodSession } from '../../../server/embed/pod-session.js';
import { rotateInsightSecret, verifyInsightRequest } from '../../../server/embed/insight.js';
import { connectWiseOf, connectWiseSiteOrigins, tenantsForConnectWise } from '../../../server/embed/connectwise-member.js';
import { approveHeld, dismissHeld, editHeld, type Reviewer } from '../../../server/review/actions.js';
import { loadReviewGate } from '../../../server/review/gate.js';
import { deletePolicy, loadPolicies, loadPolicy, savePolicy } from '../../../server/review/policies.js';
import { previewNextCycle } from '../../../server/review/preview.js';
import { auditedBulkChange, auditedLinkChange, readLinkState } from '../../../server/audit/links.js';
import { auditEventsOf, recordAudit, recordAudits } from '../../../server/audit/record.js';

const now = new Date('2026-03-15T12:00:00Z');
const box = () => createSecretBox(new Uint8Array(32).fill(3));

const link: LinkedResource = {
  odinAccountId: 'A', odinSubscriptionId: 'S', odinResourceId: 'R', psaAccountId: 'PA', psaContractId: 'PC', psaServiceId: 'PS', psaContractServiceId: 'CS',
  psaServiceName: 'svc', decreasePolicy: 'next_period', statusPolicyJson: null, priceSource: 'catalog', customPrice: null, ledgerUnits: 4, plannedCount: 4,
  linkCreatedAt: now.toISOString(), count: 5, unitPrice: 10, unitCost: 8, resourceName: 'r', subscriptionStatus: 'active', billingPeriod: '1 month', renewalDate: null, subscriptionPeriod: null,
} as LinkedResource;

/** The services an embedded-area function reads: the recording store, a clock, a box, a cheap hasher. */
async function servicesOver(store: Store): Promise<Services> {
  return { store, clock: { now: () => now }, secrets: await box(), passwords: { hash: async () => 'h', verify: async () => false } } as unknown as Services;
}
const context = ContextResource.parse({
  aps: { id: 'ctx-1' }, customerName: 'c', marketplaceAccountId: '1', adminEmail: 'admin@contoso.example', gatewayUrl: 'https://gw.example', gatewayUser: 'u', gatewayPassword: 'p', marketplace: 'us', subscriptionKey: 'k',
});
const reviewer: Reviewer = { tenantId: 't', by: 'a@b.c', at: now.toISOString(), prorationConvention: 'inclusive', onePerServicePerDay: true };
const who = { tenantId: 't', actor: 'a@b.c', at: () => now.toISOString() };
const policy = { mode: 'threshold' as const, thresholdUnits: 5, thresholdAmount: null, reviewFirstReconcile: true, quantityFloor: null, holdAnnualDecreases: false };
const audit = { tenantId: 't', actor: 'a@b.c', action: 'link' as const, subjectType: 'company' as const, subject: 'A', before: null, after: { psaAccountId: 'PA' } };

export const REPOSITORY_CALLS: Record<string, (store: Store) => Promise<unknown>> = {
  createTenant: (s) => createTenant(s, { id: 't', name: 'n', licenceCustomer: 'c', licenceKey: 'k', timeZone: 'UTC', psaKind: 'autotask' }, now),
  getTenant: (s) => getTenant(s, 't'),
  listActiveTenants: (s) => listActiveTenants(s),
  createUser: (s) => createUser(s, { id: 'u', tenantId: 't', email: 'a@b.c', passwordHash: 'h', role: 'admin' }, now),
  findUserByEmail: (s) => findUserByEmail(s, 'a@b.c'),
  setPasswordHash: (s) => setPasswordHash(s, 'u', 'h'),
  createSession: (s) => createSession(s, { id: 'u', tenantId: 't' }, now),
  loadSession: (s) => loadSession(s, 'sid', now),
  deleteSession: (s) => deleteSession(s, 'h'),
  deleteUserSessions: (s) => deleteUserSessions(s, 'u'),
  issueResetToken: (s) => issueResetToken(s, 'u', now),
  consumeResetToken: (s) => consumeResetToken(s, 'token', now),
  endResetTokens: (s) => endResetTokens(s, 'u'),
  mayMailReset: (s) => mayMailReset(s, '127.0.0.1', 'a@b.c', now),
  countAttempt: (s) => countAttempt(s, 'account:a', ACCOUNT_RULE, now),
  uncountAttempt: (s) => uncountAttempt(s, 'account:a'),
  beginAttempt: (s) => beginAttempt(s, { pair: 'pair:a', address: 'address:b', account: 'account:a' }, now),
  attemptSucceeded: (s) => attemptSucceeded(s, { pair: 'pair:a', address: 'address:b', account: 'account:a' }),
  clearThrottle: (s) => clearThrottle(s, 'account:a'),
  saveConnection: async (s) => saveConnection(s, await box(), 't', 'autotask', { a: 1 }, { secret: 'x' }, now),
  describeConnection: async (s) => describeConnection(s, await box(), 't', 'autotask'),
  storedSecrets: async (s) => storedSecrets(s, await box(), 't', 'autotask'),
  loadConnection: async (s) => loadConnection({ store: s, secrets: await box() }, 't', 'autotask'),
  outboxSend: (s) => createOutboxMailer(s, { now: () => now }).send({ tenantId: 't', to: 'a@b.c', subject: 's', body: 'b' }),
  // Sync engine (server/sync): tenant and links, the adjustment queue, leases, runs, drift.
  loadTenant: (s) => loadTenant(s, 't'),
  loadLinkedResources: (s) => loadLinkedResources(s, 't', 'autotask'),
  loadLinkedResource: (s) => loadLinkedResources(s, 't', 'connectwise', { odinSubscriptionId: 'S', odinResourceId: 'R' }),
  loadOpenRows: (s) => loadOpenRows(s, 't', '2026-03-15'),
  loadRowsFrom: (s) => loadRowsFrom(s, 't', link, '2026-03-01'),
  postedAfter: (s) => postedAfter(s, 't', { psaContractId: 'PC', psaServiceId: 'PS' }, '2026-03-15'),
  acquireLease: (s) => acquireLease(s, 'sync:t', 'holder', 60_000, now),
  renewLease: (s) => renewLease(s, 'sync:t', 'holder', 60_000, now),
  releaseLease: (s) => releaseLease(s, 'sync:t', 'holder'),
  leaseHeld: (s) => leaseHeld(s, 'sync:t', now),
  insertRun: (s) => insertRun(s, { id: 'r', tenantId: 't', trigger: 'manual', startedAt: now.toISOString() }),
  updateRun: (s) => updateRun(s, 'r', { phase: 'post', done: 1, total: 2 }),
  finishRun: (s) => finishRun(s, 'r', { status: 'ok', summary: {}, error: null, finishedAt: now.toISOString() }),
  latestRuns: (s) => latestRuns(s, 't'),
  raiseDriftFinding: (s) => raiseDriftFinding(s, 't', link, 7, now),
  resolveDriftFindings: (s) => resolveDriftFindings(s, 't', link, 'fixed', now),
  listDrift: (s) => listDrift({ store: s }, 't'),
  allowRefresh: (s) => allowRefresh(s, 't', 'accounts', now),
  allowListRead: (s) => allowListRead(s, 't', now),
  // Embedded (issue 11): pod, APS provisioning, launch tokens, Insight, ConnectWise pod sign-in.
  readContractPod: (s) => readContractPod(s, 't', 'PC', now, 'America/New_York'),
  retryNow: (s) => retryNow(s, 't', 'adj-1', now),
  tenantOfContext: async (s) => tenantOfContext(await servicesOver(s), 'ctx-1'),
  provisionTenant: async (s) => provisionTenant(await servicesOver(s), context),
  configureTenant: async (s) => configureTenant(await servicesOver(s), 'ctx-1', context),
  unprovisionTenant: async (s) => unprovisionTenant(await servicesOver(s), 'ctx-1'),
  launchUserOf: async (s) => launchUserOf(await servicesOver(s), 't'),
  consumeLaunchJti: async (s) => consumeLaunchJti(await servicesOver(s), 'jti-1', now),
  openPodSession: async (s) => openPodSession(await servicesOver(s), 't', 'a@b.c'),
  rotateInsightSecret: async (s) => rotateInsightSecret(await servicesOver(s), 't', 'https://ww5.autotask.net'),
  verifyInsightRequest: async (s) => verifyInsightRequest(await servicesOver(s), { contractId: 'PC', tenant: 't', ts: String(now.getTime() / 1000), sig: 'ab'.repeat(32) }),
  tenantsForConnectWise: async (s) => tenantsForConnectWise(await servicesOver(s), 'acme', 'https://na.myconnectwise.net'),
  connectWiseSiteOrigins: async (s) => connectWiseSiteOrigins(await servicesOver(s)),
  connectWiseOf: async (s) => connectWiseOf(await servicesOver(s), 't'),
  // Trust (issue 14): review queue, policies, preview, audit trail.
  approveHeld: (s) => approveHeld(s, reviewer, ['adj-1', 'adj-2']),
  dismissHeld: (s) => dismissHeld(s, reviewer, ['adj-1'], 'duplicate'),
  editHeld: (s) => editHeld(s, reviewer, 'adj-1', { effectiveDate: '2026-03-20', toCount: 4 }),
  loadReviewGate: (s) => loadReviewGate(s, 't'),
  loadPolicies: (s) => loadPolicies(s, 't'),
  loadPolicy: (s) => loadPolicy(s, 't', 'tenant'),
  savePolicy: (s) => savePolicy(s, 't', 'tenant', policy, 'a@b.c', now.toISOString()),
  deletePolicy: (s) => deletePolicy(s, 't', 'tenant'),
  previewNextCycle: (s) => previewNextCycle(s, 't', now),
  readLinkState: (s) => readLinkState(s, 't', 'resource', { odinAccountId: 'A', odinSubscriptionId: 'S', odinResourceId: 'R' }),
  auditedLinkChange: (s) => auditedLinkChange(s, who, 'company', { odinAccountId: 'A' }, async () => null),
  auditedBulkChange: (s) => auditedBulkChange(s, who, [{ level: 'subscription', odinAccountId: 'A', odinSubscriptionId: 'S' }], async () => null),
  recordAudit: (s) => recordAudit(s, now.toISOString(), audit),
  recordAudits: (s) => recordAudits(s, now.toISOString(), [audit, { ...audit, subject: 'B' }]),
  auditEventsOf: (s) => auditEventsOf(s, 't'),
};

/** Plausible column values, so functions that read a row first go on to their writes. */
const FOUND = {
  id: 'adj-1', tenant_id: 't', status: 'held', effective_date: '2026-03-20', from_count: 3, to_count: 5, unit_change: 2, unit_price: 10, estimated_amount: 20,
  odin_account_id: 'A', odin_subscription_id: 'S', odin_resource_id: 'R', psa_kind: 'autotask', psa_account_id: 'PA', psa_contract_id: 'PC', psa_service_id: 'PS',
  psa_contract_service_id: 'CS', attempts: 1, created_at: now.toISOString(), updated_at: now.toISOString(), time_zone: 'America/New_York', proration_convention: 'inclusive',
  email: 'a@b.c', role: 'admin', disabled: 0, must_change_password: 0, name: 'n', licence_customer: 'c', licence_key: 'k', scope: 'tenant', mode: 'threshold',
  threshold_units: 5, review_first_reconcile: 1, aps_resource_id: 'ctx-1', frame_origins: '[]', settings_json: '{}', kind: 'connectwise',
  secrets_box: await (await box()).seal('{}'),
};
/** A PSA that takes several adjustments per service per day, so the same-day check lets the found row through. */
const anyDay: Reviewer = { ...reviewer, onePerServicePerDay: false };
const found = (values: Record<string, unknown> = {}) => ({ answer: rowsByColumn({ ...FOUND, ...values }), rowsAffected: 1 });

/** The same functions with a row found for every SELECT and every UPDATE touching one row: their full paths. */
export const ANSWERED_CALLS: Record<string, { call: (store: Store) => Promise<unknown>; answer: (sql: string) => unknown[]; rowsAffected: number }> = {
  approveHeld: { call: (s) => approveHeld(s, anyDay, ['adj-1'], '2026-03-21'), ...found() },
  dismissHeld: { call: (s) => dismissHeld(s, reviewer, ['adj-1'], 'duplicate'), ...found() },
  editHeld: { call: (s) => editHeld(s, anyDay, 'adj-1', { effectiveDate: '2026-03-21', toCount: 6 }), ...found() },
  retryNow: { call: (s) => retryNow(s, 't', 'adj-1', now), ...found({ status: 'failed' }) },
  readContractPod: { call: (s) => readContractPod(s, 't', 'PC', now, 'America/New_York'), ...found({ status: 'active' }) },
  previewNextCycle: { call: (s) => previewNextCycle(s, 't', now), ...found({ status: 'active' }) },
  provisionTenant: { call: async (s) => provisionTenant(await servicesOver(s), context), ...found({ tenant_id: 'aps-ctx-1', id: 'aps-ctx-1', status: 'active' }) },
  configureTenant: { call: async (s) => configureTenant(await servicesOver(s), 'ctx-1', context), ...found({ status: 'active' }) },
  unprovisionTenant: { call: async (s) => unprovisionTenant(await servicesOver(s), 'ctx-1'), ...found({ status: 'active' }) },
  openPodSession: { call: async (s) => openPodSession(await servicesOver(s), 't', 'a@b.c'), ...found({ id: 'u' }) },
  auditedLinkChange: { call: (s) => auditedLinkChange(s, who, 'company', { odinAccountId: 'A' }, async () => null), ...found() },
  loadPolicies: { call: (s) => loadPolicies(s, 't'), ...found() },
  loadReviewGate: { call: (s) => loadReviewGate(s, 't'), ...found() },
  auditEventsOf: { call: (s) => auditEventsOf(s, 't'), ...found({ before_json: null, after_json: '{}' }) },
};
