/**
 * The TLS client certificate of a request: the Node host's answer to Services.clientCertificate.
 *  - Served by @hono/node-server over `https.createServer` with `requestCert: true` (the APS listener,
 *    server/embed/aps-listener.ts): the socket's peer certificate. The handshake itself does not reject
 *    unknown certificates (the controller's is self-signed, as APS instance certificates are);
 *    server/embed/aps-auth.ts compares the fingerprint with the pinned one.
 *  - Behind a TLS-terminating proxy (APS_CLIENT_CERT_HEADER, TRUST_PROXY): the header the proxy sets,
 *    holding the SHA-256 fingerprint in hex or the URL-encoded PEM (nginx `$ssl_client_escaped_cert`).
 *    Believed only on a plain connection, because only the proxy reaches it and it overwrites the header;
 *    on a TLS connection of ours the socket is the sole witness.
 */
import { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';

type Bindings = { incoming?: { socket?: Partial<TLSSocket> } } | undefined;

export function nodeClientCertificate(_req: Request, env: unknown): string | null {
  const socket = (env as Bindings)?.incoming?.socket;
  if (!socket || typeof socket.getPeerCertificate !== 'function') return null;
  const cert = socket.getPeerCertificate();
  return cert && cert.fingerprint256 ? cert.fingerprint256 : null;
}

const HEX_FINGERPRINT = /^([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$|^[0-9A-Fa-f]{64}$/;

/** The fingerprint a proxy passed on, or null when the header is absent or not a certificate. */
export function fingerprintFromProxyHeader(value: string | null): string | null {
  if (!value) return null;
  const text = value.trim();
  if (HEX_FINGERPRINT.test(text)) return text;
  try {
    const pem = decodeURIComponent(text);
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) return null;
    return new X509Certificate(pem).fingerprint256;
  } catch {
    return null;
  }
}

/** Services.clientCertificate for the Node host: the socket first, the proxy's header only when configured. */
export function nodeCertificateSource(proxyHeader: string | null) {
  return (req: Request, env: unknown): string | null => {
    const socket = (env as Bindings)?.incoming?.socket;
    if (socket && typeof socket.getPeerCertificate === 'function') return nodeClientCertificate(req, env);
    return proxyHeader ? fingerprintFromProxyHeader(req.headers.get(proxyHeader)) : null;
  };
}
