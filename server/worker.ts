/**
 * The Cloudflare Workers host: fetch -> the same Hono app; Cron (scheduled) -> one Queue message per tenant
 * whose cycle is due; Queue consumer -> that tenant's sync cycle. Store: D1 (SQLite dialect), migrated by
 * `wrangler d1 migrations apply` from migrations/d1. Only this file and node.ts know their runtime.
 */
import { drizzle } from 'drizzle-orm/d1';
import type { Hono } from 'hono';
import { createApp } from './app.js';
import { createPasswordHasher } from './auth/password.js';
import { createSecretBox, parseSecretsKey } from './auth/secret-box.js';
import { createSqliteStore } from './db/sqlite-store.js';
import type { Db } from './db/store.js';
import { createDemoSandboxes } from './demo/sandboxes.js';
import { seedDemo } from './demo/seed.js';
import { EnvSchema } from './env.js';
import { cloudflareClientCertificate } from './embed/cf-peer.js';
import type { Logger, Services } from './services.js';
import { createOutboxMailer } from './mail/outbox.js';
import { createMetrics } from './metrics/metrics.js';
import { meteredPsaRegistry } from './metrics/psa.js';
import { snapshotSource } from './sync/marketplace-source.js';
import { registerSyncDeps, syncDepsFrom, type SyncDeps } from './sync/deps.js';
import { enqueueDue, runQueuedWork, type QueuedWork } from './sync/scheduler.js';
import { consumeDeadLetters, rememberQueueFailure } from './sync/dead-letter.js';

/** The dead-letter queue of SYNC_QUEUE (wrangler.toml `dead_letter_queue`), consumed by this same Worker. */
const DEAD_LETTER_QUEUE = 'idsync-sync-dlq';

interface D1Like {
  prepare(sql: string): { first<T>(): Promise<T | null> };
}
type SyncMessage = QueuedWork;
interface QueueLike<T> {
  sendBatch(messages: { body: T }[]): Promise<void>;
}
export interface WorkerEnv {
  DB: D1Like;
  SYNC_QUEUE: QueueLike<SyncMessage>;
  SECRETS_KEY?: string;
  DEMO_MODE?: string;
  PUBLIC_URL?: string;
  SYNC_INTERVAL_SECONDS?: string;
  LOG_LEVEL?: string;
  METRICS_TOKEN?: string;
  APS_CONTROLLER_CERT_SHA256?: string;
  APS_INSTANCE_ID?: string;
  APS_CONTROLLER_URI?: string;
}

/** Workers have no pino transport: JSON lines on console, secrets never passed in. */
function consoleLogger(bindings: Record<string, unknown> = {}): Logger {
  const line = (level: string) => (obj: Record<string, unknown>, msg?: string) =>
    console.log(JSON.stringify({ level, time: new Date().toISOString(), ...bindings, ...obj, msg }));
  return { debug: () => {}, info: line('info'), warn: line('warn'), error: line('error'), child: (b) => consoleLogger({ ...bindings, ...b }) };
}

interface Built {
  app: Hono<any>;
  services: Services;
  sync: SyncDeps;
  seeded: Promise<void> | null;
}
let built: Built | null = null;

async function build(env: WorkerEnv, origin: string): Promise<Built> {
  if (built) return built;
  // The store is the D1 binding, not DATABASE_URL: only the variables this host uses are parsed.
  const parsed = EnvSchema.pick({ SYNC_INTERVAL_SECONDS: true, PUBLIC_URL: true, APS_CONTROLLER_CERT_SHA256: true, APS_INSTANCE_ID: true, APS_CONTROLLER_URI: true }).parse({
    SYNC_INTERVAL_SECONDS: env.SYNC_INTERVAL_SECONDS || undefined,
    PUBLIC_URL: env.PUBLIC_URL || undefined,
    APS_CONTROLLER_CERT_SHA256: env.APS_CONTROLLER_CERT_SHA256 || undefined,
    APS_INSTANCE_ID: env.APS_INSTANCE_ID || undefined,
    APS_CONTROLLER_URI: env.APS_CONTROLLER_URI || undefined,
  });
  const apsSet = [parsed.APS_CONTROLLER_CERT_SHA256, parsed.APS_INSTANCE_ID, parsed.APS_CONTROLLER_URI].filter(Boolean).length;
  if (apsSet > 0 && apsSet < 3) throw new Error('APS_CONTROLLER_CERT_SHA256, APS_INSTANCE_ID and APS_CONTROLLER_URI: set all three or none');
  const demo = env.DEMO_MODE === 'true';
  if (!env.SECRETS_KEY) throw new Error('SECRETS_KEY is not set: `wrangler secret put SECRETS_KEY` (32 bytes, base64)');
  const db = drizzle(env.DB as never);
  const store = createSqliteStore({
    dialect: 'd1',
    db: db as unknown as Db,
    runAtomic: async (queries) => {
      // D1 runs a batch as one transaction.
      await db.batch(queries as never);
    },
  });
  const applied = await env.DB.prepare('SELECT name FROM d1_migrations ORDER BY id DESC LIMIT 1').first<{ name: string }>().catch(() => null);
  const clock = { now: () => new Date() };
  const metrics = createMetrics();
  const services: Services = {
    store,
    clock,
    logger: consoleLogger(),
    secrets: await createSecretBox(parseSecretsKey(env.SECRETS_KEY)),
    mailer: createOutboxMailer(store, clock),
    passwords: createPasswordHasher({ logN: 14 }),
    clientAddress: (req) => req.headers.get('cf-connecting-ip') ?? 'unknown',
    clientCertificate: cloudflareClientCertificate,
    psa: meteredPsaRegistry(metrics, clock),
    metrics,
    config: {
      demoMode: demo,
      publicUrl: env.PUBLIC_URL ?? origin,
      secureCookies: (env.PUBLIC_URL ?? origin).startsWith('https://'),
      syncIntervalSeconds: parsed.SYNC_INTERVAL_SECONDS ?? null,
      maxBodyBytes: 1024 * 1024,
      dialect: 'd1',
      migration: applied?.name.replace(/^\d{4}_/, '').replace(/\.sql$/, '') ?? 'none',
      scryptLogN: 14,
      // Behind Cloudflare no caller is loopback: without a token /metrics answers 403.
      metricsToken: env.METRICS_TOKEN || null,
      aps: apsSet === 3 ? { controllerCertSha256: parsed.APS_CONTROLLER_CERT_SHA256!, instanceId: parsed.APS_INSTANCE_ID!, controllerUri: parsed.APS_CONTROLLER_URI! } : undefined,
    },
  };
  const sandboxes = demo ? createDemoSandboxes(clock) : null;
  const sync = syncDepsFrom(services, snapshotSource(services));
  registerSyncDeps(services, sync);
  // fetch() waits for the demo seed before any request; what is left to be ready is the D1 migrations.
  const readiness = { waitingFor: () => (services.config.migration === 'none' ? ['migrations'] : []) };
  const app = createApp(services, { mounts: sandboxes?.mounts ?? [], readiness });
  built = { app, services, sync, seeded: demo ? seedDemo(services, services.config.publicUrl) : null };
  return built;
}

export default {
  async fetch(req: Request, env: WorkerEnv, ctx: unknown): Promise<Response> {
    const b = await build(env, new URL(req.url).origin);
    if (b.seeded) await b.seeded;
    return b.app.fetch(req, env, ctx as never);
  },
  /** Cron: enqueue every due tenant not already waiting; the queue spreads cycles over consumers, one tenant per message. */
  async scheduled(_event: unknown, env: WorkerEnv): Promise<void> {
    const b = await build(env, env.PUBLIC_URL ?? 'http://localhost');
    await enqueueDue(b.sync, (batch) => env.SYNC_QUEUE.sendBatch(batch.map((body) => ({ body }))));
  },
  async queue(batch: { queue: string; messages: { body: SyncMessage; attempts?: number; ack(): void; retry(): void }[] }, env: WorkerEnv): Promise<void> {
    const b = await build(env, env.PUBLIC_URL ?? 'http://localhost');
    if (batch.queue === DEAD_LETTER_QUEUE) {
      // Given up by the main queue: shown to the tenant as a failed sync, never retried from here.
      await consumeDeadLetters(b.sync, batch.messages, () => b.services.metrics?.deadLetter());
      return;
    }
    for (const msg of batch.messages) {
      try {
        // The cycle and/or drift check; a later Cron may enqueue the tenant again once it is due (scheduler.ts).
        await runQueuedWork(b.sync, msg.body);
        msg.ack();
      } catch (err) {
        b.services.logger.error({ err, tenantId: msg.body.tenantId, attempts: msg.attempts }, 'queued cycle failed');
        // Its dead letter (if this was the last try) says why in the Failure log.
        rememberQueueFailure(msg, err);
        msg.retry();
      }
    }
  },
};
