/**
 * The TLS client certificate of a request served by @hono/node-server over `https.createServer` with
 * `requestCert: true`: the Node host's answer to Services.clientCertificate. The handshake itself does
 * not reject unknown certificates (the controller's is self-signed, as APS instance certificates are);
 * server/embed/aps-auth.ts compares the fingerprint with the pinned one.
 */
import type { TLSSocket } from 'node:tls';

export function nodeClientCertificate(_req: Request, env: unknown): string | null {
  const socket = (env as { incoming?: { socket?: Partial<TLSSocket> } } | undefined)?.incoming?.socket;
  if (!socket || typeof socket.getPeerCertificate !== 'function') return null;
  const cert = socket.getPeerCertificate();
  return cert && cert.fingerprint256 ? cert.fingerprint256 : null;
}
