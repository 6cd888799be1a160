/**
 * GET /insight/autotask: the Insight's referenceUrl. Verifies Autotask's request (server/embed/insight.ts),
 * opens an iframe session for the tenant and shows the pod of that contract. A refused request opens no
 * session: 401 with the reason.
 */
import { Hono } from 'hono';
import { createSession } from '../auth/sessions.js';
import type { AppEnv } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import { setSessionCookie } from '../routes/auth.js';
import { launchUserOf } from './aps-provision.js';
import { verifyInsightRequest } from './insight.js';

export const insightRoutes = new Hono<AppEnv>().get('/insight/autotask', async (c) => {
  c.header('Referrer-Policy', 'no-referrer');
  c.header('Cache-Control', 'no-store');
  const services = c.get('services');
  const q = c.req.query();
  const verdict = await verifyInsightRequest(services, { contractId: q.contractId, tenant: q.tenant, ts: q.ts, sig: q.sig });
  if (!verdict.ok) throw new HttpError(401, 'unauthenticated', `This Insight request is not valid: ${verdict.reason}`);
  const user = await launchUserOf(services, verdict.tenantId);
  if (!user) throw new HttpError(403, 'forbidden', 'This tenant has no enabled admin');
  const session = await createSession(services.store, user, services.clock.now());
  setSessionCookie(c, session.id);
  return c.redirect(`/pod/contract/${encodeURIComponent(verdict.contractId)}`, 303);
});
