/**
 * POST /connections/autotask/test — "Test Credentials" on the Autotask connection screen (admins only).
 * Tests the stored connection, or the unsaved settings in the body laid over it (a blank secret keeps the
 * stored one, so the screen never needs to hold it). The answer never contains a secret.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { loadConnection } from '../connections/load.js';
import { requireAdmin, type AppEnv } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import { readJson } from '../http/validate.js';
import { testAutotaskCredentials } from '../psa/autotask/credentials.js';
import type { AutotaskConnection, CredentialCheck } from '../psa/types.js';

export const AutotaskTestBody = z.strictObject({
  apiUser: z.string().trim().min(1).max(200).optional(),
  secret: z.string().min(1).max(500).optional(),
  integrationCode: z.string().trim().min(1).max(100).optional(),
  discoveryUrl: z.url({ protocol: /^https?$/ }).max(500).optional(),
  transport: z.enum(['rest', 'soap']).optional(),
});
export type AutotaskTestBody = z.infer<typeof AutotaskTestBody>;
export interface AutotaskTestResponse { result: CredentialCheck }

export const connectionsAutotaskTest = new Hono<AppEnv>();

connectionsAutotaskTest.post('/connections/autotask/test', async (c) => {
  const user = requireAdmin(c);
  const services = c.get('services');
  // The body is optional: an empty POST tests the stored connection as it is.
  const hasBody = (await c.req.raw.clone().text()).trim() !== '';
  const unsaved = hasBody ? await readJson(c, AutotaskTestBody) : {};
  const stored = await loadConnection(services, user.tenantId, 'autotask');
  const conn = { ...(stored ?? {}), ...unsaved } as Partial<AutotaskConnection>;
  if (!conn.apiUser || !conn.secret || !conn.integrationCode) {
    throw new HttpError(422 as 400, 'validation_failed', 'Enter the API user name, secret and integration code (or save them first)');
  }
  const result = await testAutotaskCredentials(conn as AutotaskConnection);
  c.get('logger').info({ ok: result.ok, reason: result.ok ? undefined : result.reason }, 'autotask credentials tested');
  return c.json({ result } satisfies AutotaskTestResponse);
});
