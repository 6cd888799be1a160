/**
 * When to try a failed post again: a pure decision from the error's kind and the attempt count, in the
 * manner of Nango's proxy/retry.ts. Capped exponential backoff with "equal jitter" (half fixed, half
 * random) so many failed rows of one tenant do not hit the PSA in one burst.
 *  - transient (network, timeout, server, malformed): 5 s, 10 s, 20 s ... capped at 2 minutes;
 *  - throttled: as above but never sooner than the PSA's Retry-After;
 *  - needs a fix (rule, auth, permission, not_found, config): still retried, slowly: 1 min doubling to a
 *    5-minute cap. The guide promises failures post "within a few minutes of the error condition being
 *    resolved", and nobody tells us when a contract was extended.
 * `retry` is false only past `maxAttempts` (unbounded by default: a failure stays in the Failure Log and
 * keeps being retried until it posts).
 */
import type { ConnectorErrorKind } from '../connector-error.js';

export interface RetryInput {
  kind: ConnectorErrorKind;
  /** Attempts made so far, including the one that just failed (>= 1). */
  attempts: number;
  retryAfterMs?: number;
}

export interface RetryOptions {
  /** Uniform in [0, 1); injected so tests are deterministic. */
  random: () => number;
  maxAttempts?: number;
  transientBaseMs?: number;
  transientCapMs?: number;
  slowBaseMs?: number;
  slowCapMs?: number;
}

export type RetryReason = 'transient' | 'throttled' | 'needs_fix' | 'gave_up';

export interface RetryDecision {
  retry: boolean;
  reason: RetryReason;
  waitMs: number;
}

const TRANSIENT: ReadonlySet<ConnectorErrorKind> = new Set(['network', 'timeout', 'server', 'malformed']);

export function decideRetry(input: RetryInput, opts: RetryOptions): RetryDecision {
  const attempts = Math.max(1, Math.floor(input.attempts));
  if (opts.maxAttempts !== undefined && attempts >= opts.maxAttempts) return { retry: false, reason: 'gave_up', waitMs: 0 };
  const slow = !TRANSIENT.has(input.kind) && input.kind !== 'throttled';
  const base = slow ? (opts.slowBaseMs ?? 60_000) : (opts.transientBaseMs ?? 5_000);
  const cap = slow ? (opts.slowCapMs ?? 300_000) : (opts.transientCapMs ?? 120_000);
  const exp = Math.min(cap, base * 2 ** Math.min(attempts - 1, 30));
  const r = Math.min(Math.max(opts.random(), 0), 1);
  let waitMs = Math.round(exp / 2 + (exp / 2) * r);
  if (input.kind === 'throttled') {
    waitMs = Math.max(waitMs, input.retryAfterMs ?? 0);
    return { retry: true, reason: 'throttled', waitMs };
  }
  return { retry: true, reason: slow ? 'needs_fix' : 'transient', waitMs };
}
