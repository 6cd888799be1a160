/**
 * Who may frame a screen (issue 11 §7): Content-Security-Policy frame-ancestors, decided per request.
 *  - Sign-in, forgot and reset pages, and any screen without a session: 'none' (no clickjacking of a
 *    login form, nothing to show a stranger's frame anyway).
 *  - A signed-in screen: 'self' and the tenant's own hosts: the control panel origin(s) stored at
 *    provisioning (tenants.frame_origins), and its ConnectWise site origin. Another tenant's panel
 *    cannot frame it, nor can an arbitrary *.autotask.net page.
 *  - The ConnectWise pod's first page (/pod/connectwise), which loads before the member is known: the
 *    ConnectWise cloud origins (research connectwise.md §4: na/eu/au.myconnectwise.net,
 *    staging.connectwisedev.com), plus the tenant's site once signed in. It shows no data before the
 *    server has confirmed the member.
 * CSP frame-ancestors: https://www.w3.org/TR/CSP3/#directive-frame-ancestors
 */
import { and, eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { loadSession, SESSION_COOKIE } from '../auth/sessions.js';
import { siteOrigin } from '../psa/connectwise/site.js';
import { connectWiseSiteOrigins } from './connectwise-member.js';
import type { Services } from '../services.js';
import { getTenant } from '../tenants/repo.js';

export const NO_FRAMING = ["'none'"];
export const CONNECTWISE_CLOUD_ORIGINS = ['https://na.myconnectwise.net', 'https://eu.myconnectwise.net', 'https://au.myconnectwise.net', 'https://staging.connectwisedev.com'];
const STANDALONE_ONLY = new Set(['/login', '/forgot', '/forgot-password', '/reset', '/reset-password']);

/** Origins a tenant's screens may be framed by, besides 'self'. */
export async function tenantFrameOrigins(services: Services, tenantId: string): Promise<string[]> {
  const { store } = services;
  const tenant = await getTenant(store, tenantId);
  if (!tenant || tenant.status !== 'active') return [];
  const out = new Set<string>();
  for (const o of parseOrigins(tenant.frameOrigins)) out.add(o);
  const [cw] = await store.db.select().from(store.t.connections).where(and(eq(store.t.connections.tenantId, tenantId), eq(store.t.connections.kind, 'connectwise')));
  const site = cw ? (JSON.parse(cw.settingsJson) as { site?: string }).site : undefined;
  if (site) {
    try {
      out.add(new URL(siteOrigin(site)).origin);
    } catch {
      // A malformed site frames nothing; the Configuration screen says what is wrong with it.
    }
  }
  return [...out];
}

function parseOrigins(json: string | null): string[] {
  if (!json) return [];
  try {
    const list = JSON.parse(json) as unknown;
    return Array.isArray(list) ? list.filter((o): o is string => typeof o === 'string' && /^https?:\/\/[^\s/;,']+$/.test(o)) : [];
  } catch {
    return [];
  }
}

export async function frameAncestorsFor(c: Context): Promise<string[]> {
  const path = c.req.path.replace(/\/+$/, '') || '/';
  if (STANDALONE_ONLY.has(path)) return NO_FRAMING;
  const services = c.get('services') as Services | undefined;
  // The pod's first page: the ConnectWise cloud, and the sites (on-premises, sandbox) tenants configured.
  const pod = path === '/pod/connectwise' && services ? [...CONNECTWISE_CLOUD_ORIGINS, ...(await connectWiseSiteOrigins(services))] : [];
  const sid = services ? getCookie(c, SESSION_COOKIE) : undefined;
  const session = sid && services ? await loadSession(services.store, sid, services.clock.now()) : null;
  if (!session) return pod.length ? pod : NO_FRAMING;
  return ["'self'", ...new Set([...pod, ...(await tenantFrameOrigins(services!, session.user.tenantId))])];
}
