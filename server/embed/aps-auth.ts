/**
 * Who may call the APS endpoint: only the Marketplace's APS controller (marketplace.md §3 "Trusted
 * identity to our backend"). APS 2 mutually authenticates controller and application endpoint with
 * certificates (kb.odin.com/en/121351, app certificates; the PHP runtime keeps config/<instanceId>.pem)
 * and every controller call carries APS-Controller-URI and APS-Instance-ID
 * (docs.cloudblue.com/cbc/sdk/21.0/api/rest/protocol/headers). We accept a request when:
 *  - it came over TLS with a client certificate whose SHA-256 fingerprint is the pinned controller's;
 *  - APS-Instance-ID and APS-Controller-URI name the instance and controller we were registered with.
 * Anything else is refused with 401/403 before a body is read or a row written.
 */
import type { AppContext } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import { constantTimeEqual } from '../auth/crypto.js';

const normaliseFingerprint = (f: string) => f.replace(/:/g, '').toLowerCase();
const sameText = (a: string, b: string) => constantTimeEqual(new TextEncoder().encode(a), new TextEncoder().encode(b));
const sameUri = (a: string, b: string) => a.replace(/\/+$/, '').toLowerCase() === b.replace(/\/+$/, '').toLowerCase();

export interface ApsCaller {
  instanceId: string;
  /** APS-Identity-ID: the panel user on whose behalf the controller forwards a UI request. */
  identityId: string | null;
  transactionId: string | null;
}

export function requireApsController(c: AppContext): ApsCaller {
  const services = c.get('services');
  const trust = services.config.aps;
  if (!trust) throw new HttpError(403, 'forbidden', 'This server is not registered with an APS controller');
  const fingerprint = services.clientCertificate?.(c.req.raw, c.env) ?? null;
  if (!fingerprint) throw new HttpError(401, 'unauthenticated', 'APS requests need the controller certificate (mutual TLS)');
  if (!sameText(normaliseFingerprint(fingerprint), normaliseFingerprint(trust.controllerCertSha256))) {
    throw new HttpError(403, 'forbidden', 'The client certificate is not the APS controller this instance is registered with');
  }
  const instanceId = c.req.header('aps-instance-id') ?? '';
  const controllerUri = c.req.header('aps-controller-uri') ?? '';
  if (!instanceId || !sameText(instanceId, trust.instanceId)) throw new HttpError(403, 'forbidden', 'APS-Instance-ID does not name this application instance');
  if (!controllerUri || !sameUri(controllerUri, trust.controllerUri)) throw new HttpError(403, 'forbidden', 'APS-Controller-URI does not name the registered controller');
  return { instanceId, identityId: c.req.header('aps-identity-id') ?? null, transactionId: c.req.header('aps-transaction-id') ?? null };
}
