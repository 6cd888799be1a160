/** The Hono environment every route module shares, and the two guards routes call first. */
import type { Context } from 'hono';
import type { Logger, Services } from '../services.js';
import { HttpError } from './errors.js';

export type Role = 'admin' | 'viewer';

export interface SessionUser {
  userId: string;
  tenantId: string;
  email: string;
  role: Role;
  /** 'pod': signed in through an embedded pod (ConnectWise, Autotask Insight); only the pod's writes. */
  scope?: 'pod';
}

export type AppEnv = {
  Variables: {
    services: Services;
    requestId: string;
    logger: Logger;
    user: SessionUser | null;
    /** The session's CSRF token and id hash, when a session cookie was valid. */
    session: { csrfToken: string; idHash: string } | null;
  };
};

export type AppContext = Context<AppEnv>;

/** The signed-in user; 401 when there is none. Every /api route but login/forgot/reset calls this. */
export function currentUser(c: AppContext): SessionUser {
  const user = c.get('user');
  if (!user) throw new HttpError(401, 'unauthenticated', 'Sign in first: no valid session');
  return user;
}

/** The signed-in user when an admin; 403 for a viewer. Every state-changing business route calls this. */
export function requireAdmin(c: AppContext): SessionUser {
  const user = currentUser(c);
  if (user.role !== 'admin') throw new HttpError(403, 'forbidden', 'This action needs the admin role');
  return user;
}
