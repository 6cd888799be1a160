/** decideRetry, one test per branch. */
import { describe, expect, it } from 'vitest';
import { backoffMs, decideRetry, parseRetryAfter, type RetryInput } from '../../../server/marketplace/retry.js';

const now = new Date('2026-11-20T10:00:00Z');
const base: RetryInput = { attempt: 1, maxAttempts: 5, idempotent: true, now, random: 0.5 };

describe('decideRetry', () => {
  it('does not retry a 4xx other than 429', () => {
    for (const status of [400, 401, 403, 404, 422]) expect(decideRetry({ ...base, status })).toMatchObject({ retry: false, reason: `HTTP ${status} is not retryable` });
  });

  it('does not retry when nothing failed', () => {
    expect(decideRetry(base)).toMatchObject({ retry: false });
  });

  it('never repeats a non-idempotent request after a timeout, reset or 5xx: the outcome is unknown', () => {
    expect(decideRetry({ ...base, idempotent: false, failure: 'timeout' })).toMatchObject({ retry: false, reason: expect.stringMatching(/outcome unknown/) });
    expect(decideRetry({ ...base, idempotent: false, failure: 'network' })).toMatchObject({ retry: false });
    expect(decideRetry({ ...base, idempotent: false, status: 502 })).toMatchObject({ retry: false });
    expect(decideRetry({ ...base, idempotent: false, status: 429, retryAfter: '2' })).toMatchObject({ retry: true, waitMs: 2000 });
  });

  it('gives up after the last attempt', () => {
    expect(decideRetry({ ...base, attempt: 5, status: 503 })).toMatchObject({ retry: false, reason: 'gave up after 5 attempts' });
  });

  it('waits what Retry-After asks, in seconds or as a date', () => {
    expect(decideRetry({ ...base, status: 429, retryAfter: '7' })).toMatchObject({ retry: true, waitMs: 7000 });
    expect(decideRetry({ ...base, status: 503, retryAfter: 'Fri, 20 Nov 2026 10:00:12 GMT' })).toMatchObject({ retry: true, waitMs: 12_000 });
  });

  it('refuses a Retry-After longer than it will wait, and says how long was asked', () => {
    expect(decideRetry({ ...base, status: 429, retryAfter: '3600' })).toMatchObject({ retry: false, waitMs: 3_600_000, reason: expect.stringMatching(/3600 s/) });
  });

  it('backs off on 429 without Retry-After, on 5xx and on transport failures', () => {
    expect(decideRetry({ ...base, status: 429 })).toMatchObject({ retry: true, waitMs: 375, reason: expect.stringMatching(/429/) });
    expect(decideRetry({ ...base, attempt: 3, status: 500 })).toMatchObject({ retry: true, waitMs: 1500 });
    expect(decideRetry({ ...base, failure: 'timeout' })).toMatchObject({ retry: true, reason: 'timeout: backing off' });
    expect(decideRetry({ ...base, failure: 'malformed' })).toMatchObject({ retry: true });
  });
});

describe('backoff and Retry-After parsing', () => {
  it('doubles per attempt with equal jitter, capped', () => {
    expect([1, 2, 3].map((a) => backoffMs(a, 0))).toEqual([250, 500, 1000]);
    expect(backoffMs(2, 1)).toBe(1000);
    expect(backoffMs(20, 1)).toBe(15_000);
  });

  it('reads delay-seconds and HTTP dates, and ignores garbage', () => {
    expect(parseRetryAfter('1.5', now)).toBe(1500);
    expect(parseRetryAfter('Fri, 20 Nov 2026 09:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
