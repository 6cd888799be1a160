/**
 * Login throttling, per account and per address: a fixed window of failures; past the limit the key is
 * locked until the window ends. The decision is pure; the counters live in login_throttle.
 */
import { eq, inArray } from 'drizzle-orm';
import type { Store } from '../db/store.js';

export interface ThrottleRule {
  maxFailures: number;
  windowMs: number;
}
export const ACCOUNT_RULE: ThrottleRule = { maxFailures: 5, windowMs: 15 * 60_000 };
export const ADDRESS_RULE: ThrottleRule = { maxFailures: 20, windowMs: 15 * 60_000 };

export interface ThrottleState {
  failures: number;
  windowStart: string;
  lockedUntil: string | null;
}

/** Milliseconds the key must wait before another try, 0 when it may try now. */
export function waitBeforeTry(state: ThrottleState | undefined, now: Date): number {
  if (!state?.lockedUntil) return 0;
  return Math.max(0, Date.parse(state.lockedUntil) - now.getTime());
}

/** State after one more failure. */
export function afterFailure(state: ThrottleState | undefined, rule: ThrottleRule, now: Date): ThrottleState {
  const fresh = !state || now.getTime() - Date.parse(state.windowStart) >= rule.windowMs;
  const failures = fresh ? 1 : state.failures + 1;
  const windowStart = fresh ? now.toISOString() : state.windowStart;
  const lockedUntil = failures >= rule.maxFailures ? new Date(Date.parse(windowStart) + rule.windowMs).toISOString() : null;
  return { failures, windowStart, lockedUntil };
}

export const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;
export const addressKey = (address: string) => `address:${address}`;

export async function readThrottle(store: Store, keys: string[]): Promise<Map<string, ThrottleState>> {
  const { db, t } = store;
  const rows = await db.select().from(t.loginThrottle).where(inArray(t.loginThrottle.key, keys));
  return new Map(rows.map((r) => [r.key, r]));
}

export async function recordFailure(store: Store, key: string, rule: ThrottleRule, now: Date, prev?: ThrottleState): Promise<void> {
  const next = afterFailure(prev, rule, now);
  await store.upsert(store.t.loginThrottle, { key, ...next }, [store.t.loginThrottle.key], { ...next });
}

export async function clearThrottle(store: Store, key: string): Promise<void> {
  await store.db.delete(store.t.loginThrottle).where(eq(store.t.loginThrottle.key, key));
}
