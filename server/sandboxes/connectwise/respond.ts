/**
 * ConnectWise's error envelope (spec ErrorResponseMessage / ValidationError):
 * `{ "code", "message", "errors": [{ "code", "message", "resource", "field" }] }`.
 * The `code` values (Unauthorized, Forbidden, NotFound, InvalidObject, NullValue, InvalidField) follow
 * research 1 "Error body"; the exact message texts are ours where the research marks them unverified.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { CwValidationError } from './wire.js';

export function cwError(c: Context, status: ContentfulStatusCode, code: string, message: string, errors?: CwValidationError[]): Response {
  return c.json(errors && errors.length ? { code, message, errors } : { code, message }, status);
}

/** 400 `InvalidObject` with one entry per field problem. */
export function invalidObject(c: Context, resource: string, errors: CwValidationError[]): Response {
  return cwError(c, 400, 'InvalidObject', `${resource} object is invalid`, errors);
}

export const fieldError = (resource: string, field: string, code: 'NullValue' | 'InvalidField' | 'TooLong', message: string): CwValidationError => ({
  code,
  message,
  resource,
  field,
});

export const notFoundBody = (c: Context, what: string, id: string | number) => cwError(c, 404, 'NotFound', `${what} with id ${id} was not found.`);
