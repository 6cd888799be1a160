/**
 * The Node host's APS trust from the environment (issue 11 §1): a real `npm start` process with
 * APS_CONTROLLER_CERT_SHA256 / APS_INSTANCE_ID / APS_CONTROLLER_URI and an HTTPS listener on APS_PORT
 * asking for client certificates. The controller provisions a tenant over mutual TLS; a call without the
 * certificate, with another one, or on the plain port with a forged certificate header is refused.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePem, type Pem } from '../../server/embed/demo-hosts/controller.js';

const root = path.resolve(__dirname, '../..');
const INSTANCE = '1f0e7a2b-aaaa-4e5f-8a9b-0c1d2e3f4a5b';
const CONTROLLER_URI = 'https://poa.example.net:6308/';
const CONTEXT = {
  aps: { id: '7a0e7a2b-1c3d-4e5f-8a9b-0c1d2e3f4a5b', type: 'http://idsync.example/aps/context/1.0' },
  customerName: 'Contoso Cloud',
  marketplaceAccountId: '1200000777',
  adminEmail: 'admin@contoso.example',
  gatewayUrl: 'https://api.cloud.im/marketplace',
  gatewayUser: 'gw-contoso',
  gatewayPassword: 'gateway-pass-77',
  marketplace: 'us',
  subscriptionKey: 'sub-key-7',
};

let child: ChildProcess;
let origin = '';
let apsPort = 0;
let serverPem: Pem;
let controller: Pem;
let stranger: Pem;

beforeAll(async () => {
  [serverPem, controller, stranger] = await Promise.all([makePem('127.0.0.1', true), makePem('aps-controller'), makePem('aps-controller')]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'idsync-aps-'));
  fs.writeFileSync(path.join(dir, 'tls.crt'), serverPem.cert);
  fs.writeFileSync(path.join(dir, 'tls.key'), serverPem.key, { mode: 0o600 });
  child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['server/node.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      LOG_LEVEL: 'warn',
      SCHEDULER: 'false',
      PORT: '0',
      DATABASE_URL: `file:${path.join(dir, 'idsync.sqlite')}`,
      SECRETS_KEY: Buffer.alloc(32, 7).toString('base64'),
      APS_PORT: '0',
      TLS_CERT_FILE: path.join(dir, 'tls.crt'),
      TLS_KEY_FILE: path.join(dir, 'tls.key'),
      APS_CONTROLLER_CERT_SHA256: new X509Certificate(controller.cert).fingerprint256,
      APS_INSTANCE_ID: INSTANCE,
      APS_CONTROLLER_URI: CONTROLLER_URI,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const main = /running at (http:\/\/\S+)/.exec(out);
      const aps = /APS endpoint \(mutual TLS\) at https:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (main && aps) {
        origin = main[1]!;
        apsPort = Number(aps[1]);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${err}${out}`)));
  });
}, 120_000);

afterAll(async () => {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
});

function aps(method: string, p: string, body: unknown, cert: Pem | null, headers: Record<string, string> = {}) {
  const h: Record<string, string> = { 'APS-Instance-ID': INSTANCE, 'APS-Controller-URI': CONTROLLER_URI, 'content-type': 'application/json', ...headers };
  return new Promise<{ status: number; body: any }>((ok, fail) => {
    const req = https.request({ host: '127.0.0.1', port: apsPort, method, path: p, headers: h, ca: serverPem.cert, ...(cert ? { cert: cert.cert, key: cert.key } : {}) }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => ok({ status: res.statusCode!, body: text ? JSON.parse(text) : null }));
    });
    req.on('error', fail);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

const login = (password: string) =>
  fetch(`${origin}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: CONTEXT.adminEmail, password }) });

describe('Node host APS trust (mutual TLS)', () => {
  it('refuses a call without the controller certificate, with another certificate, and a forged header on the plain port', async () => {
    expect((await aps('POST', '/aps/contexts', CONTEXT, null)).status).toBe(401);
    expect((await aps('POST', '/aps/contexts', CONTEXT, stranger)).status).toBe(403);
    const forged = await fetch(`${origin}/aps/contexts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'APS-Instance-ID': INSTANCE, 'APS-Controller-URI': CONTROLLER_URI, 'x-client-cert': new X509Certificate(controller.cert).fingerprint256, 'x-ssl-client-cert': encodeURIComponent(controller.cert) },
      body: JSON.stringify(CONTEXT),
    });
    expect(forged.status).toBe(401);
    // Nothing was provisioned: the admin contact is unknown (a provisioned one must change the password).
    const res = await login(CONTEXT.gatewayPassword);
    expect(res.status).toBe(401);
  });

  it('provisions a tenant when the controller calls with its certificate; the APS port serves nothing else', async () => {
    const res = await aps('POST', '/aps/contexts', CONTEXT, controller);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ aps: { id: CONTEXT.aps.id }, customerName: 'Contoso Cloud', status: 'active', gatewayUser: 'gw-contoso' });
    expect(JSON.stringify(res.body)).not.toContain(CONTEXT.gatewayPassword);
    // The provisioned admin signs in on the main listener (first sign-in: password change required).
    const first = await login(CONTEXT.gatewayPassword);
    expect(first.status).toBe(403);
    expect(await first.json()).toMatchObject({ error: { code: 'password_change_required' } });
    expect((await aps('GET', '/api/auth/me', undefined, controller)).status).toBe(404);
  });
});
