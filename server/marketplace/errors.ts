/** Turning Marketplace responses and transport failures into `ConnectorError`s, correlation id kept. */
import { ConnectorError, type ConnectorErrorKind } from '../connector-error.js';

/**
 * The gateway's error body as real clients parse it: `{ timestamp, status, error, path, correlationId }`
 * (inserveit/ingram-marketplace-api-php, Models/ErrorResponse.php). Azure-style `{ statusCode, message }`
 * is read too, in case the gateway itself answers.
 */
export function vendorMessageOf(body: unknown): string | undefined {
  if (typeof body === 'string') {
    const text = body.trim();
    if (!text) return undefined;
    try {
      return vendorMessageOf(JSON.parse(text));
    } catch {
      return text.slice(0, 500);
    }
  }
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    for (const key of ['error', 'message', 'detail', 'title']) {
      const v = b[key];
      if (typeof v === 'string' && v.trim()) return v;
      if (v && typeof v === 'object' && typeof (v as { message?: unknown }).message === 'string') return (v as { message: string }).message;
    }
  }
  return undefined;
}

export function kindForStatus(status: number): ConnectorErrorKind {
  if (status === 401) return 'auth';
  if (status === 403) return 'permission';
  if (status === 404) return 'not_found';
  if (status === 429) return 'throttled';
  if (status >= 500) return 'server';
  return 'rule';
}

export function httpError(init: {
  method: string;
  path: string;
  status: number;
  body: unknown;
  correlationId?: string;
  retry: boolean;
  retryAfterMs?: number;
}): ConnectorError {
  const vendorMessage = vendorMessageOf(init.body);
  return new ConnectorError({
    kind: kindForStatus(init.status),
    system: 'marketplace',
    message: `Marketplace ${init.method} ${init.path} answered HTTP ${init.status}${vendorMessage ? `: ${vendorMessage}` : ''}`,
    vendorMessage,
    status: init.status,
    retry: init.retry,
    retryAfterMs: init.retryAfterMs,
    correlationId: init.correlationId,
  });
}

export function transportError(init: {
  method: string;
  path: string;
  failure: 'network' | 'timeout';
  detail: string;
  idempotent: boolean;
  cause?: unknown;
}): ConnectorError {
  return new ConnectorError({
    kind: init.failure,
    system: 'marketplace',
    message: `Marketplace ${init.method} ${init.path}: ${init.failure === 'timeout' ? 'no answer in time' : 'could not reach the host'} (${init.detail})`,
    retry: true,
    outcomeUnknown: !init.idempotent,
    cause: init.cause,
  });
}

export function malformedError(init: { method: string; path: string; detail: string; correlationId?: string; status?: number }): ConnectorError {
  return new ConnectorError({
    kind: 'malformed',
    system: 'marketplace',
    message: `Marketplace ${init.method} ${init.path} sent a response we cannot read: ${init.detail}`,
    status: init.status,
    retry: true,
    correlationId: init.correlationId,
  });
}
