import { integer, sqliteTable, text, index } from 'drizzle-orm/sqlite-core';

/** Session ids are stored as a SHA-256 hash: a copy of the database does not hand out live sessions. */
export const sessions = sqliteTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    userId: text('user_id').notNull(),
    tenantId: text('tenant_id').notNull(),
    csrfToken: text('csrf_token').notNull(),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    /** A ceiling on the user's role for this session ('viewer'), or null: the user's own role. */
    role: text('role'),
    /** 'pod': an embedded pod session (server/embed/pod-session.ts), refused by the non-pod writes. */
    scope: text('scope'),
  },
  (t) => [index('sessions_user_ix').on(t.userId)],
);

export const passwordResets = sqliteTable('password_resets', {
  tokenHash: text('token_hash').primaryKey(),
  userId: text('user_id').notNull(),
  expiresAt: text('expires_at').notNull(),
  usedAt: text('used_at'),
  createdAt: text('created_at').notNull(),
});

/** Fixed-window counters: sign-in attempts (server/auth/throttle.ts) and PSA list reads (server/mapping/psa-budget.ts). */
export const loginThrottle = sqliteTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  windowStart: text('window_start').notNull(),
  lockedUntil: text('locked_until'),
});

/** Mail kept locally when no SMTP_URL is set (demo mode): an admin reads it through the API. */
export const outbox = sqliteTable(
  'outbox',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('outbox_tenant_ix').on(t.tenantId)],
);

/** Launch tokens are single use: their jti is kept until they expire. */
export const usedLaunchTokens = sqliteTable('used_launch_tokens', {
  jti: text('jti').primaryKey(),
  expiresAt: text('expires_at').notNull(),
});
