/**
 * The API version a request asks for, as ConnectWise reads it: the first media type of `Accept`,
 * `application/vnd.connectwise.com+json; version=2025.1` (connectwise-rest PR #19: only the first media type
 * selects the version). A version the server does not serve is refused with ConnectWise's own body, captured in
 * connectwise-rest issue #35: `{"code":"ConnectWiseApi","message":"The HTTP resource that matches the request URI
 * '<url>' does not support the API version '<v>'."}`. The status (400) and the oldest version served are
 * UNVERIFIED (docs/vendor-notes.md); `3.0.0`, the old connectwise-rest default, is served as the legacy alias.
 */
import type { MiddlewareHandler } from 'hono';
import { cwError } from './respond.js';

export const OLDEST_VERSION = '2019.1';
const LEGACY = new Set(['3.0', '3.0.0']);

/** The version asked for; null when the request names none (the server's current one applies). */
export function requestedVersion(accept: string | undefined): string | null {
  const first = (accept ?? '').split(',')[0] ?? '';
  if (!/application\/vnd\.connectwise\.com\+json/i.test(first)) return null;
  const m = /;\s*version\s*=\s*"?([^;",\s]*)"?/i.exec(first);
  return m ? m[1]! : null;
}

const parts = (v: string) => v.replace(/^v/i, '').split('.').map((n) => Number(n));
const compare = (a: string, b: string) => {
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
};

export function serves(version: string, current: string): boolean {
  if (LEGACY.has(version)) return true;
  if (!/^\d{4}\.\d{1,2}$/.test(version)) return false;
  return compare(version, OLDEST_VERSION) >= 0 && compare(version, current) <= 0;
}

export function versionMiddleware(current: () => string): MiddlewareHandler {
  return async (c, next) => {
    const asked = requestedVersion(c.req.header('accept'));
    if (asked !== null && !serves(asked, current())) {
      const shown = /^\d+(\.\d+)*$/.test(asked) ? asked : '0.0';
      return cwError(c, 400, 'ConnectWiseApi', `The HTTP resource that matches the request URI '${c.req.url}' does not support the API version '${shown}'.`);
    }
    await next();
    c.header('api-current-version', current());
  };
}
