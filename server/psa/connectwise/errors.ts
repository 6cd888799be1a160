/**
 * Turning what ConnectWise (or the network) answered into a `ConnectorError`. Pure: the HTTP layer hands
 * in status, headers and body. ConnectWise's own `{code, message, errors[]}` text is kept verbatim in
 * `vendorMessage` (spec schemas ErrorResponseMessage / ValidationError), since the Failure Log shows it.
 */
import { ConnectorError, type ConnectorErrorKind } from '../../connector-error.js';
import { CONNECTWISE_MESSAGES } from './facts.js';
import type { CwErrorBody } from './wire.js';

export interface HttpAnswer {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  /** Parsed JSON, or the raw text when the body was not JSON. */
  body: unknown;
  /** True for POST/PATCH/PUT/DELETE: an unclear answer then leaves the write's outcome unknown. */
  write: boolean;
}

/**
 * The vendor's words: `message (errors[0].message; errors[1].message)`, or a plain-text body. An HTML
 * page or a fragment of unreadable JSON is not words a user can act on: our own message stands instead.
 */
export function vendorText(body: unknown): string | undefined {
  if (typeof body === 'string') {
    const text = body.trim();
    return text && !/^[<{[]/.test(text) ? text.slice(0, 500) : undefined;
  }
  if (!body || typeof body !== 'object') return undefined;
  const b = body as CwErrorBody;
  const details = Array.isArray(b.errors)
    ? b.errors.map((e) => e?.message ?? [e?.field, e?.code].filter(Boolean).join(' ')).filter(Boolean)
    : [];
  const head = typeof b.message === 'string' ? b.message : typeof b.code === 'string' ? b.code : undefined;
  if (!head && details.length === 0) return undefined;
  return details.length ? `${head ?? 'Error'} (${details.join('; ')})` : head;
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now: Date = new Date()): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

export function classifyAnswer(a: HttpAnswer, now: Date = new Date()): ConnectorError {
  // A 2xx we could not read carries no error text of ConnectWise's: whatever it holds is not a message.
  const vendorMessage = a.status >= 200 && a.status < 300 ? undefined : vendorText(a.body);
  const code = a.body && typeof a.body === 'object' ? (a.body as CwErrorBody).code : undefined;
  const base = { system: 'connectwise' as const, status: a.status, vendorMessage };
  const say = (what: string) => `ConnectWise answered HTTP ${a.status}${code ? ` ${code}` : ''}: ${what}`;
  const make = (kind: ConnectorErrorKind, retry: boolean, what: string, extra: Partial<ConnectorError> = {}) =>
    new ConnectorError({ ...base, kind, retry, message: say(what), ...extra });

  if (typeof vendorMessage === 'string' && vendorMessage.includes(CONNECTWISE_MESSAGES.cannotRoute)) {
    return make('config', false, 'the company id is not known on this site');
  }
  if (a.status >= 300 && a.status < 400) {
    // Redirects are not followed: credentials go only to the site the user entered.
    return make('config', false, `the site redirects to ${a.headers.location ?? 'another address'}; enter that site instead`);
  }
  if (a.status === 401) return make('auth', false, 'the company id, public key, private key or client id was refused');
  if (a.status === 403) return make('permission', false, "the API member's security role lacks a right");
  if (a.status === 404) return make('not_found', false, 'the object was not found');
  if (a.status === 429) {
    return make('throttled', true, 'too many requests', { retryAfterMs: retryAfterMs(a.headers['retry-after'], now) });
  }
  if (a.status >= 500) {
    // A gateway that gave up may have passed the write on: its outcome is unknown.
    const unknown = a.write && (a.status === 502 || a.status === 504);
    return make('server', true, 'server error', {
      outcomeUnknown: unknown,
      retryAfterMs: retryAfterMs(a.headers['retry-after'], now),
    });
  }
  if (a.status >= 200 && a.status < 300) {
    return make('malformed', true, 'the response body could not be read', { outcomeUnknown: a.write });
  }
  return make('rule', false, 'the request was refused');
}

/** An axios/Node transport failure (no HTTP answer). `code` is the Node/axios error code. */
export function classifyTransport(code: string | undefined, message: string, write: boolean, cause?: unknown): ConnectorError {
  const base = { system: 'connectwise' as const, cause };
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') {
    return new ConnectorError({
      ...base,
      kind: 'timeout',
      retry: true,
      outcomeUnknown: write,
      message: `ConnectWise did not answer in time${write ? '; the change may or may not have been saved' : ''} (${message})`,
    });
  }
  const notSent = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH';
  const tls = typeof code === 'string' && /CERT|SSL|TLS|SELF_SIGNED/.test(code);
  return new ConnectorError({
    ...base,
    kind: 'network',
    retry: !tls,
    outcomeUnknown: write && !notSent && !tls,
    message: `Could not reach ConnectWise: ${code ?? 'network error'} (${message})`,
  });
}
