/**
 * The environment, parsed once at boot with one schema. A bad value stops the process with a message
 * that names the variable; nothing starts half-configured.
 */
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^(file:.+|mssql:\/\/.+|sqlserver:\/\/.+)$/, 'must be file:<path> (SQLite) or mssql://user:password@host:port/database')
    .optional(),
  /** 32 bytes, base64 or hex. Required outside demo mode. */
  SECRETS_KEY: z.string().optional(),
  /** Defaults to true when DATABASE_URL is not set: `npm start` on a fresh machine shows the demo. */
  DEMO_MODE: bool.optional(),
  PUBLIC_URL: z.string().url().optional(),
  SMTP_URL: z.string().regex(/^smtps?:\/\/.+/, 'must be smtp://... or smtps://...').optional(),
  MAIL_FROM: z.string().min(3).default('IDSync Cloud Billing <no-reply@idsync.local>'),
  SYNC_INTERVAL_SECONDS: z.coerce.number().int().min(10).max(86_400).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().min(1).default('./data'),
  /** Trust X-Forwarded-For for the client address (behind a reverse proxy). */
  TRUST_PROXY: bool.default(false),
  /** Bearer token for GET /metrics; unset: loopback callers only. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** On SIGTERM/SIGINT, how long to wait for cycles in progress (their posts in flight) before exiting. */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  /** Run the sync scheduler in this process (default true). */
  SCHEDULER: bool.default(true),
  /**
   * The one Marketplace APS controller allowed to provision tenants (server/embed/aps-auth.ts): its client
   * certificate's SHA-256 fingerprint, the APS instance id it registered us under and its URI. All three
   * or none; unset: every /aps/* call is refused.
   */
  APS_CONTROLLER_CERT_SHA256: z
    .string()
    .regex(/^([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$|^[0-9A-Fa-f]{64}$/, 'must be a SHA-256 fingerprint (64 hex digits, colons optional)')
    .optional(),
  APS_INSTANCE_ID: z.string().regex(/^[A-Za-z0-9-]{1,100}$/, 'must be the APS application instance id (a UUID)').optional(),
  APS_CONTROLLER_URI: z.string().url().regex(/^https:\/\//, 'must be the https URI of the APS controller').optional(),
  /** A second listener, HTTPS with client certificates, serving /aps/* only (Node host). */
  APS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  TLS_CERT_FILE: z.string().min(1).optional(),
  TLS_KEY_FILE: z.string().min(1).optional(),
  /**
   * Behind a TLS-terminating proxy that checks client certificates: the request header in which the proxy
   * puts the client certificate (SHA-256 fingerprint in hex, or the URL-encoded PEM). Needs TRUST_PROXY:
   * the header is believed only because the proxy overwrites it on every request.
   */
  APS_CLIENT_CERT_HEADER: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'must be a header name').optional(),
});

export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {}

export function parseEnv(raw: Record<string, string | undefined>): Env {
  // Empty strings count as unset, as shells and .env files often leave them.
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  const demo = env.DEMO_MODE ?? !env.DATABASE_URL;
  if (!demo && !env.SECRETS_KEY) throw new EnvError('Invalid environment:\n  SECRETS_KEY: is required outside demo mode (32 bytes, base64)');
  const problem = apsProblem(env);
  if (problem) throw new EnvError(`Invalid environment:\n  ${problem}`);
  return { ...env, DEMO_MODE: demo };
}

/** The APS settings only make sense together: a half-configured trust would refuse every call silently. */
function apsProblem(env: Env): string | null {
  const pins = { APS_CONTROLLER_CERT_SHA256: env.APS_CONTROLLER_CERT_SHA256, APS_INSTANCE_ID: env.APS_INSTANCE_ID, APS_CONTROLLER_URI: env.APS_CONTROLLER_URI };
  const set = Object.values(pins).filter(Boolean).length;
  if (set > 0 && set < 3) return `${Object.keys(pins).filter((k) => !pins[k as keyof typeof pins]).join(', ')}: required with the other APS_* variables`;
  if (env.APS_PORT !== undefined && (!env.TLS_CERT_FILE || !env.TLS_KEY_FILE)) return 'TLS_CERT_FILE, TLS_KEY_FILE: required with APS_PORT (the APS listener is HTTPS)';
  if (env.APS_CLIENT_CERT_HEADER && !env.TRUST_PROXY) return 'APS_CLIENT_CERT_HEADER: needs TRUST_PROXY=true (only a proxy that overwrites the header may set it)';
  if (set === 3 && env.APS_PORT === undefined && !env.APS_CLIENT_CERT_HEADER) return 'APS_PORT: set it (with TLS_CERT_FILE, TLS_KEY_FILE) or APS_CLIENT_CERT_HEADER, or the controller certificate can never be seen';
  if (set === 0 && (env.APS_PORT !== undefined || env.APS_CLIENT_CERT_HEADER)) return 'APS_CONTROLLER_CERT_SHA256: required when APS_PORT or APS_CLIENT_CERT_HEADER is set';
  return null;
}
