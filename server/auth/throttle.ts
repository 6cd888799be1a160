/**
 * Login throttling. Every attempt is counted BEFORE its password is checked, with one atomic SQL
 * increment per counter, and the count read back after the increment decides: of N parallel attempts
 * at most `maxFailures` can read a count within the limit, so parallel requests cannot slip past it.
 * A successful sign-in gives its attempt back.
 *
 * Three counters, each a fixed window of 15 minutes:
 *  - address + account (PAIR_RULE): locked after 5 failures. Guessing one account from one place stops
 *    here, and a stranger's failures lock only the stranger's own pair, never the owner's.
 *  - address (ADDRESS_RULE): locked after 20 failures across accounts (one place spraying many accounts).
 *  - account (ACCOUNT_RULE): failures from every address. Locking it would hand anyone a way to lock the
 *    owner out, so past 50 it only slows down: one more attempt per 10 seconds of the window, whoever
 *    makes it. A distributed guesser gets ~140 tries per 15 minutes; the owner waits seconds, not minutes.
 *    Attempts refused here are given back, so hammering does not push the next free slot further away.
 * Keys are SHA-256 of their parts: bounded length whatever the address or e-mail.
 */
import { eq, sql, and, gt } from 'drizzle-orm';
import type { Store } from '../db/store.js';
import { sha256Hex } from './crypto.js';

export interface ThrottleRule {
  maxFailures: number;
  windowMs: number;
  /** Past the limit, one more attempt per this many ms of the window instead of a lock. */
  slowIntervalMs?: number;
}
export const PAIR_RULE: ThrottleRule = { maxFailures: 5, windowMs: 15 * 60_000 };
export const ADDRESS_RULE: ThrottleRule = { maxFailures: 20, windowMs: 15 * 60_000 };
export const ACCOUNT_RULE: ThrottleRule = { maxFailures: 50, windowMs: 15 * 60_000, slowIntervalMs: 10_000 };

/** A counter as read back right after this attempt was added to it. */
export interface ThrottleCount {
  failures: number;
  windowStart: string;
}

/** Milliseconds the attempt that made `count` must wait; 0 when it may go on. Pure. */
export function waitAfterCount(count: ThrottleCount, rule: ThrottleRule, now: Date): number {
  const start = Date.parse(count.windowStart);
  const windowEnd = start + rule.windowMs;
  if (count.failures <= rule.maxFailures || now.getTime() >= windowEnd) return 0;
  if (!rule.slowIntervalMs) return windowEnd - now.getTime();
  const over = count.failures - rule.maxFailures;
  const slotAt = start + over * rule.slowIntervalMs;
  return Math.max(0, Math.min(slotAt, windowEnd) - now.getTime());
}

export interface ThrottleKeys {
  pair: string;
  address: string;
  account: string;
}

export async function throttleKeys(address: string, email: string): Promise<ThrottleKeys> {
  const account = email.trim().toLowerCase();
  return {
    pair: `pair:${await sha256Hex(`${address}\n${account}`)}`,
    address: `address:${await sha256Hex(address)}`,
    account: `account:${await sha256Hex(account)}`,
  };
}

/**
 * Counts one attempt on `key` atomically (a new window when the old one ended) and reads the counter
 * back. One upsert statement on SQLite and D1; on SQL Server an UPDATE with the same expressions, then an
 * INSERT when the key is new (store.upsert).
 */
export async function countAttempt(store: Store, key: string, rule: ThrottleRule, now: Date): Promise<ThrottleCount> {
  const { t } = store;
  const stamp = now.toISOString();
  const expired = sql`${t.loginThrottle.windowStart} <= ${new Date(now.getTime() - rule.windowMs).toISOString()}`;
  await store.upsert(t.loginThrottle, { key, failures: 1, windowStart: stamp, lockedUntil: null }, [t.loginThrottle.key], {
    failures: sql`case when ${expired} then 1 else ${t.loginThrottle.failures} + 1 end`,
    windowStart: sql`case when ${expired} then ${stamp} else ${t.loginThrottle.windowStart} end`,
  });
  const rows = await store.db
    .select({ failures: t.loginThrottle.failures, windowStart: t.loginThrottle.windowStart })
    .from(t.loginThrottle)
    .where(eq(t.loginThrottle.key, key));
  return rows[0] ?? { failures: 1, windowStart: stamp };
}

/** Gives one counted attempt back (a success, or an attempt the account slow-down refused). */
export async function uncountAttempt(store: Store, key: string): Promise<void> {
  const { t } = store;
  await store.db
    .update(t.loginThrottle)
    .set({ failures: sql`${t.loginThrottle.failures} - 1` })
    .where(and(eq(t.loginThrottle.key, key), gt(t.loginThrottle.failures, 0)));
}

export async function clearThrottle(store: Store, key: string): Promise<void> {
  await store.db.delete(store.t.loginThrottle).where(eq(store.t.loginThrottle.key, key));
}

/**
 * Counts a sign-in attempt on all three counters; the wait in ms when it must be refused (429), else 0.
 * The account is only counted once the pair and address allow the attempt, so a locked-out stranger
 * does not use up the account's allowance.
 */
export async function beginAttempt(store: Store, keys: ThrottleKeys, now: Date): Promise<number> {
  const [pair, address] = await Promise.all([countAttempt(store, keys.pair, PAIR_RULE, now), countAttempt(store, keys.address, ADDRESS_RULE, now)]);
  const wait = Math.max(waitAfterCount(pair, PAIR_RULE, now), waitAfterCount(address, ADDRESS_RULE, now));
  if (wait > 0) return wait;
  const account = await countAttempt(store, keys.account, ACCOUNT_RULE, now);
  const slow = waitAfterCount(account, ACCOUNT_RULE, now);
  if (slow > 0) await uncountAttempt(store, keys.account);
  return slow;
}

/** The password was right: the attempt was not a failure on any counter. */
export async function attemptSucceeded(store: Store, keys: ThrottleKeys): Promise<void> {
  await clearThrottle(store, keys.pair);
  await uncountAttempt(store, keys.address);
  await uncountAttempt(store, keys.account);
}
