import { mssqlTable, nvarchar, primaryKey } from 'drizzle-orm/mssql-core';

/**
 * Per tenant and system: plain settings as JSON, secrets as one AES-GCM box (base64 iv+ciphertext).
 * kind: 'marketplace' | 'autotask' | 'connectwise'.
 */
export const connections = mssqlTable(
  'connections',
  {
    tenantId: nvarchar('tenant_id', { length: 64 }).notNull(),
    kind: nvarchar('kind', { length: 64 }).notNull(),
    settingsJson: nvarchar('settings_json', { length: 'max' }).notNull(),
    secretsBox: nvarchar('secrets_box', { length: 'max' }).notNull(),
    updatedAt: nvarchar('updated_at', { length: 64 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.kind] })],
);
