import { int, mssqlTable, nvarchar, index, primaryKey } from 'drizzle-orm/mssql-core';

/** One row per sync cycle: progress while it runs, its result after. */
export const syncRuns = mssqlTable(
  'sync_runs',
  {
    id: nvarchar('id', { length: 64 }).primaryKey(),
    tenantId: nvarchar('tenant_id', { length: 64 }).notNull(),
    trigger: nvarchar('trigger', { length: 64 }).notNull(),
    status: nvarchar('status', { length: 64 }).notNull(),
    phase: nvarchar('phase', { length: 64 }),
    done: int('done').notNull().default(0),
    total: int('total').notNull().default(0),
    summaryJson: nvarchar('summary_json', { length: 'max' }),
    error: nvarchar('error', { length: 'max' }),
    startedAt: nvarchar('started_at', { length: 64 }).notNull(),
    finishedAt: nvarchar('finished_at', { length: 64 }),
  },
  (t) => [index('sync_runs_tenant_ix').on(t.tenantId, t.startedAt)],
);

/** Leases keep two processes on one database from running the same tenant's cycle at once. */
export const leases = mssqlTable('leases', {
  name: nvarchar('name', { length: 255 }).primaryKey(),
  holder: nvarchar('holder', { length: 64 }).notNull(),
  expiresAt: nvarchar('expires_at', { length: 64 }).notNull(),
});

/** Cached PSA lists for the mapping screen (accounts, contracts, services), refreshed on demand. */
export const psaCache = mssqlTable(
  'psa_cache',
  {
    tenantId: nvarchar('tenant_id', { length: 64 }).notNull(),
    psaKind: nvarchar('psa_kind', { length: 64 }).notNull(),
    cacheKey: nvarchar('cache_key', { length: 255 }).notNull(),
    payloadJson: nvarchar('payload_json', { length: 'max' }).notNull(),
    fetchedAt: nvarchar('fetched_at', { length: 64 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.psaKind, t.cacheKey] })],
);
