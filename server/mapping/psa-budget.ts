/**
 * The mapping screen's share of the PSA's request budget. Autotask's hourly threshold is shared by every
 * integration of the tenant and posting adjustments stops at half of it, so lists a viewer can open must
 * not be able to spend it:
 *  - one refresh of the same list per REFRESH_RULE window, per tenant (the button is for "the PSA changed
 *    a minute ago", not for polling);
 *  - at most TENANT_READS_RULE PSA reads for lists per tenant and minute, cache misses included (a new
 *    account id per request would otherwise be a refresh in disguise);
 *  - below both, the Autotask client for lists stops at 30 % of the threshold (LIST_POLICY).
 * Counted atomically in the database (the same fixed-window counters as login throttling), so parallel
 * requests and several processes share one count. Refusals are 429 with Retry-After.
 */
import { HttpError } from '../http/errors.js';
import { countAttempt, waitAfterCount, type ThrottleRule } from '../auth/throttle.js';
import { sha256Hex } from '../auth/crypto.js';
import type { Store } from '../db/store.js';

export const REFRESH_RULE: ThrottleRule = { maxFailures: 1, windowMs: 30_000 };
export const TENANT_READS_RULE: ThrottleRule = { maxFailures: 30, windowMs: 60_000 };

async function spend(store: Store, key: string, rule: ThrottleRule, now: Date): Promise<number> {
  return waitAfterCount(await countAttempt(store, `psa:${await sha256Hex(key)}`, rule, now), rule, now);
}

const tooMany = (wait: number, message: string) => {
  const seconds = Math.max(1, Math.ceil(wait / 1000));
  return new HttpError(429, 'too_many_requests', `${message}: try again in ${seconds} second(s)`, { 'Retry-After': String(seconds) });
};

/** A refresh of one list (e.g. `contracts:<accountId>`); 429 when this tenant refreshed it moments ago. */
export async function allowRefresh(store: Store, tenantId: string, list: string, now: Date): Promise<void> {
  const wait = await spend(store, `refresh\n${tenantId}\n${list}`, REFRESH_RULE, now);
  if (wait > 0) throw tooMany(wait, 'This list was refreshed from the PSA moments ago; the shown copy is current');
}

/** One read of the PSA for a list (a refresh or a cache miss); 429 past the tenant's per-minute share. */
export async function allowListRead(store: Store, tenantId: string, now: Date): Promise<void> {
  const wait = await spend(store, `reads\n${tenantId}`, TENANT_READS_RULE, now);
  if (wait > 0) throw tooMany(wait, "Too many PSA list reads for this tenant: the PSA's request budget is kept for posting adjustments");
}
