/**
 * The Node host's APS listener (APS_PORT): HTTPS with our certificate (TLS_CERT_FILE, TLS_KEY_FILE) that
 * asks every caller for a client certificate, so the controller's can be compared with the pin
 * (APS_CONTROLLER_CERT_SHA256). It answers /aps/* only: the screens and the API stay on the main
 * listener, and a certificate-bearing port offers nothing else to probe.
 */
import fs from 'node:fs';
import https from 'node:https';
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';

export interface ApsListenerOptions {
  port: number;
  hostname: string;
  certFile: string;
  keyFile: string;
  fetch: (req: Request, env?: unknown) => Response | Promise<Response>;
}

export function onlyAps(fetch: ApsListenerOptions['fetch']): ApsListenerOptions['fetch'] {
  return (req, env) => {
    if (new URL(req.url).pathname.startsWith('/aps/')) return fetch(req, env);
    const requestId = req.headers.get('x-request-id') ?? crypto.randomUUID();
    return Response.json({ error: { code: 'not_found', message: 'This port serves the APS endpoint (/aps/*) only', requestId } }, { status: 404 });
  };
}

/** Starts the listener; rejects (the host then exits naming the file) when the key pair cannot be read. */
export async function startApsListener(o: ApsListenerOptions): Promise<{ server: ServerType; port: number }> {
  const cert = fs.readFileSync(o.certFile, 'utf8');
  const key = fs.readFileSync(o.keyFile, 'utf8');
  return new Promise((resolve, reject) => {
    const server: ServerType = serve(
      {
        fetch: onlyAps(o.fetch),
        port: o.port,
        hostname: o.hostname,
        createServer: https.createServer,
        // Ask for a certificate but do not judge it here: aps-auth.ts compares the pinned fingerprint.
        serverOptions: { cert, key, requestCert: true, rejectUnauthorized: false },
      },
      (info) => resolve({ server, port: info.port }),
    );
    server.once('error', reject);
  });
}
