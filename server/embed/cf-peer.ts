/**
 * The client certificate Cloudflare saw (API Shield / Access mTLS: `request.cf.tlsClientAuth`,
 * developers.cloudflare.com/ssl/client-certificates/client-certificate-variables). `certPresented` "1"
 * means the client proved it holds the key in the handshake; `certVerified` may still say FAILED for a
 * self-signed controller certificate whose issuer is not uploaded to Cloudflare, so the pinned
 * fingerprint (aps-auth.ts) is the check, not the chain.
 */
export function cloudflareClientCertificate(req: Request): string | null {
  const auth = (req as Request & { cf?: { tlsClientAuth?: { certPresented?: string; certFingerprintSHA256?: string } } }).cf?.tlsClientAuth;
  if (!auth || auth.certPresented !== '1' || !auth.certFingerprintSHA256) return null;
  return auth.certFingerprintSHA256;
}
