/** Alert settings of a tenant (alert_settings): channels, immediate or daily digest, renewal horizon. */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Store } from '../db/store.js';
import type { AlertChannel } from '../domain/alerts.js';

export const channelSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('email'), to: z.email().max(254) }),
  z.strictObject({ kind: z.literal('webhook'), url: z.url({ protocol: /^https?$/ }).max(2000) }),
]);
export const settingsBody = z.strictObject({
  channels: z.array(channelSchema).max(10),
  mode: z.enum(['immediate', 'digest']),
  renewalDays: z.number().int().min(0).max(365).optional(),
});

export interface AlertSettings {
  channels: AlertChannel[];
  mode: 'immediate' | 'digest';
  renewalDays: number;
  lastDigestOn: string | null;
}

export async function loadAlertSettings(store: Store, tenantId: string): Promise<AlertSettings | null> {
  const [row] = await store.db.select().from(store.t.alertSettings).where(eq(store.t.alertSettings.tenantId, tenantId));
  if (!row) return null;
  return { channels: JSON.parse(row.channelsJson) as AlertChannel[], mode: row.mode === 'digest' ? 'digest' : 'immediate', renewalDays: row.renewalDays, lastDigestOn: row.lastDigestOn };
}

export async function saveAlertSettings(store: Store, tenantId: string, s: z.infer<typeof settingsBody>, at: string): Promise<void> {
  const t = store.t.alertSettings;
  const values = { channelsJson: JSON.stringify(s.channels), mode: s.mode, renewalDays: s.renewalDays ?? 30, updatedAt: at };
  await store.upsert(t, { tenantId, ...values }, [t.tenantId], values);
}
