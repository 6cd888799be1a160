/**
 * Errors of outbound calls (Marketplace, Autotask, ConnectWise) are values that say whether a retry can
 * help, in the manner of unkey's BaseError.retry. The vendor's own text is kept verbatim in
 * `vendorMessage`: it is what the Failure Log shows the user.
 */
export type ConnectorErrorKind =
  | 'network' // DNS, refused, reset, TLS: the host could not be reached or the connection broke
  | 'timeout' // no answer in time: the outcome of a write is unknown
  | 'auth' // 401: wrong credentials
  | 'permission' // 403: credentials fine, the API user lacks a right
  | 'not_found' // 404 on an object we asked for by id
  | 'throttled' // 429 or a vendor's threshold
  | 'rule' // the vendor refused on a business rule (Autotask HTTP 500 with errors[], CW 400 validation)
  | 'config' // our side: a setting that makes the call impossible (proration off, zone unknown, ...)
  | 'server' // 5xx that is not a business rule
  | 'malformed'; // a response we cannot parse or that breaks the vendor's schema

export interface ConnectorErrorInit {
  kind: ConnectorErrorKind;
  system: 'marketplace' | 'autotask' | 'connectwise';
  message: string;
  /** The vendor's own error text, verbatim, when it sent one. */
  vendorMessage?: string;
  status?: number;
  /** Whether the same request may succeed later without anyone changing anything. */
  retry: boolean;
  /** Wait the vendor asked for (Retry-After), in milliseconds. */
  retryAfterMs?: number;
  /** Marketplace `X-Correlation-ID`, kept for support tickets. */
  correlationId?: string;
  /** True when a write may or may not have taken effect (timeout, reset after send). */
  outcomeUnknown?: boolean;
  cause?: unknown;
}

export class ConnectorError extends Error {
  readonly kind: ConnectorErrorKind;
  readonly system: ConnectorErrorInit['system'];
  readonly vendorMessage?: string;
  readonly status?: number;
  readonly retry: boolean;
  readonly retryAfterMs?: number;
  readonly correlationId?: string;
  readonly outcomeUnknown: boolean;

  constructor(init: ConnectorErrorInit) {
    super(init.message, { cause: init.cause });
    this.name = 'ConnectorError';
    this.kind = init.kind;
    this.system = init.system;
    this.vendorMessage = init.vendorMessage;
    this.status = init.status;
    this.retry = init.retry;
    this.retryAfterMs = init.retryAfterMs;
    this.correlationId = init.correlationId;
    this.outcomeUnknown = init.outcomeUnknown ?? false;
  }

  /** What the user reads in the Failure Log: the vendor's words first, ours when it sent none. */
  get displayMessage(): string {
    return this.vendorMessage ?? this.message;
  }
}

export const isConnectorError = (e: unknown): e is ConnectorError => e instanceof ConnectorError;

/**
 * Stored secrets (the Autotask API user is one) must not reach an answer, a log line or a Failure-log row
 * through an error text: ours may name what was called (a URL with `?user=`), and a vendor may echo what
 * it was sent. Values shorter than 4 characters are left alone (they would blank ordinary words).
 */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (!s || s.length < 4) continue;
    for (const form of new Set([s, encodeURIComponent(s)])) out = out.split(form).join('[hidden]');
  }
  return out;
}

/** The same error with every stored secret hidden in our message and in the vendor's. */
export function redactConnectorError(err: ConnectorError, secrets: readonly string[]): ConnectorError {
  const message = redactText(err.message, secrets);
  const vendorMessage = err.vendorMessage === undefined ? undefined : redactText(err.vendorMessage, secrets);
  if (message === err.message && vendorMessage === err.vendorMessage) return err;
  return new ConnectorError({
    kind: err.kind, system: err.system, message, vendorMessage, status: err.status, retry: err.retry,
    retryAfterMs: err.retryAfterMs, correlationId: err.correlationId, outcomeUnknown: err.outcomeUnknown,
  });
}
