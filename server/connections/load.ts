/**
 * Read a tenant's stored connection with its secrets decrypted, for connectors only. Nothing that comes
 * out of here may reach a response body or a log line: routes return `maskConnection` instead.
 */
import { and, eq } from 'drizzle-orm';
import type { ConnectionKind, ConnectionSettings, Services } from '../services.js';

export async function loadConnection<K extends ConnectionKind>(
  services: Pick<Services, 'store' | 'secrets'>,
  tenantId: string,
  kind: K,
): Promise<ConnectionSettings[K] | null> {
  const { db, t } = services.store;
  const rows = await db
    .select()
    .from(t.connections)
    .where(and(eq(t.connections.tenantId, tenantId), eq(t.connections.kind, kind)));
  const row = rows[0];
  if (!row) return null;
  const settings = JSON.parse(row.settingsJson) as Record<string, unknown>;
  const secrets = JSON.parse(await services.secrets.open(row.secretsBox)) as Record<string, unknown>;
  return { ...settings, ...secrets } as unknown as ConnectionSettings[K];
}
