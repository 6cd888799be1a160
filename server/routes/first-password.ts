/**
 * POST /api/auth/first-password {email, password, newPassword}: the first standalone sign-in of a
 * provisioned admin. The guide's default is the admin contact's e-mail with the gateway password
 * ("First Login"); that password also lives in the control panel, so it never opens a session: the user
 * proves it once here, sets their own, and only then is signed in.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { createSession, deleteUserSessions } from '../auth/sessions.js';
import type { AppEnv } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import { readJson } from '../http/validate.js';
import { setPasswordHash } from '../tenants/repo.js';
import { PASSWORD_RULE, setSessionCookie, verifySignIn } from './auth.js';
import { describeMe } from './me.js';

export const FirstPasswordBody = z.strictObject({
  email: z.string().trim().min(3).max(254).email('must be an e-mail address'),
  password: z.string().min(1, 'is required').max(1024),
  newPassword: PASSWORD_RULE,
});

export const firstPasswordRoutes = new Hono<AppEnv>().post('/auth/first-password', async (c) => {
  const body = await readJson(c, FirstPasswordBody);
  if (body.newPassword === body.password) throw new HttpError(422 as 400, 'validation_failed', 'newPassword: must differ from the default password');
  const user = await verifySignIn(c, body);
  if (!user.mustChangePassword) throw new HttpError(409, 'conflict', 'This account already has its own password: sign in normally');
  const { store, clock, passwords } = c.get('services');
  await setPasswordHash(store, user.id, await passwords.hash(body.newPassword));
  await deleteUserSessions(store, user.id);
  const session = await createSession(store, user, clock.now());
  setSessionCookie(c, session.id);
  return c.json(await describeMe(c, { userId: user.id, tenantId: user.tenantId, email: user.email, role: user.role as 'admin' }, session.csrfToken));
});
