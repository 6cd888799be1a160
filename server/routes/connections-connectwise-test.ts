/**
 * POST /connections/connectwise/test — "Test Credentials" on the ConnectWise connection screen (admins
 * only). Tests the stored connection, or the unsaved settings in the body laid over it (a blank secret keeps
 * the stored one, so the screen never needs to hold it). The answer never contains a secret: the messages
 * of `testConnectWiseCredentials` name the site and company id only.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { loadConnection } from '../connections/load.js';
import { requireAdmin, type AppEnv } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import { readJson } from '../http/validate.js';
import { testConnectWiseCredentials } from '../psa/connectwise/credentials.js';
import type { ConnectWiseConnection, CredentialCheck } from '../psa/types.js';

export const ConnectWiseTestBody = z.strictObject({
  site: z.string().trim().min(1).max(500).optional(),
  companyId: z.string().trim().min(1).max(100).optional(),
  publicKey: z.string().trim().min(1).max(200).optional(),
  privateKey: z.string().min(1).max(200).optional(),
  clientId: z.string().trim().min(1).max(100).optional(),
});
export type ConnectWiseTestBody = z.infer<typeof ConnectWiseTestBody>;
export interface ConnectWiseTestResponse {
  result: CredentialCheck;
}

export const connectionsConnectWiseTest = new Hono<AppEnv>();

connectionsConnectWiseTest.post('/connections/connectwise/test', async (c) => {
  const user = requireAdmin(c);
  const services = c.get('services');
  const hasBody = (c.req.header('content-length') ?? '0') !== '0' || !!c.req.header('content-type');
  const unsaved = hasBody ? await readJson(c, ConnectWiseTestBody) : {};
  const stored = await loadConnection(services, user.tenantId, 'connectwise');
  const conn = { ...(stored ?? {}), ...unsaved } as Partial<ConnectWiseConnection>;
  if (!conn.site || !conn.companyId || !conn.publicKey || !conn.privateKey) {
    throw new HttpError(422 as 400, 'validation_failed', 'Enter the site, company id, public key and private key (or save them first)');
  }
  // A missing client id is a result, not a form error: Test Credentials says what ConnectWise requires.
  const result = await testConnectWiseCredentials({ clientId: '', ...conn } as ConnectWiseConnection);
  c.get('logger').info({ ok: result.ok, reason: result.ok ? undefined : result.reason }, 'connectwise credentials tested');
  return c.json({ result } satisfies ConnectWiseTestResponse);
});
