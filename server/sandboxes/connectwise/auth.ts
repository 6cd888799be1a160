/**
 * API-member authentication as ConnectWise checks it: `Authorization: Basic base64(company+public:private)`
 * and a `clientId` header (required since 2019; a missing one is a 401), then the member's security role
 * per area. An unknown company cannot be routed at all (`400 Cannot route. Codebase/company is invalid`).
 * Research 1, "Authentication". Message texts other than the routing one are ours (unverified upstream).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { CW_TEXTS } from './vendor.js';
import { cwError } from './respond.js';

export type SandboxArea = 'company' | 'finance' | 'procurement' | 'system';

export interface SandboxMember {
  /** The member id ConnectWise writes in `_info.enteredBy` / `updatedBy` of what this member saves. */
  identifier?: string;
  publicKey: string;
  privateKey: string;
  /** Areas the member's security role cannot reach (for "missing permission" tests). */
  denied?: SandboxArea[];
}

export interface SandboxCredentials {
  companyId: string;
  publicKey: string;
  privateKey: string;
  clientId: string;
  /** Further API members of the same company. */
  members?: SandboxMember[];
}

export const DEMO_CREDENTIALS: SandboxCredentials = {
  companyId: 'demo',
  publicKey: 'demo-public',
  privateKey: 'demo-private',
  clientId: 'demo-client',
};

export const AUTH_MESSAGES = {
  noAuth: 'Authorization header is missing or is not Basic authentication with company+publicKey:privateKey.',
  badKeys: 'Invalid API key: the public key and private key do not match an API member of this company.',
  noClientId: 'A clientId header is required on every request. Create one at https://developer.connectwise.com/ClientID.',
  badClientId: 'The clientId is not valid.',
} as const;

function decodeBasic(header: string | undefined): { company: string; publicKey: string; privateKey: string } | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m) return null;
  let text: string;
  try {
    const bin = atob(m[1]!);
    text = new TextDecoder().decode(Uint8Array.from(bin, (ch) => ch.charCodeAt(0)));
  } catch {
    return null;
  }
  const plus = text.indexOf('+');
  const colon = text.indexOf(':', plus + 1);
  if (plus < 1 || colon < 0) return null;
  return { company: text.slice(0, plus), publicKey: text.slice(plus + 1, colon), privateKey: text.slice(colon + 1) };
}

export const areaOf = (apiPath: string): SandboxArea | null => {
  const seg = apiPath.split('/')[1];
  return seg === 'company' || seg === 'finance' || seg === 'procurement' || seg === 'system' ? seg : null;
};

export function authMiddleware(creds: () => SandboxCredentials, apiPathOf: (c: Context) => string): MiddlewareHandler {
  return async (c, next) => {
    const cred = creds();
    const who = decodeBasic(c.req.header('authorization'));
    if (who && who.company.toLowerCase() !== cred.companyId.toLowerCase()) {
      return c.text(CW_TEXTS.cannotRoute, 400);
    }
    if (!who) return cwError(c, 401, 'Unauthorized', AUTH_MESSAGES.noAuth);
    const clientId = c.req.header('clientid');
    if (!clientId?.trim()) return cwError(c, 401, 'Unauthorized', AUTH_MESSAGES.noClientId);
    const members: SandboxMember[] = [{ publicKey: cred.publicKey, privateKey: cred.privateKey }, ...(cred.members ?? [])];
    const member = members.find((m) => m.publicKey === who.publicKey && m.privateKey === who.privateKey);
    if (!member) return cwError(c, 401, 'Unauthorized', AUTH_MESSAGES.badKeys);
    if (clientId.trim() !== cred.clientId) return cwError(c, 401, 'Unauthorized', AUTH_MESSAGES.badClientId);
    const area = areaOf(apiPathOf(c));
    if (area && member.denied?.includes(area)) {
      return cwError(c, 403, 'Forbidden', `You do not have permission to access this resource: the security role of this API member has no Inquire rights in ${area}.`);
    }
    c.set('cwMember' as never, (member.identifier ?? DEFAULT_MEMBER) as never);
    await next();
  };
}

/** The member id of the credentials' own API member when they do not name one. */
export const DEFAULT_MEMBER = 'APIMember';
/** The API member a request was authenticated as (set by authMiddleware). */
export const memberOf = (c: Context): string => (c.get('cwMember' as never) as string | undefined) ?? DEFAULT_MEMBER;
