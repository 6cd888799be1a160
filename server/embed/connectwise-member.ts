/**
 * Confirm a ConnectWise member with ConnectWise itself (research connectwise.md §4): the pod frame hands
 * us companyid, memberid and memberHash from Manage's getMemberAuthentication, which anyone could type;
 * we believe them only when the tenant's own ConnectWise answers `GET /system/myAccount` for exactly
 * that member with those cookies. Codebase from `/login/companyinfo/{company}` as the client does.
 */
import axios from 'axios';
import { and, eq } from 'drizzle-orm';
import { loadConnection } from '../connections/load.js';
import { apiBase, companyInfoUrl, normaliseCodebase, siteOrigin } from '../psa/connectwise/site.js';
import type { ConnectWiseConnection } from '../psa/types.js';
import type { Services } from '../services.js';

export interface MemberClaim {
  companyId: string;
  memberId: string;
  memberHash: string;
  memberContext?: string;
  /** The Manage origin the messages came from (event.origin). */
  origin: string;
}

/** Tenants whose ConnectWise connection is this company at this origin. */
export async function tenantsForConnectWise(services: Services, companyId: string, origin: string): Promise<string[]> {
  const { db, t } = services.store;
  const rows = await db.select().from(t.connections).where(and(eq(t.connections.kind, 'connectwise')));
  const out: string[] = [];
  for (const r of rows) {
    const s = JSON.parse(r.settingsJson) as { site?: string; companyId?: string };
    if (!s.site || (s.companyId ?? '').toLowerCase() !== companyId.toLowerCase()) continue;
    try {
      if (new URL(siteOrigin(s.site)).origin === origin) out.push(r.tenantId);
    } catch {
      /* a malformed site matches nothing */
    }
  }
  return out;
}

/** Every ConnectWise origin a tenant has configured: hosts the pod's first page accepts messages from. */
export async function connectWiseSiteOrigins(services: Services): Promise<string[]> {
  const { db, t } = services.store;
  const rows = await db.select().from(t.connections).where(eq(t.connections.kind, 'connectwise'));
  const out = new Set<string>();
  for (const r of rows) {
    try {
      out.add(new URL(siteOrigin((JSON.parse(r.settingsJson) as { site: string }).site)).origin);
    } catch {
      /* skip */
    }
  }
  return [...out];
}

const cookie = (v: string) => encodeURIComponent(v);

/** The member's e-mail when ConnectWise confirms the claim, else null. */
export async function confirmMember(conn: ConnectWiseConnection, claim: MemberClaim, timeoutMs = 15_000): Promise<{ identifier: string; email: string | null } | null> {
  const ax = axios.create({ timeout: timeoutMs, validateStatus: () => true, maxRedirects: 0, responseType: 'json' });
  const info = await ax.get(companyInfoUrl(conn.site, conn.companyId));
  const codebase = normaliseCodebase(info.status === 200 ? (info.data as { Codebase?: unknown })?.Codebase : undefined);
  const res = await ax.get(`${apiBase(conn.site, codebase)}/system/myAccount`, {
    headers: {
      clientId: conn.clientId,
      Accept: 'application/json',
      Cookie: [
        `companyName=${cookie(claim.companyId)}`,
        `memberHash=${cookie(claim.memberHash)}`,
        `MemberID=${cookie(claim.memberId)}`,
        ...(claim.memberContext ? [`MemberContext=${cookie(claim.memberContext)}`] : []),
      ].join('; '),
    },
  });
  if (res.status !== 200) return null;
  const body = res.data as { identifier?: string; officeEmail?: string };
  if (typeof body?.identifier !== 'string' || body.identifier.toLowerCase() !== claim.memberId.toLowerCase()) return null;
  return { identifier: body.identifier, email: body.officeEmail ?? null };
}

export async function connectWiseOf(services: Services, tenantId: string) {
  return loadConnection(services, tenantId, 'connectwise');
}
