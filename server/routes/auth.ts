/** POST /api/auth/login, /logout, /forgot, /reset. */
import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { randomToken } from '../auth/crypto.js';
import type { PasswordHasher } from '../auth/password.js';
import { consumeResetToken, endResetTokens, issueResetToken, mayMailReset } from '../auth/reset.js';
import { createSession, deleteSession, deleteUserSessions, SESSION_COOKIE, SESSION_TTL_MS } from '../auth/sessions.js';
import { attemptSucceeded, beginAttempt, throttleKeys } from '../auth/throttle.js';
import type { AppContext, AppEnv } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import { readJson } from '../http/validate.js';
import { findUserByEmail, setPasswordHash } from '../tenants/repo.js';
import { describeMe } from './me.js';

const email = z.string().trim().min(3).max(254).email('must be an e-mail address');
export const LoginBody = z.strictObject({ email, password: z.string().min(1, 'is required').max(1024) });
export const ForgotBody = z.strictObject({ email });
export const PASSWORD_RULE = z.string().min(10, 'must be at least 10 characters').max(1024);
export const ResetBody = z.strictObject({ token: z.string().min(20).max(200), password: PASSWORD_RULE });

export function setSessionCookie(c: AppContext, id: string | null) {
  const { config } = c.get('services');
  // Browsers treat http://localhost as a secure context: the demo's cross-site embedding works there too.
  const secureCookies = config.secureCookies || (config.secureCookiesOnLocalhost === true && new URL(c.req.url).hostname === 'localhost');
  // In another system's iframe (ODIN panel, Autotask Insight, ConnectWise pod) only a
  // SameSite=None; Secure; Partitioned (CHIPS) cookie is sent; plain HTTP keeps Lax for local use.
  const flags = secureCookies
    ? ({ secure: true, sameSite: 'None', partitioned: true } as const)
    : ({ secure: false, sameSite: 'Lax' } as const);
  if (id === null) return deleteCookie(c, SESSION_COOKIE, { path: '/', ...flags });
  setCookie(c, SESSION_COOKIE, id, { path: '/', httpOnly: true, maxAge: SESSION_TTL_MS / 1000, ...flags });
}

/**
 * Check an e-mail and password under the login throttle; the user when they match and the user is
 * enabled, else 401/429. Shared by sign-in and the first sign-in's password change.
 */
export async function verifySignIn(c: AppContext, body: { email: string; password: string }) {
  const { store, clock, passwords, clientAddress } = c.get('services');
  const now = clock.now();
  const keys = await throttleKeys(clientAddress(c.req.raw, c.env), body.email);
  // Counted before the password is checked, so parallel attempts cannot all pass a stale count.
  const wait = await beginAttempt(store, keys, now);
  if (wait > 0) {
    const seconds = Math.ceil(wait / 1000);
    const when = seconds < 120 ? `${seconds} second(s)` : `${Math.ceil(seconds / 60)} minute(s)`;
    throw new HttpError(429, 'too_many_requests', `Too many failed sign-ins: try again in ${when}`, { 'Retry-After': String(seconds) });
  }
  const user = await findUserByEmail(store, body.email);
  // Verify against a fixed hash when the user is unknown, so the answer time does not reveal accounts.
  const ok = await passwords.verify(body.password, user?.passwordHash ?? (await dummyHash(passwords)));
  if (!user || !ok || user.disabled) throw new HttpError(401, 'unauthenticated', 'Wrong e-mail or password');
  await attemptSucceeded(store, keys);
  return user;
}

export const authRoutes = new Hono<AppEnv>()
  .post('/auth/login', async (c) => {
    const body = await readJson(c, LoginBody);
    const { store, clock } = c.get('services');
    const now = clock.now();
    const user = await verifySignIn(c, body);
    // A provisioned admin's first password is the gateway password from the panel: it must be replaced
    // (POST /api/auth/first-password) before any session exists.
    if (user.mustChangePassword) {
      throw new HttpError(403, 'password_change_required', 'Choose a new password before signing in for the first time');
    }
    const session = await createSession(store, user, now);
    setSessionCookie(c, session.id);
    c.get('logger').info({ userId: user.id, tenantId: user.tenantId }, 'signed in');
    return c.json(await describeMe(c, { userId: user.id, tenantId: user.tenantId, email: user.email, role: user.role as 'admin' }, session.csrfToken));
  })
  .post('/auth/logout', async (c) => {
    const session = c.get('session');
    if (session) await deleteSession(c.get('services').store, session.idHash);
    setSessionCookie(c, null);
    return c.body(null, 204);
  })
  .post('/auth/forgot', async (c) => {
    const body = await readJson(c, ForgotBody);
    const { store, clock, mailer, config, clientAddress } = c.get('services');
    const allowed = await mayMailReset(store, clientAddress(c.req.raw, c.env), body.email, clock.now());
    const user = allowed ? await findUserByEmail(store, body.email) : undefined;
    if (user && !user.disabled) {
      const token = await issueResetToken(store, user.id, clock.now());
      const link = `${config.publicUrl.replace(/\/$/, '')}/reset?token=${encodeURIComponent(token)}`;
      await mailer.send({
        tenantId: user.tenantId,
        to: user.email,
        subject: 'Reset your IDSync Cloud Billing password',
        body: `Someone asked to reset the password of ${user.email}.\n\nOpen this link within 30 minutes to choose a new password:\n${link}\n\nIf it was not you, ignore this message: your password stays as it is.`,
      });
    }
    return c.json({ ok: true }, 202);
  })
  .post('/auth/reset', async (c) => {
    const body = await readJson(c, ResetBody);
    const { store, clock, passwords } = c.get('services');
    const userId = await consumeResetToken(store, body.token, clock.now());
    if (!userId) throw new HttpError(400, 'bad_request', 'This reset link is invalid, used or expired: ask for a new one');
    // Every other reset link and every session of the user end with the old password.
    await endResetTokens(store, userId);
    await setPasswordHash(store, userId, await passwords.hash(body.password));
    await deleteUserSessions(store, userId);
    return c.body(null, 204);
  });

/** A hash of a random password made with the live cost: verifying against it costs what a real one does. */
const dummyHashes = new WeakMap<PasswordHasher, Promise<string>>();
function dummyHash(passwords: PasswordHasher): Promise<string> {
  let h = dummyHashes.get(passwords);
  if (!h) dummyHashes.set(passwords, (h = passwords.hash(randomToken())));
  return h;
}
