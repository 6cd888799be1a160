/**
 * Member authentication as a hosted pod's server checks it (research connectwise.md §4, "Authenticating
 * the member server-side"): the REST API called with the cookies Manage's own UI sends,
 * `companyName={companyid}; memberHash={memberHash}; MemberID={memberid}; MemberContext={memberContext}`,
 * plus the `clientId` header, answers `GET /system/myAccount` with the member (200) or 401. The endpoint
 * choice is marked unverified in the research; the member fields follow the spec's Member schema
 * (id, identifier, firstName, lastName, officeEmail).
 * `POST /_control/member-login {memberId, email?}` stands for a member signing in to Manage: it returns
 * the memberHash a stand-in Manage page hands to the pod through getMemberAuthentication.
 */
import { Hono, type Context } from 'hono';
import { CW_TEXTS } from './vendor.js';
import type { SandboxCredentials } from './auth.js';
import { cwError } from './respond.js';

interface SignedInMember {
  id: number;
  identifier: string;
  email: string;
  memberHash: string;
}

function cookies(c: Context): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (c.req.header('cookie') ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out.set(part.slice(0, i).trim().toLowerCase(), decodeURIComponent(part.slice(i + 1).trim()));
  }
  return out;
}

const randomHash = () => [...crypto.getRandomValues(new Uint8Array(24))].map((b) => b.toString(16).padStart(2, '0')).join('');

/** Mounts /{codebase}/apis/3.0/system/myAccount (cookie auth) and the member-login control; call before the Basic-auth routes. */
export function mountMemberAuth(app: Hono, codebases: string[], credentials: SandboxCredentials): void {
  const members = new Map<string, SignedInMember>();
  let nextId = 150;
  for (const codebase of codebases) {
    app.get(`/${codebase}/apis/3.0/system/myAccount`, (c, next) => {
      const jar = cookies(c);
      // Basic-auth API members have no "my account": leave those requests to the API routes.
      if (!jar.has('memberhash')) return next();
      if ((jar.get('companyname') ?? '').toLowerCase() !== credentials.companyId.toLowerCase()) return c.text(CW_TEXTS.cannotRoute, 400);
      if (!c.req.header('clientid')?.trim()) return cwError(c, 401, 'Unauthorized', 'A clientId header is required on every request.');
      const member = members.get((jar.get('memberid') ?? '').toLowerCase());
      if (!member || member.memberHash !== jar.get('memberhash')) return cwError(c, 401, 'Unauthorized', 'The member session is not valid.');
      return c.json({ id: member.id, identifier: member.identifier, firstName: member.identifier, lastName: 'Member', officeEmail: member.email });
    });
  }
  app.post('/_control/member-login', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { memberId?: string; email?: string };
    if (!body.memberId) return c.json({ error: 'memberId is required' }, 400);
    const key = body.memberId.toLowerCase();
    const member = { id: nextId++, identifier: body.memberId, email: body.email ?? `${key}@demo.example`, memberHash: randomHash() };
    members.set(key, member);
    return c.json({ memberId: member.identifier, memberHash: member.memberHash, companyId: credentials.companyId });
  });
}
