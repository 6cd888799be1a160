/**
 * A stand-in APS controller for demo mode and tests: it has its own self-signed certificate (APS
 * instance certificates are self-signed), and the app's APS endpoint is served on a second, HTTPS
 * listener that asks for client certificates, the way a deployment pins its controller
 * (server/embed/aps-auth.ts). `call` speaks to the endpoint as the controller does: identity headers
 * over mutual TLS. `selfsigned` is a dev dependency: demo mode and tests only.
 */
import { serve, type ServerType } from '@hono/node-server';
import { X509Certificate } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Services } from '../../services.js';
import { HttpError } from '../../http/errors.js';
import { nodeClientCertificate } from '../tls-peer.js';

export const DEMO_INSTANCE_ID = '8d3f5c2e-0a4b-4e55-9a11-7f0c2b6d9e01';
export const DEMO_CONTROLLER_URI = 'https://poa.marketplace.example:6308/';

export interface Pem {
  cert: string;
  key: string;
}
export async function makePem(cn: string, ip = false): Promise<Pem> {
  const { generate } = await import('selfsigned');
  const p = await generate([{ name: 'commonName', value: cn }], {
    keySize: 2048,
    ...(ip ? { extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }] } : {}),
  });
  return { cert: p.cert, key: p.private };
}

export interface ApsAnswer {
  status: number;
  body: any;
}

export interface DemoController {
  /** One request as the controller (or, with other options, as somebody else). */
  call(method: string, path: string, body?: unknown, opts?: { cert?: Pem | null; headers?: Record<string, string> }): Promise<ApsAnswer>;
  /** A certificate that is not the controller's, for refusal tests. */
  stranger: Pem;
  origin: string;
  close(): Promise<void>;
}

/** Pins a fresh controller certificate in `services` and serves `fetch` over mutual TLS. */
export async function startDemoController(services: Services, fetch: (req: Request, env?: unknown) => Response | Promise<Response>): Promise<DemoController> {
  // A deployment's own pin (APS_* variables) is never replaced by the stand-in's certificate.
  if (services.config.aps) throw new HttpError(409, 'conflict', 'An APS controller is configured (APS_CONTROLLER_CERT_SHA256): the stand-in controller does not replace it');
  const [server, controller, stranger] = await Promise.all([makePem('127.0.0.1', true), makePem('aps-controller'), makePem('aps-controller')]);
  services.clientCertificate = nodeClientCertificate;
  services.config.aps = { controllerCertSha256: new X509Certificate(controller.cert).fingerprint256, instanceId: DEMO_INSTANCE_ID, controllerUri: DEMO_CONTROLLER_URI };
  const listener: ServerType = await new Promise((ok) => {
    const s = serve(
      {
        fetch,
        port: 0,
        hostname: '127.0.0.1',
        createServer: https.createServer,
        // The handshake asks for a certificate but does not judge it: aps-auth.ts compares the pin.
        serverOptions: { key: server.key, cert: server.cert, requestCert: true, rejectUnauthorized: false },
      },
      () => ok(s),
    );
  });
  const port = (listener.address() as AddressInfo).port;

  function call(method: string, path: string, body?: unknown, opts: { cert?: Pem | null; headers?: Record<string, string> } = {}) {
    const cert = opts.cert === undefined ? controller : opts.cert;
    const headers: Record<string, string> = {
      'APS-Controller-URI': DEMO_CONTROLLER_URI,
      'APS-Instance-ID': DEMO_INSTANCE_ID,
      'APS-Transaction-ID': crypto.randomUUID(),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...opts.headers,
    };
    for (const [k, v] of Object.entries(headers)) if (v === '') delete headers[k];
    return new Promise<ApsAnswer>((ok, fail) => {
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
  return { call, stranger, origin: `https://127.0.0.1:${port}`, close: () => new Promise<void>((ok) => listener.close(() => ok())) };
}
