/**
 * GET /insight/autotask: the Insight's referenceUrl. Verifies Autotask's request (server/embed/insight.ts),
 * opens a viewer session scoped to the pod (server/embed/pod-session.ts) and shows the pod of that contract. A refused request opens no
 * session: 401 with the reason.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import { setSessionCookie } from '../routes/auth.js';
import { verifyInsightRequest } from './insight.js';
import { openPodSession } from './pod-session.js';

export const insightRoutes = new Hono<AppEnv>().get('/insight/autotask', async (c) => {
  c.header('Referrer-Policy', 'no-referrer');
  c.header('Cache-Control', 'no-store');
  const services = c.get('services');
  const q = c.req.query();
  const verdict = await verifyInsightRequest(services, { contractId: q.contractId, tenant: q.tenant, ts: q.ts, sig: q.sig });
  if (!verdict.ok) throw new HttpError(401, 'unauthenticated', `This Insight request is not valid: ${verdict.reason}`);
  // Autotask does not say who is looking at the contract: the visitor gets a viewer session of the pod.
  const pod = await openPodSession(services, verdict.tenantId, null);
  if (!pod) throw new HttpError(403, 'forbidden', 'This tenant has no enabled admin');
  setSessionCookie(c, pod.session.id);
  return c.redirect(`/pod/contract/${encodeURIComponent(verdict.contractId)}`, 303);
});
