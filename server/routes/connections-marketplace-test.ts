/**
 * POST /connections/marketplace/test — "Test Credentials" on the Marketplace connection screen (admins
 * only). Tests the stored connection, or unsaved settings in the body laid over it (a blank secret keeps
 * the stored one, so the screen never needs to hold it). The answer never contains a secret.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { loadConnection } from '../connections/load.js';
import { requireAdmin, type AppEnv } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import { readJson } from '../http/validate.js';
import { testMarketplaceCredentials } from '../marketplace/credentials.js';
import type { MarketplaceConnection } from '../marketplace/types.js';
import type { CredentialCheck } from '../psa/types.js';

export const MarketplaceTestBody = z.strictObject({
  baseUrl: z.url({ protocol: /^https?$/ }).max(500).optional(),
  marketplace: z.string().trim().min(1).max(20).regex(/^[A-Za-z0-9_-]+$/, 'letters and digits only').optional(),
  subscriptionKey: z.string().min(1).max(500).optional(),
  apiUser: z.string().trim().min(1).max(200).optional(),
  password: z.string().min(1).max(500).optional(),
});
export type MarketplaceTestBody = z.infer<typeof MarketplaceTestBody>;
export interface MarketplaceTestResponse {
  result: CredentialCheck;
}

export const connectionsMarketplaceTest = new Hono<AppEnv>();

connectionsMarketplaceTest.post('/connections/marketplace/test', async (c) => {
  const user = requireAdmin(c);
  const services = c.get('services');
  const hasBody = (c.req.header('content-length') ?? '0') !== '0' || !!c.req.header('content-type');
  const unsaved = hasBody ? await readJson(c, MarketplaceTestBody) : {};
  const stored = await loadConnection(services, user.tenantId, 'marketplace');
  const conn = { ...(stored ?? {}), ...unsaved } as Partial<MarketplaceConnection>;
  if (!conn.baseUrl || !conn.marketplace || !conn.subscriptionKey || !conn.apiUser || !conn.password) {
    throw new HttpError(422 as 400, 'validation_failed', 'Enter the API base URL, marketplace code, subscription key, API user and password (or save them first)');
  }
  const result = await testMarketplaceCredentials(conn as MarketplaceConnection);
  c.get('logger').info({ ok: result.ok, reason: result.ok ? undefined : result.reason }, 'marketplace credentials tested');
  return c.json({ result } satisfies MarketplaceTestResponse);
});
