/**
 * Forgot-password: a single-use token, stored as its SHA-256, valid 30 minutes. Asking for a reset answers
 * the same whether or not the address exists, so the form cannot be used to find accounts.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Store } from '../db/store.js';
import { randomToken, sha256Hex } from './crypto.js';
import { countAttempt, waitAfterCount, type ThrottleRule } from './throttle.js';

export const RESET_TTL_MS = 30 * 60_000;

/**
 * Reset mails per hour: a few per account (a user who lost the first mail asks again), more per address
 * (an office asking for several users). Past either, the request is answered the same 202 and no mail
 * goes out, so the form can neither flood a mailbox nor tell which addresses have accounts.
 */
export const FORGOT_ACCOUNT_RULE: ThrottleRule = { maxFailures: 3, windowMs: 60 * 60_000 };
export const FORGOT_ADDRESS_RULE: ThrottleRule = { maxFailures: 10, windowMs: 60 * 60_000 };

/** Counts one reset request (whether or not the account exists); true when a mail may be sent. */
export async function mayMailReset(store: Store, address: string, email: string, now: Date): Promise<boolean> {
  const byAddress = await countAttempt(store, `forgot-address:${await sha256Hex(address)}`, FORGOT_ADDRESS_RULE, now);
  if (waitAfterCount(byAddress, FORGOT_ADDRESS_RULE, now) > 0) return false;
  const byAccount = await countAttempt(store, `forgot-account:${await sha256Hex(email.trim().toLowerCase())}`, FORGOT_ACCOUNT_RULE, now);
  return waitAfterCount(byAccount, FORGOT_ACCOUNT_RULE, now) === 0;
}

export async function issueResetToken(store: Store, userId: string, now: Date): Promise<string> {
  const token = randomToken();
  await store.db.insert(store.t.passwordResets).values({
    tokenHash: await sha256Hex(token),
    userId,
    expiresAt: new Date(now.getTime() + RESET_TTL_MS).toISOString(),
    createdAt: now.toISOString(),
  });
  return token;
}

/**
 * Marks the token used and returns its user, or null when it is unknown, used or expired. The update is
 * conditional on `used_at IS NULL`, so two concurrent uses cannot both succeed.
 */
export async function consumeResetToken(store: Store, token: string, now: Date): Promise<string | null> {
  const { db, t } = store;
  const tokenHash = await sha256Hex(token);
  const rows = await db.select().from(t.passwordResets).where(eq(t.passwordResets.tokenHash, tokenHash));
  const row = rows[0];
  if (!row || row.usedAt || Date.parse(row.expiresAt) <= now.getTime()) return null;
  const res = await db
    .update(t.passwordResets)
    .set({ usedAt: now.toISOString() })
    .where(and(eq(t.passwordResets.tokenHash, tokenHash), isNull(t.passwordResets.usedAt)));
  return store.affected(res) === 1 ? row.userId : null;
}

/** After a reset: every other link mailed to this user stops working (one may have reached someone else). */
export async function endResetTokens(store: Store, userId: string): Promise<void> {
  await store.db.delete(store.t.passwordResets).where(eq(store.t.passwordResets.userId, userId));
}
