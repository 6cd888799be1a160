/**
 * Review before money moves (docs/api.md "Review"):
 *  GET  /api/review                      held adjustments (report query; format=csv)
 *  POST /api/review/approve  (admin)     {ids, effectiveDate?} -> {results, runId}: approved rows post now
 *  POST /api/review/dismiss  (admin)     {ids, reason} -> {results}: never posted
 *  POST /api/review/{id}/edit (admin)    {effectiveDate?, toCount?} -> {result, runId}
 *  GET  /api/review/policy               {tenant, relations}
 *  PUT  /api/review/policy   (admin)     the tenant's policy; PUT/DELETE /api/review/policy/{sub}/{res}: a relation's own
 * Approving starts a cycle when none runs, so approved rows go out through the poster's exactly-once
 * path; when one runs, that cycle or the next posts them.
 */
import { Hono } from 'hono';
import { currentUser, requireAdmin, type AppContext, type AppEnv } from '../http/context.js';
import { notFound } from '../http/errors.js';
import { readJson } from '../http/validate.js';
import { readLinkState } from '../audit/links.js';
import { recordAudit } from '../audit/record.js';
import { approveHeld, dismissHeld, editHeld, type Reviewer } from '../review/actions.js';
import { deletePolicy, loadPolicies, loadPolicy, relationScope, savePolicy, TENANT_SCOPE } from '../review/policies.js';
import { reviewQueueReport } from '../review/queue.js';
import { approveBody, dismissBody, editBody, policyBody } from '../review/schemas.js';
import type { ReviewPolicy } from '../domain/review.js';
import { startCycle } from '../sync/cycle.js';
import { syncDepsFor } from '../sync/deps.js';
import { loadTenant } from '../sync/repo.js';
import { answerReport } from './reports.js';
import { keepAlive } from './sync.js';

async function reviewerOf(c: AppContext): Promise<Reviewer> {
  const user = requireAdmin(c);
  const { store, clock } = c.get('services');
  const tenant = await loadTenant(store, user.tenantId);
  if (!tenant) throw notFound('Tenant');
  return { tenantId: user.tenantId, by: user.email, at: clock.now().toISOString(), prorationConvention: tenant.prorationConvention, onePerServicePerDay: tenant.psaKind === 'autotask' };
}

/** Post what was approved now when no cycle runs; the runId lets the caller follow it on GET /api/sync. */
async function postApproved(c: AppContext, tenantId: string, any: boolean): Promise<string | null> {
  if (!any) return null;
  const started = await startCycle(syncDepsFor(c.get('services')), tenantId, { trigger: 'manual' });
  if (!started) return null;
  const log = c.get('logger');
  keepAlive(c, started.done.catch((err) => log.error({ err, tenantId }, 'cycle after approval failed')));
  return started.runId;
}

const toPolicy = (b: ReturnType<typeof policyBody.parse>): ReviewPolicy => ({
  mode: b.mode, thresholdUnits: b.thresholdUnits ?? null, thresholdAmount: b.thresholdAmount ?? null,
  reviewFirstReconcile: b.reviewFirstReconcile ?? false, quantityFloor: b.quantityFloor ?? null, holdAnnualDecreases: b.holdAnnualDecreases ?? false,
});

async function putPolicy(c: AppContext, scope: string, subject: string, relation?: { odinSubscriptionId: string; odinResourceId: string }) {
  const who = await reviewerOf(c);
  const body = toPolicy(await readJson(c, policyBody));
  const { store } = c.get('services');
  if (relation && !(await readLinkState(store, who.tenantId, 'resource', relation))) throw notFound(`Relation of resource ${subject}`);
  const before = await loadPolicy(store, who.tenantId, scope);
  await savePolicy(store, who.tenantId, scope, body, who.by, who.at);
  await recordAudit(store, who.at, { tenantId: who.tenantId, actor: who.by, action: 'policy', subjectType: 'policy', subject, before, after: body });
  return c.json({ policy: body });
}

export const reviewRoutes = new Hono<AppEnv>()
  .get('/review', (c) => answerReport(c, reviewQueueReport))
  .post('/review/approve', async (c) => {
    const who = await reviewerOf(c);
    const body = await readJson(c, approveBody);
    const results = await approveHeld(c.get('services').store, who, body.ids, body.effectiveDate);
    return c.json({ results, runId: await postApproved(c, who.tenantId, results.some((r) => r.ok)) });
  })
  .post('/review/dismiss', async (c) => {
    const who = await reviewerOf(c);
    const body = await readJson(c, dismissBody);
    return c.json({ results: await dismissHeld(c.get('services').store, who, body.ids, body.reason) });
  })
  .post('/review/:id/edit', async (c) => {
    const who = await reviewerOf(c);
    const body = await readJson(c, editBody);
    const result = await editHeld(c.get('services').store, who, c.req.param('id'), body);
    return c.json({ result, runId: await postApproved(c, who.tenantId, true) });
  })
  .get('/review/policy', async (c) => {
    const user = currentUser(c);
    const all = await loadPolicies(c.get('services').store, user.tenantId);
    const relations = [...all.entries()].filter(([k]) => k !== TENANT_SCOPE).map(([k, policy]) => {
      const [odinSubscriptionId, odinResourceId] = k.split('|');
      return { odinSubscriptionId, odinResourceId, policy };
    });
    return c.json({ tenant: all.get(TENANT_SCOPE) ?? null, relations });
  })
  .put('/review/policy', (c) => putPolicy(c, TENANT_SCOPE, 'tenant'))
  .put('/review/policy/:odinSubscriptionId/:odinResourceId', async (c) => {
    const { odinSubscriptionId: sub, odinResourceId: res } = c.req.param();
    return putPolicy(c, relationScope(sub, res), `${sub}/${res}`, { odinSubscriptionId: sub, odinResourceId: res });
  })
  .delete('/review/policy/:odinSubscriptionId/:odinResourceId', async (c) => {
    const who = await reviewerOf(c);
    const { store } = c.get('services');
    const scope = relationScope(c.req.param('odinSubscriptionId'), c.req.param('odinResourceId'));
    const before = await loadPolicy(store, who.tenantId, scope);
    if (!before) throw notFound('Policy of this relation');
    await deletePolicy(store, who.tenantId, scope);
    await recordAudit(store, who.at, { tenantId: who.tenantId, actor: who.by, action: 'policy', subjectType: 'policy', subject: `${c.req.param('odinSubscriptionId')}/${c.req.param('odinResourceId')}`, before, after: null, note: 'follows the tenant policy' });
    return c.body(null, 204);
  });
