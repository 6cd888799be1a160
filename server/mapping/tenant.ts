/** The tenant settings the mapping screen and the reports need: which PSA, which time zone, which money. */
import { eq } from 'drizzle-orm';
import type { Store } from '../db/store.js';
import { notFound } from '../http/errors.js';
import { PSA_KINDS, type PsaKind } from '../psa/types.js';

export interface TenantSettings {
  psaKind: PsaKind;
  timeZone: string;
  /** ISO 4217 code and BCP 47 locale the amounts are shown in (defaults USD, en-US). */
  currency: string;
  locale: string;
}

export async function loadTenantSettings(store: Store, tenantId: string): Promise<TenantSettings> {
  const { db, t } = store;
  const rows = await db
    .select({ psaKind: t.tenants.psaKind, timeZone: t.tenants.timeZone, currency: t.tenants.currency, locale: t.tenants.locale })
    .from(t.tenants)
    .where(eq(t.tenants.id, tenantId));
  const row = rows[0];
  if (!row) throw notFound('Tenant');
  const psaKind = (PSA_KINDS as readonly string[]).includes(row.psaKind) ? (row.psaKind as PsaKind) : 'autotask';
  return { psaKind, timeZone: row.timeZone || 'UTC', currency: row.currency || 'USD', locale: row.locale || 'en-US' };
}
