/**
 * The Autotask Insight's request check (issue 11 §4). Autotask documents the IntegrationVendorInsights
 * record (referenceUrl, secret, ...; research autotask.md §4) but not how the secret authenticates the
 * page it loads, so the scheme is ours and written in README.md ("Embedding"):
 *
 *   GET {referenceUrl}?contractId={id}&tenant={tenantId}&ts={unix seconds}&sig={hex}
 *   sig = HMAC-SHA256(secret, "contractId={id}&tenant={tenantId}&ts={ts}")   (values as sent, in this order)
 *
 * accepted when the signature matches the tenant's Insight secret (constant-time compare) and ts is
 * within 300 s of our clock either way. The secret is made here (POST /api/embed/insight), shown once to
 * the admin who puts it in the Insight record, and stored sealed.
 */
import { eq } from 'drizzle-orm';
import { constantTimeEqual, randomToken } from '../auth/crypto.js';
import type { Services } from '../services.js';

export const INSIGHT_WINDOW_SECONDS = 300;

export interface InsightRequest {
  contractId: string;
  tenant: string;
  ts: string;
  sig: string;
}

export const insightCanonical = (r: Omit<InsightRequest, 'sig'>) => `contractId=${r.contractId}&tenant=${r.tenant}&ts=${r.ts}`;

export async function signInsight(secret: string, r: Omit<InsightRequest, 'sig'>): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(insightCanonical(r))));
  return [...mac].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export type InsightVerdict = { ok: true; tenantId: string; contractId: string } | { ok: false; reason: string };

export async function verifyInsightRequest(services: Services, r: Partial<InsightRequest>): Promise<InsightVerdict> {
  if (!r.contractId || !r.tenant || !r.ts || !r.sig) return { ok: false, reason: 'contractId, tenant, ts and sig are required' };
  if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(r.contractId) || !/^[A-Za-z0-9_.:-]{1,64}$/.test(r.tenant)) return { ok: false, reason: 'malformed ids' };
  if (!/^\d{1,12}$/.test(r.ts) || !/^[0-9a-f]{64}$/.test(r.sig)) return { ok: false, reason: 'malformed ts or sig' };
  const skew = Math.abs(services.clock.now().getTime() / 1000 - Number(r.ts));
  if (skew > INSIGHT_WINDOW_SECONDS) return { ok: false, reason: 'the request is outside the time window' };
  const { store, secrets } = services;
  const [tenant] = await store.db.select().from(store.t.tenants).where(eq(store.t.tenants.id, r.tenant));
  if (!tenant || tenant.status !== 'active' || !tenant.insightSecretBox) return { ok: false, reason: 'no Insight is set up for this tenant' };
  const expected = await signInsight(await secrets.open(tenant.insightSecretBox), { contractId: r.contractId, tenant: r.tenant, ts: r.ts });
  const enc = new TextEncoder();
  if (!constantTimeEqual(enc.encode(expected), enc.encode(r.sig))) return { ok: false, reason: 'the signature does not match' };
  return { ok: true, tenantId: tenant.id, contractId: r.contractId };
}

/** A new Insight secret for the tenant (replacing any old one), and the Autotask host allowed to frame the pod. */
export async function rotateInsightSecret(services: Services, tenantId: string, autotaskOrigin: string): Promise<string> {
  const { store, secrets } = services;
  const secret = randomToken(32);
  const [tenant] = await store.db.select().from(store.t.tenants).where(eq(store.t.tenants.id, tenantId));
  const origins = new Set<string>(tenant?.frameOrigins ? (JSON.parse(tenant.frameOrigins) as string[]) : []);
  origins.add(autotaskOrigin);
  await store.db
    .update(store.t.tenants)
    .set({ insightSecretBox: await secrets.seal(secret), frameOrigins: JSON.stringify([...origins]) })
    .where(eq(store.t.tenants.id, tenantId));
  return secret;
}
