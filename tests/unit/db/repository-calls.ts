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

const now = new Date('2026-03-15T12:00:00Z');
const box = () => createSecretBox(new Uint8Array(32).fill(3));

const link: LinkedResource = {
  odinAccountId: 'A', odinSubscriptionId: 'S', odinResourceId: 'R', psaAccountId: 'PA', psaContractId: 'PC', psaServiceId: 'PS', psaContractServiceId: 'CS',
  psaServiceName: 'svc', decreasePolicy: 'next_period', statusPolicyJson: null, priceSource: 'catalog', customPrice: null, ledgerUnits: 4, plannedCount: 4,
  linkCreatedAt: now.toISOString(), count: 5, unitPrice: 10, unitCost: 8, resourceName: 'r', subscriptionStatus: 'active', billingPeriod: '1 month', renewalDate: null, subscriptionPeriod: null,
} as LinkedResource;

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
};
