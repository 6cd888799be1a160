/** Where each host finds the caller's client certificate, and when a header may stand in for it. */
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makePem } from '../../../server/embed/demo-hosts/controller.js';
import { nodeCertificateSource } from '../../../server/embed/tls-peer.js';
import { cloudflareClientCertificate } from '../../../server/embed/cf-peer.js';

const plain = { incoming: { socket: { remoteAddress: '127.0.0.1' } } };
const tls = (fingerprint256: string | undefined) => ({ incoming: { socket: { getPeerCertificate: () => (fingerprint256 ? { fingerprint256 } : {}) } } });

describe('client certificate sources', () => {
  it('Node: a header is never believed unless the proxy header is configured, and never on our own TLS socket', async () => {
    const pem = await makePem('aps-controller');
    const fp = new X509Certificate(pem.cert).fingerprint256;
    const req = new Request('http://x/aps/contexts', { headers: { 'x-ssl-client-cert': encodeURIComponent(pem.cert) } });
    expect(nodeCertificateSource(null)(req, plain)).toBeNull();
    expect(nodeCertificateSource('X-SSL-Client-Cert')(req, plain)).toBe(fp);
    expect(nodeCertificateSource('X-SSL-Client-Cert')(req, tls(undefined))).toBeNull();
    expect(nodeCertificateSource(null)(req, tls('AA:BB'))).toBe('AA:BB');
    const hex = new Request('http://x/', { headers: { 'x-fp': 'ab'.repeat(32) } });
    expect(nodeCertificateSource('x-fp')(hex, plain)).toBe('ab'.repeat(32));
    const junk = new Request('http://x/', { headers: { 'x-fp': 'not a certificate' } });
    expect(nodeCertificateSource('x-fp')(junk, plain)).toBeNull();
  });
  it('Workers: the fingerprint from request.cf.tlsClientAuth, only when a certificate was presented', () => {
    const withCf = (auth: unknown) => Object.assign(new Request('https://x/aps/contexts'), { cf: { tlsClientAuth: auth } });
    expect(cloudflareClientCertificate(withCf({ certPresented: '1', certVerified: 'SUCCESS', certFingerprintSHA256: 'ab'.repeat(32) }))).toBe('ab'.repeat(32));
    expect(cloudflareClientCertificate(withCf({ certPresented: '0', certVerified: 'NONE', certFingerprintSHA256: '' }))).toBeNull();
    expect(cloudflareClientCertificate(new Request('https://x/', { headers: { 'cf-client-cert-sha256': 'ab'.repeat(32) } }))).toBeNull();
  });
});
