/**
 * Request bodies and queries are parsed with zod; strict objects reject unknown fields. Every failure is
 * a 4xx naming the field, before anything is written.
 */
import { z } from 'zod';
import type { AppContext } from './context.js';
import { HttpError } from './errors.js';

export function describeZodError(err: z.ZodError): string {
  return err.issues
    .slice(0, 5)
    .map((i) => {
      const where = i.path.length ? i.path.join('.') : 'body';
      if (i.code === 'unrecognized_keys') return `unknown field(s) ${i.keys.map((k) => `"${k}"`).join(', ')}${i.path.length ? ` in ${where}` : ''}`;
      return `${where}: ${i.message}`;
    })
    .join('; ');
}

/**
 * The media type of a Content-Type header, parameters dropped: `application/json; charset=utf-8` is
 * `application/json`; `text/plain; application/json` (which a browser sends cross-site without a
 * preflight) is `text/plain`.
 */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

export async function readJson<T extends z.ZodType>(c: AppContext, schema: T): Promise<z.infer<T>> {
  const type = mediaType(c.req.header('content-type'));
  if (type !== 'application/json') {
    throw new HttpError(415, 'unsupported_media_type', `Send the body as JSON (Content-Type: application/json${type ? `, not ${type.slice(0, 100)}` : ''})`);
  }
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new HttpError(400, 'bad_request', 'The body is not valid JSON');
  }
  return parseWith(schema, raw);
}

export function readQuery<T extends z.ZodType>(c: AppContext, schema: T): z.infer<T> {
  return parseWith(schema, c.req.query());
}

export function parseWith<T extends z.ZodType>(schema: T, raw: unknown): z.infer<T> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new HttpError(422 as 400, 'validation_failed', describeZodError(parsed.error));
  return parsed.data;
}
