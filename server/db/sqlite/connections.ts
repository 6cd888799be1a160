import { sqliteTable, text, primaryKey } from 'drizzle-orm/sqlite-core';

/**
 * Per tenant and system: plain settings as JSON, secrets as one AES-GCM box (base64 iv+ciphertext).
 * kind: 'marketplace' | 'autotask' | 'connectwise'.
 */
export const connections = sqliteTable(
  'connections',
  {
    tenantId: text('tenant_id').notNull(),
    kind: text('kind').notNull(),
    settingsJson: text('settings_json').notNull(),
    secretsBox: text('secrets_box').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.kind] })],
);
