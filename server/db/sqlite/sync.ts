import { integer, sqliteTable, text, index, primaryKey } from 'drizzle-orm/sqlite-core';

/** One row per sync cycle: progress while it runs, its result after. */
export const syncRuns = sqliteTable(
  'sync_runs',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    trigger: text('trigger').notNull(),
    status: text('status').notNull(),
    phase: text('phase'),
    done: integer('done').notNull().default(0),
    total: integer('total').notNull().default(0),
    summaryJson: text('summary_json'),
    error: text('error'),
    startedAt: text('started_at').notNull(),
    finishedAt: text('finished_at'),
  },
  (t) => [index('sync_runs_tenant_ix').on(t.tenantId, t.startedAt)],
);

/** Leases keep two processes on one database from running the same tenant's cycle at once. */
export const leases = sqliteTable('leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: text('expires_at').notNull(),
});

/** Cached PSA lists for the mapping screen (accounts, contracts, services), refreshed on demand. */
export const psaCache = sqliteTable(
  'psa_cache',
  {
    tenantId: text('tenant_id').notNull(),
    psaKind: text('psa_kind').notNull(),
    cacheKey: text('cache_key').notNull(),
    payloadJson: text('payload_json').notNull(),
    fetchedAt: text('fetched_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.psaKind, t.cacheKey] })],
);
