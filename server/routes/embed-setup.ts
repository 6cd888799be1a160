/**
 * POST /api/embed/insight (admin) {autotaskOrigin}: make (or replace) the tenant's Autotask Insight
 * secret and answer the IntegrationVendorInsights record to create in Autotask, filled from
 * manifests/autotask-insight.json. The secret is shown this once; it is stored sealed.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import insightManifest from '../../manifests/autotask-insight.json' with { type: 'json' };
import { rotateInsightSecret } from '../embed/insight.js';
import { requireAdmin, type AppEnv } from '../http/context.js';
import { readJson } from '../http/validate.js';

export const InsightSetupBody = z.strictObject({
  autotaskOrigin: z.string().regex(/^https:\/\/[a-z0-9.-]+\.autotask\.net$/, 'must be your Autotask web origin, e.g. https://ww5.autotask.net'),
});

export const embedSetupRoutes = new Hono<AppEnv>().post('/embed/insight', async (c) => {
  const user = requireAdmin(c);
  const body = await readJson(c, InsightSetupBody);
  const services = c.get('services');
  const secret = await rotateInsightSecret(services, user.tenantId, body.autotaskOrigin);
  const base = services.config.publicUrl.replace(/\/$/, '');
  const record = Object.fromEntries(
    Object.entries(insightManifest.record).map(([k, v]) => [k, typeof v === 'string' ? v.replace('{{publicUrl}}', base).replace('{{tenant.insightSecret}}', secret) : v]),
  );
  // Autotask appends nothing we can rely on; the referenceUrl names the tenant, Autotask adds the contract.
  record.referenceUrl = `${base}/insight/autotask?tenant=${encodeURIComponent(user.tenantId)}`;
  c.header('Cache-Control', 'no-store');
  return c.json({ record, scheme: 'HMAC-SHA256(secret, "contractId={id}&tenant={tenant}&ts={unix seconds}") as hex in sig; ts within 300 s' });
});
