/**
 * Turning an Autotask response or a failed connection into a `ConnectorError` that says whether a retry
 * can help. Pure, unit-tested per branch. Autotask sends its errors as `{"errors":["text", ...]}` and
 * business rules come back as HTTP 500 (research 1.7), so "500 with errors[]" is a rule, not an outage.
 */
import { ConnectorError } from '../../connector-error.js';

export interface FailedCall {
  /** HTTP status when a response came back. */
  status?: number;
  /** Response body as text (may be empty, HTML or JSON). */
  text?: string;
  retryAfter?: string | null;
  /** Node/axios error code when no response came back (ECONNREFUSED, ECONNABORTED, ...). */
  networkCode?: string;
  networkMessage?: string;
  /** A create/update: a timeout or reset after sending leaves its outcome unknown. */
  write: boolean;
  what: string;
}

/** The vendor's own error texts, joined, or undefined when the body carries none. */
export function vendorErrors(text: string | undefined): string | undefined {
  if (!text) return undefined;
  try {
    const body = JSON.parse(text) as { errors?: unknown; Errors?: unknown };
    const list = body.errors ?? body.Errors;
    if (Array.isArray(list) && list.length) {
      return list.map((e) => (typeof e === 'string' ? e : (e as { message?: string })?.message ?? JSON.stringify(e))).join('; ');
    }
  } catch {
    /* not JSON: Autotask sometimes answers HTML from IIS; no vendor text then */
  }
  return undefined;
}

/** Retry-After in ms (seconds or an HTTP date); undefined when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const secs = Number(header);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

const SENT_THEN_LOST = new Set(['ECONNRESET', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE', 'ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);
const TIMEOUTS = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

export function classifyFailure(f: FailedCall): ConnectorError {
  const system = 'autotask' as const;
  if (f.status === undefined) {
    const code = f.networkCode ?? 'ERR_NETWORK';
    const lost = f.write && SENT_THEN_LOST.has(code);
    if (TIMEOUTS.has(code)) {
      return new ConnectorError({ kind: 'timeout', system, retry: true, outcomeUnknown: f.write,
        message: `Autotask did not answer ${f.what} in time${f.write ? '; it may or may not have been saved' : ''}` });
    }
    return new ConnectorError({ kind: 'network', system, retry: true, outcomeUnknown: lost,
      message: `Could not reach Autotask for ${f.what} (${code}${f.networkMessage ? `: ${f.networkMessage}` : ''})` });
  }
  const vendorMessage = vendorErrors(f.text);
  const base = { system, status: f.status, vendorMessage };
  switch (f.status) {
    case 401:
      return new ConnectorError({ ...base, kind: 'auth', retry: false,
        message: 'Autotask refused the API user name, secret or integration code (HTTP 401)' });
    case 403:
      return new ConnectorError({ ...base, kind: 'permission', retry: false,
        message: `The Autotask API user lacks the security level for ${f.what} (HTTP 403)` });
    case 404:
      return new ConnectorError({ ...base, kind: 'not_found', retry: false, message: `Autotask found nothing for ${f.what} (HTTP 404)` });
    case 429:
      return new ConnectorError({ ...base, kind: 'throttled', retry: true, retryAfterMs: retryAfterMs(f.retryAfter) ?? 60_000,
        message: 'The Autotask request threshold for this database is used up (HTTP 429)' });
  }
  if (f.status === 500 && vendorMessage) {
    return new ConnectorError({ ...base, kind: 'rule', retry: false, message: `Autotask refused ${f.what}: ${vendorMessage}` });
  }
  if (f.status >= 500) {
    // A 5xx without Autotask's errors[] is an outage; a write may still have landed on a gateway error.
    return new ConnectorError({ ...base, kind: 'server', retry: true, outcomeUnknown: f.write && f.status !== 503,
      message: `Autotask failed on ${f.what} (HTTP ${f.status})` });
  }
  return new ConnectorError({ ...base, kind: f.status >= 400 ? 'rule' : 'malformed', retry: false,
    message: `Autotask answered ${f.what} with HTTP ${f.status}` });
}

export function malformed(what: string, detail: string, write = false): ConnectorError {
  return new ConnectorError({ kind: 'malformed', system: 'autotask', retry: !write, outcomeUnknown: write,
    message: `Autotask sent an unreadable answer to ${what}: ${detail}` });
}
