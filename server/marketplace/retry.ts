/**
 * The retry decision for one failed Marketplace call, as a pure function (after Nango's proxy/retry.ts).
 * 429 and 5xx are retried with capped exponential backoff; the vendor's Retry-After wins when it sent one.
 */
import { MARKETPLACE } from './provider.js';

export interface RetryInput {
  /** 1 for the first attempt that just failed. */
  attempt: number;
  maxAttempts: number;
  /** HTTP status when a response came back. */
  status?: number;
  /** What went wrong when no usable response came back. */
  failure?: 'network' | 'timeout' | 'malformed';
  /** Raw Retry-After header: delay-seconds or an HTTP date. */
  retryAfter?: string | null;
  /** GET, or a call that is safe to repeat (POST /token). A timed-out order must not be sent twice. */
  idempotent: boolean;
  now: Date;
  /** 0..1, injected so tests are deterministic. */
  random: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Longest wait we accept from a Retry-After before giving up and reporting it. */
  maxRetryAfterMs?: number;
}

export interface RetryDecision {
  retry: boolean;
  reason: string;
  waitMs: number;
}

export function parseRetryAfter(value: string | null | undefined, now: Date): number | null {
  if (value == null || value.trim() === '') return null;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now.getTime());
}

export function backoffMs(attempt: number, random: number, baseDelayMs = 500, maxDelayMs = 15_000): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt - 1));
  // "Equal jitter": at least half the step, so retries never bunch up at zero.
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

export function decideRetry(input: RetryInput): RetryDecision {
  const { attempt, maxAttempts, status, failure } = input;
  const maxRetryAfterMs = input.maxRetryAfterMs ?? 60_000;
  const backoff = () => backoffMs(attempt, input.random, input.baseDelayMs, input.maxDelayMs);

  if (status !== undefined && !MARKETPLACE.retryableStatuses.includes(status)) {
    return { retry: false, reason: `HTTP ${status} is not retryable`, waitMs: 0 };
  }
  if (status === undefined && failure === undefined) {
    return { retry: false, reason: 'nothing failed', waitMs: 0 };
  }
  if (!input.idempotent && status !== 429) {
    // Only a 429 says the request was turned away before it ran; anything else may have placed the order.
    return { retry: false, reason: `${status ? `HTTP ${status}` : failure} after sending a non-idempotent request: outcome unknown`, waitMs: 0 };
  }
  if (attempt >= maxAttempts) {
    return { retry: false, reason: `gave up after ${attempt} attempts`, waitMs: 0 };
  }
  const vendorWait = parseRetryAfter(input.retryAfter, input.now);
  if (vendorWait !== null) {
    if (vendorWait > maxRetryAfterMs) {
      return { retry: false, reason: `Retry-After of ${Math.round(vendorWait / 1000)} s is longer than we wait`, waitMs: vendorWait };
    }
    return { retry: true, reason: `HTTP ${status ?? failure}: waiting the Retry-After the API asked for`, waitMs: vendorWait };
  }
  if (status === 429) return { retry: true, reason: 'HTTP 429 without Retry-After: backing off', waitMs: backoff() };
  if (status !== undefined) return { retry: true, reason: `HTTP ${status}: server error, backing off`, waitMs: backoff() };
  return { retry: true, reason: `${failure}: backing off`, waitMs: backoff() };
}
