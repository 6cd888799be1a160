/** Save and describe connections. The decrypting reader for connectors is load.ts. */
import { and, eq } from 'drizzle-orm';
import type { Store } from '../db/store.js';
import type { ConnectionKind, SecretBox } from '../services.js';
import { secretFieldsOf, withAdditionStyle } from './fields.js';

export interface ConnectionView {
  kind: ConnectionKind;
  configured: boolean;
  settings: Record<string, unknown>;
  secrets: Record<string, { set: boolean }>;
  updatedAt: string | null;
}

async function readRow(store: Store, tenantId: string, kind: ConnectionKind) {
  const { db, t } = store;
  const rows = await db.select().from(t.connections).where(and(eq(t.connections.tenantId, tenantId), eq(t.connections.kind, kind)));
  return rows[0] ?? null;
}

/** What a browser may see: plain settings, and for each secret only whether it is set. */
export async function describeConnection(store: Store, box: SecretBox, tenantId: string, kind: ConnectionKind): Promise<ConnectionView> {
  const row = await readRow(store, tenantId, kind);
  const stored = row ? (JSON.parse(await box.open(row.secretsBox)) as Record<string, string>) : {};
  const secrets = Object.fromEntries(secretFieldsOf(kind).map((f) => [f, { set: Boolean(stored[f]) }]));
  return {
    kind,
    configured: Boolean(row),
    settings: row ? withAdditionStyle(kind, JSON.parse(row.settingsJson) as Record<string, unknown>, {}) : {},
    secrets,
    updatedAt: row?.updatedAt ?? null,
  };
}

/** Stored secrets, decrypted, for merging with a partial update (an omitted secret keeps its value). */
export async function storedSecrets(store: Store, box: SecretBox, tenantId: string, kind: ConnectionKind): Promise<Record<string, string>> {
  const row = await readRow(store, tenantId, kind);
  return row ? (JSON.parse(await box.open(row.secretsBox)) as Record<string, string>) : {};
}

export async function saveConnection(
  store: Store,
  box: SecretBox,
  tenantId: string,
  kind: ConnectionKind,
  settings: Record<string, unknown>,
  secrets: Record<string, string>,
  now: Date,
): Promise<void> {
  const before = await readRow(store, tenantId, kind);
  const row = {
    tenantId,
    kind,
    settingsJson: JSON.stringify(withAdditionStyle(kind, settings, before ? (JSON.parse(before.settingsJson) as Record<string, unknown>) : null)),
    secretsBox: await box.seal(JSON.stringify(secrets)),
    updatedAt: now.toISOString(),
  };
  await store.upsert(store.t.connections, row, [store.t.connections.tenantId, store.t.connections.kind], {
    settingsJson: row.settingsJson,
    secretsBox: row.secretsBox,
    updatedAt: row.updatedAt,
  });
}
