/**
 * A stand-in APS controller for tests: its own self-signed certificate (as an APS instance certificate
 * is), and our app served over HTTPS asking for client certificates, exactly as a deployment pins the
 * controller. `call` speaks to the endpoint as the controller does (identity headers + client cert).
 */
import { serve, type ServerType } from '@hono/node-server';
import { X509Certificate } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { createApp } from '../../../server/app.js';
import { nodeClientCertificate } from '../../../server/embed/tls-peer.js';
import type { Services } from '../../../server/services.js';

export const INSTANCE_ID = '8d3f5c2e-0a4b-4e55-9a11-7f0c2b6d9e01';
export const CONTROLLER_URI = 'https://poa.marketplace.example:6308/';

export interface Pem {
  cert: string;
  key: string;
}
const makePem = async (cn: string, ip = false): Promise<Pem> => {
  const p = await generate([{ name: 'commonName', value: cn }], {
    keySize: 2048,
    ...(ip ? { extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }] } : {}),
  });
  return { cert: p.cert, key: p.private };
};

export async function startApsEndpoint(services: Services) {
  const [server, controller, stranger] = await Promise.all([makePem('127.0.0.1', true), makePem('aps-controller'), makePem('aps-controller')]);
  services.clientCertificate = nodeClientCertificate;
  services.config.aps = { controllerCertSha256: new X509Certificate(controller.cert).fingerprint256, instanceId: INSTANCE_ID, controllerUri: CONTROLLER_URI };
  const app = createApp(services);
  const http: ServerType = await new Promise((ok) => {
    const s = serve(
      {
        fetch: app.fetch,
        port: 0,
        hostname: '127.0.0.1',
        createServer: https.createServer,
        // The handshake asks for a certificate but does not judge it: aps-auth.ts compares the pin.
        serverOptions: { key: server.key, cert: server.cert, requestCert: true, rejectUnauthorized: false },
      },
      () => ok(s),
    );
  });
  const port = (http.address() as AddressInfo).port;

  /** One request as the controller (or, with other options, as somebody else). */
  function call(method: string, path: string, body?: unknown, opts: { cert?: Pem | null; headers?: Record<string, string> } = {}) {
    const cert = opts.cert === undefined ? controller : opts.cert;
    const headers: Record<string, string> = {
      'APS-Controller-URI': CONTROLLER_URI,
      'APS-Instance-ID': INSTANCE_ID,
      'APS-Transaction-ID': 'tx-1',
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...opts.headers,
    };
    for (const [k, v] of Object.entries(headers)) if (v === '') delete headers[k];
    return new Promise<{ status: number; body: any }>((ok, fail) => {
      const req = https.request(
        { host: '127.0.0.1', port, method, path, headers, ca: server.cert, ...(cert ? { cert: cert.cert, key: cert.key } : {}) },
        (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => ok({ status: res.statusCode!, body: text ? JSON.parse(text) : null }));
        },
      );
      req.on('error', fail);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
  }
  const close = () => new Promise<void>((ok) => http.close(() => ok()));
  return { call, close, stranger, origin: `https://127.0.0.1:${port}`, app };
}
