/**
 * The Node host: `npm start`. Parses the environment, opens the store (embedded SQLite by default, SQL
 * Server when DATABASE_URL says so), applies migrations, builds the services, and in demo mode serves the
 * three sandboxes under /sandbox/* with demo data and seeds the demo tenants. Only this file and
 * worker.ts touch process.env, node:* and the runtime.
 */
import fs from 'node:fs';
import path from 'node:path';
import { scrypt } from 'node:crypto';
import { serve } from '@hono/node-server';
import { collectDefaultMetrics } from 'prom-client';
import { createApp } from './app.js';
import { createPasswordHasher, type ScryptFn } from './auth/password.js';
import { createSecretBox, parseSecretsKey } from './auth/secret-box.js';
import { openStore, type OpenedStore } from './db/open-node.js';
import { DEMO_PASSWORD, DEMO_TENANTS, seedDemo } from './demo/seed.js';
import { EnvError, parseEnv, type Env } from './env.js';
import { createReadiness } from './http/health.js';
import { createLogger } from './logging.js';
import { clientAddressFrom } from './http/client-address.js';
import { createOutboxMailer } from './mail/outbox.js';
import { createSmtpMailer } from './mail/smtp.js';
import { createMetrics } from './metrics/metrics.js';
import { meteredPsaRegistry } from './metrics/psa.js';
import type { Services } from './services.js';
import { startNodeRuntime } from './node-runtime.js';
import { drainableFetch, shutDown } from './node-shutdown.js';
import { startApsListener } from './embed/aps-listener.js';
import { nodeCertificateSource } from './embed/tls-peer.js';

const nativeScrypt: ScryptFn = (password, salt, p) =>
  new Promise((resolve, reject) =>
    scrypt(password, salt, p.dkLen, { N: p.N, r: p.r, p: p.p, maxmem: 256 * p.N * p.r + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(new Uint8Array(key)))),
  );

function fail(message: string): never {
  process.stderr.write(`\n${message}\n\n`);
  process.exit(1);
}

/** The demo key file: created once, readable by its owner only (0600). */
function demoSecretsKey(dataDir: string): Uint8Array<ArrayBuffer> {
  const file = path.join(dataDir, 'secrets.key');
  fs.mkdirSync(dataDir, { recursive: true });
  if (!fs.existsSync(file)) {
    const key = new Uint8Array(32);
    crypto.getRandomValues(key);
    fs.writeFileSync(file, Buffer.from(key).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  }
  fs.chmodSync(file, 0o600);
  return parseSecretsKey(fs.readFileSync(file, 'utf8'));
}

const redactUrl = (url: string) => url.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@');

export async function main(rawEnv: Record<string, string | undefined> = process.env) {
  let env: Env;
  try {
    env = parseEnv(rawEnv);
  } catch (err) {
    fail(err instanceof EnvError ? err.message : String(err));
  }
  const logger = createLogger({ level: env.LOG_LEVEL });
  const dataDir = path.resolve(env.DATA_DIR);
  const databaseUrl = env.DATABASE_URL ?? `file:${path.join(dataDir, 'idsync.sqlite')}`;

  let opened: OpenedStore;
  try {
    opened = await openStore(databaseUrl);
  } catch (err) {
    fail(`Cannot open the database at ${redactUrl(databaseUrl)}: ${(err as Error).message}\nCheck DATABASE_URL (file:<path> or mssql://user:password@host:1433/database).`);
  }

  // Migrations ran inside openStore; in demo mode the host is ready once the demo users exist and the
  // first tour's relations are made.
  const readiness = createReadiness(env.DEMO_MODE ? ['demo seed', 'demo links'] : []);

  let secrets;
  try {
    secrets = await createSecretBox(env.SECRETS_KEY ? parseSecretsKey(env.SECRETS_KEY) : demoSecretsKey(dataDir));
  } catch (err) {
    fail(`SECRETS_KEY ${(err as Error).message}`);
  }
  // A key that cannot open what is stored would turn every sync into a failure: refuse to start instead.
  const sample = await opened.store.db.select().from(opened.store.t.connections);
  if (sample[0]) await secrets.open(sample[0].secretsBox).catch((err: Error) => fail(err.message));

  const clock = { now: () => new Date() };
  const metrics = createMetrics();
  collectDefaultMetrics({ register: metrics.registry }); // process CPU, memory, event-loop lag: Node only
  const services: Services = {
    store: opened.store,
    clock,
    logger,
    secrets,
    mailer: env.SMTP_URL ? createSmtpMailer(env.SMTP_URL, env.MAIL_FROM) : createOutboxMailer(opened.store, clock),
    passwords: createPasswordHasher({ logN: 15, scrypt: nativeScrypt }),
    clientAddress: (req, bindings) =>
      clientAddressFrom(req.headers, (bindings as { incoming?: { socket?: { remoteAddress?: string } } })?.incoming?.socket?.remoteAddress, env.TRUST_PROXY),
    psa: meteredPsaRegistry(metrics, clock),
    metrics,
    clientCertificate: nodeCertificateSource(env.APS_CLIENT_CERT_HEADER ?? null),
    config: {
      demoMode: env.DEMO_MODE!,
      publicUrl: env.PUBLIC_URL ?? `http://${env.HOST}:${env.PORT}`,
      secureCookies: (env.PUBLIC_URL ?? '').startsWith('https://'),
      syncIntervalSeconds: env.SYNC_INTERVAL_SECONDS ?? null,
      maxBodyBytes: 1024 * 1024,
      dialect: opened.dialect,
      migration: opened.migration,
      scryptLogN: 15,
      metricsToken: env.METRICS_TOKEN ?? null,
      aps: env.APS_CONTROLLER_CERT_SHA256
        ? { controllerCertSha256: env.APS_CONTROLLER_CERT_SHA256, instanceId: env.APS_INSTANCE_ID!, controllerUri: env.APS_CONTROLLER_URI! }
        : undefined,
    },
  };

  const runtime = await startNodeRuntime(services, { demo: env.DEMO_MODE!, scheduler: env.SCHEDULER });
  const app = createApp(services, { mounts: runtime.mounts, widgets: runtime.widgets, readiness });

  const drainable = drainableFetch(app.fetch);
  let aps: Awaited<ReturnType<typeof startApsListener>> | null = null;
  if (env.APS_PORT !== undefined) {
    try {
      aps = await startApsListener({ port: env.APS_PORT, hostname: env.HOST, certFile: env.TLS_CERT_FILE!, keyFile: env.TLS_KEY_FILE!, fetch: drainable.fetch });
    } catch (err) {
      fail(`Cannot start the APS listener (APS_PORT, TLS_CERT_FILE, TLS_KEY_FILE): ${(err as Error).message}`);
    }
  }
  const server = serve({ fetch: drainable.fetch, port: env.PORT, hostname: env.HOST }, async (info) => {
    const origin = env.PUBLIC_URL ?? `http://${env.HOST}:${info.port}`;
    services.config.publicUrl = origin;
    if (env.DEMO_MODE) await seedDemo(services, origin);
    readiness.done('demo seed');
    const lines = [
      `IDSync Cloud Billing is running at ${origin}`,
      `  database: ${opened.dialect} ${opened.location} (migration ${opened.migration})`,
    ];
    if (aps) lines.push(`  APS endpoint (mutual TLS) at https://${env.HOST}:${aps.port}/aps/`);
    if (env.DEMO_MODE) {
      lines.push('  demo mode: sandboxes for the Marketplace, Autotask and ConnectWise are served under /sandbox/*');
      for (const t of DEMO_TENANTS) lines.push(`  sign in to "${t.name}" as ${t.admin} / ${DEMO_PASSWORD}`);
    }
    // The banner comes before the demo's first Marketplace read, so a new user sees the sign-in at once.
    process.stdout.write(lines.join('\n') + '\n');
    logger.info({ port: info.port, dialect: opened.dialect, demo: env.DEMO_MODE }, 'listening');
    await runtime.afterListen(origin);
    readiness.done('demo links');
  });

  const stop = async (signal: string) => {
    aps?.server.close(); // no new APS calls; those in flight finish with the main listener's drain
    try {
      await shutDown(signal, { logger, readiness, drain: drainable.drain, runtime, server, closeStore: () => opened.store.close(), graceMs: env.SHUTDOWN_GRACE_SECONDS * 1000 });
    } catch (err) {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    }
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  return { server, services };
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]).replace(/\.ts$/, '') === path.resolve(new URL(import.meta.url).pathname).replace(/\.ts$/, '');
if (invokedDirectly) void main();
