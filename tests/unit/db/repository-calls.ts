/** Every repository function, called once with plausible arguments, for the SQL Server statement test. */
import type { Store } from '../../../server/db/store.js';
import { createSession, deleteSession, deleteUserSessions, loadSession } from '../../../server/auth/sessions.js';
import { consumeResetToken, issueResetToken } from '../../../server/auth/reset.js';
import { clearThrottle, readThrottle, recordFailure, ACCOUNT_RULE } from '../../../server/auth/throttle.js';
import { createTenant, createUser, findUserByEmail, getTenant, listActiveTenants, setPasswordHash } from '../../../server/tenants/repo.js';
import { describeConnection, saveConnection, storedSecrets } from '../../../server/connections/repo.js';
import { loadConnection } from '../../../server/connections/load.js';
import { createOutboxMailer } from '../../../server/mail/outbox.js';
import { createSecretBox } from '../../../server/auth/secret-box.js';

const now = new Date('2026-03-15T12:00:00Z');
const box = () => createSecretBox(new Uint8Array(32).fill(3));

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
  readThrottle: (s) => readThrottle(s, ['account:a', 'address:b']),
  recordFailure: (s) => recordFailure(s, 'account:a', ACCOUNT_RULE, now),
  clearThrottle: (s) => clearThrottle(s, 'account:a'),
  saveConnection: async (s) => saveConnection(s, await box(), 't', 'autotask', { a: 1 }, { secret: 'x' }, now),
  describeConnection: async (s) => describeConnection(s, await box(), 't', 'autotask'),
  storedSecrets: async (s) => storedSecrets(s, await box(), 't', 'autotask'),
  loadConnection: async (s) => loadConnection({ store: s, secrets: await box() }, 't', 'autotask'),
  outboxSend: (s) => createOutboxMailer(s, { now: () => now }).send({ tenantId: 't', to: 'a@b.c', subject: 's', body: 'b' }),
};
