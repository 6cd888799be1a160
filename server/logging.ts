/**
 * Structured logs (pino, JSON lines). Secrets never reach a log line: known secret keys are redacted at
 * any depth we log, and errors are reduced to name/message/kind/status (an HTTP client's error carries
 * its request config, auth headers included, in `cause`: that is never serialised).
 */
import pino from 'pino';
import type { Logger } from './services.js';

const SECRET_KEYS = ['password', 'secret', 'privateKey', 'publicKey', 'subscriptionKey', 'apiUser', 'integrationCode', 'token', 'authorization', 'cookie'];

export const REDACT_PATHS = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

function errorSerializer(err: unknown) {
  if (!(err instanceof Error)) return err;
  const e = err as Error & { kind?: string; status?: number; code?: string };
  return { name: e.name, message: e.message, kind: e.kind, status: e.status, code: e.code };
}

export function createLogger(opts: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  const base = pino(
    {
      level: opts.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { err: errorSerializer, error: errorSerializer },
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    opts.destination,
  );
  return wrap(base);
}

function wrap(p: pino.Logger): Logger {
  return {
    debug: (o, m) => p.debug(o, m),
    info: (o, m) => p.info(o, m),
    warn: (o, m) => p.warn(o, m),
    error: (o, m) => p.error(o, m),
    child: (b) => wrap(p.child(b)),
  };
}

/** A logger that drops everything: for tests that do not look at logs. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLogger };
