import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decideRetry } from '../../../server/domain/retry.js';
import { parseStatusPolicy, statusAction } from '../../../server/domain/status-policy.js';

const fixed = (r: number) => ({ random: () => r });

describe('retry decision', () => {
  it('transient errors back off exponentially from 5 s with equal jitter', () => {
    expect(decideRetry({ kind: 'timeout', attempts: 1 }, fixed(0))).toEqual({ retry: true, reason: 'transient', waitMs: 2500 });
    expect(decideRetry({ kind: 'network', attempts: 1 }, fixed(0.999999))).toMatchObject({ waitMs: 5000 });
    expect(decideRetry({ kind: 'server', attempts: 3 }, fixed(0))).toMatchObject({ waitMs: 10_000 });
    expect(decideRetry({ kind: 'malformed', attempts: 50 }, fixed(0.999999))).toMatchObject({ waitMs: 120_000 });
  });
  it('throttled waits at least what the PSA asked for', () => {
    expect(decideRetry({ kind: 'throttled', attempts: 1, retryAfterMs: 60_000 }, fixed(0))).toEqual({ retry: true, reason: 'throttled', waitMs: 60_000 });
    expect(decideRetry({ kind: 'throttled', attempts: 1 }, fixed(0))).toMatchObject({ waitMs: 2500 });
  });
  it('errors that need a fix are still retried, slowly, within a few minutes', () => {
    for (const kind of ['rule', 'auth', 'permission', 'not_found', 'config'] as const) {
      expect(decideRetry({ kind, attempts: 1 }, fixed(0))).toEqual({ retry: true, reason: 'needs_fix', waitMs: 30_000 });
      expect(decideRetry({ kind, attempts: 40 }, fixed(0.999999))).toMatchObject({ retry: true, waitMs: 300_000 });
    }
  });
  it('gives up only past an explicit maximum', () => {
    expect(decideRetry({ kind: 'rule', attempts: 5 }, { ...fixed(0), maxAttempts: 5 })).toEqual({ retry: false, reason: 'gave_up', waitMs: 0 });
  });
  it('properties: the wait is within [backoff/2, cap] and does not shrink with attempts', () => {
    fc.assert(
      fc.property(fc.constantFrom('network', 'timeout', 'rule', 'server', 'auth'), fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 0.9999, noNaN: true }), (kind, n, r) => {
        const a = decideRetry({ kind: kind as 'rule', attempts: n }, fixed(r));
        const b = decideRetry({ kind: kind as 'rule', attempts: n + 1 }, fixed(r));
        expect(a.retry).toBe(true);
        expect(a.waitMs).toBeGreaterThan(0);
        expect(a.waitMs).toBeLessThanOrEqual(300_000);
        expect(b.waitMs).toBeGreaterThanOrEqual(a.waitMs);
      }),
    );
  });
});

describe('status policy', () => {
  it('defaults: active syncs, hold/pending freeze, terminated/removed zero, unknown freezes', () => {
    expect(['active', 'hold', 'pending', 'terminated', 'removed', 'weird'].map((s) => statusAction(s))).toEqual(['sync', 'freeze', 'freeze', 'zero', 'zero', 'freeze']);
  });
  it('parses a per-mapping override and drops what it cannot use', () => {
    expect(parseStatusPolicy('{"Hold":"sync","pending":"bogus"}')).toEqual({ hold: 'sync' });
    expect(parseStatusPolicy('not json')).toBeNull();
    expect(parseStatusPolicy('[1]')).toBeNull();
    expect(parseStatusPolicy(null)).toBeNull();
    expect(statusAction('hold', parseStatusPolicy('{"hold":"zero"}'))).toBe('zero');
  });
});
