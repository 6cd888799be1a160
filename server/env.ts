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
  return { ...env, DEMO_MODE: demo };
}
