/** One HTTP error type; `onError` in app.ts renders every one as { error: { code, message, requestId } }. */
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export type ErrorCode =
  | 'bad_request'
  | 'validation_failed'
  | 'payload_too_large'
  | 'unauthenticated'
  | 'forbidden'
  | 'csrf_failed'
  | 'cross_site'
  | 'unsupported_media_type'
  | 'password_change_required'
  | 'not_found'
  | 'conflict'
  | 'too_many_requests'
  | 'upstream_failed'
  | 'internal';

export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
    /** Extra fields of the error body (e.g. retryAt), beside code, message and requestId. */
    readonly details: Record<string, string | number | null> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} not found`);
export const badRequest = (message: string) => new HttpError(400, 'bad_request', message);
