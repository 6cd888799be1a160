/**
 * Forgot-password: a single-use token, stored as its SHA-256, valid 30 minutes. Asking for a reset answers
 * the same whether or not the address exists, so the form cannot be used to find accounts.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Store } from '../db/store.js';
import { randomToken, sha256Hex } from './crypto.js';

export const RESET_TTL_MS = 30 * 60_000;

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
