/**
 * The ConnectWise pod's sign-in (issue 11 §5), both without a session:
 *   GET  /api/pod/connectwise/hosts    origins whose postMessages the pod's first page accepts
 *   POST /api/auth/connectwise-pod  {companyId, memberId, memberHash, memberContext?, origin, agreementId}
 * The member data comes from the frame (Manage's getMemberAuthentication) and is never trusted as such:
 * the tenant's own ConnectWise must confirm it (server/embed/connectwise-member.ts) before a session opens.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { confirmMember, connectWiseOf, connectWiseSiteOrigins, tenantsForConnectWise } from '../embed/connectwise-member.js';
import { openPodSession } from '../embed/pod-session.js';
import { CONNECTWISE_CLOUD_ORIGINS } from '../embed/frame-policy.js';
import type { AppEnv } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import { readJson } from '../http/validate.js';
import { setSessionCookie } from './auth.js';
import { describeMe } from './me.js';

const text = (max: number) => z.string().trim().min(1).max(max);
export const ConnectWisePodBody = z.strictObject({
  companyId: text(64),
  memberId: text(64),
  memberHash: text(512),
  memberContext: z.string().max(512).optional(),
  origin: z.string().url().max(200),
  agreementId: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be an agreement id'),
});

const refused = () => new HttpError(403, 'forbidden', 'ConnectWise did not confirm this member for a tenant of IDSync Cloud Billing');

export const podConnectWiseRoutes = new Hono<AppEnv>()
  .get('/pod/connectwise/hosts', async (c) => {
    return c.json({ origins: [...new Set([...CONNECTWISE_CLOUD_ORIGINS, ...(await connectWiseSiteOrigins(c.get('services')))])] });
  })
  .post('/auth/connectwise-pod', async (c) => {
    const body = await readJson(c, ConnectWisePodBody);
    const services = c.get('services');
    const origin = new URL(body.origin).origin;
    for (const tenantId of await tenantsForConnectWise(services, body.companyId, origin)) {
      const conn = await connectWiseOf(services, tenantId);
      if (!conn) continue;
      const member = await confirmMember(conn, { ...body, origin }).catch(() => null);
      if (!member) continue;
      // The member's role is the product user's with the same e-mail, else viewer; the session is the pod's only.
      const pod = await openPodSession(services, tenantId, member.email);
      if (!pod) continue;
      setSessionCookie(c, pod.session.id);
      c.get('logger').info({ tenantId, member: member.identifier, role: pod.role }, 'ConnectWise pod signed in');
      const me = await describeMe(c, { userId: pod.user.id, tenantId, email: pod.user.email, role: pod.role, scope: 'pod' }, pod.session.csrfToken);
      return c.json({ ...me, contractId: body.agreementId });
    }
    throw refused();
  });
