import { int, mssqlTable, nvarchar, index } from 'drizzle-orm/mssql-core';

/** Session ids are stored as a SHA-256 hash: a copy of the database does not hand out live sessions. */
export const sessions = mssqlTable(
  'sessions',
  {
    idHash: nvarchar('id_hash', { length: 64 }).primaryKey(),
    userId: nvarchar('user_id', { length: 64 }).notNull(),
    tenantId: nvarchar('tenant_id', { length: 64 }).notNull(),
    csrfToken: nvarchar('csrf_token', { length: 255 }).notNull(),
    createdAt: nvarchar('created_at', { length: 64 }).notNull(),
    expiresAt: nvarchar('expires_at', { length: 64 }).notNull(),
    /** A ceiling on the user's role for this session ('viewer'), or null: the user's own role. */
    role: nvarchar('role', { length: 16 }),
    /** 'pod': an embedded pod session (server/embed/pod-session.ts), refused by the non-pod writes. */
    scope: nvarchar('scope', { length: 16 }),
  },
  (t) => [index('sessions_user_ix').on(t.userId)],
);

export const passwordResets = mssqlTable('password_resets', {
  tokenHash: nvarchar('token_hash', { length: 64 }).primaryKey(),
  userId: nvarchar('user_id', { length: 64 }).notNull(),
  expiresAt: nvarchar('expires_at', { length: 64 }).notNull(),
  usedAt: nvarchar('used_at', { length: 64 }),
  createdAt: nvarchar('created_at', { length: 64 }).notNull(),
});

/** Fixed-window counters: sign-in attempts (server/auth/throttle.ts) and PSA list reads (server/mapping/psa-budget.ts). */
export const loginThrottle = mssqlTable('login_throttle', {
  key: nvarchar('key', { length: 255 }).primaryKey(),
  failures: int('failures').notNull().default(0),
  windowStart: nvarchar('window_start', { length: 255 }).notNull(),
  lockedUntil: nvarchar('locked_until', { length: 255 }),
});

/** Mail kept locally when no SMTP_URL is set (demo mode): an admin reads it through the API. */
export const outbox = mssqlTable(
  'outbox',
  {
    id: nvarchar('id', { length: 64 }).primaryKey(),
    tenantId: nvarchar('tenant_id', { length: 64 }).notNull(),
    toAddress: nvarchar('to_address', { length: 255 }).notNull(),
    subject: nvarchar('subject', { length: 255 }).notNull(),
    body: nvarchar('body', { length: 'max' }).notNull(),
    createdAt: nvarchar('created_at', { length: 64 }).notNull(),
  },
  (t) => [index('outbox_tenant_ix').on(t.tenantId)],
);

/** Launch tokens are single use: their jti is kept until they expire. */
export const usedLaunchTokens = mssqlTable('used_launch_tokens', {
  jti: nvarchar('jti', { length: 64 }).primaryKey(),
  expiresAt: nvarchar('expires_at', { length: 64 }).notNull(),
});
