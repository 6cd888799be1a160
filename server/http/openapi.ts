/**
 * The API described as OpenAPI 3.1, generated from the same zod schemas the routes validate with
 * (z.toJSONSchema, input side: what a caller sends). Each operation names its schemas once in the route
 * catalogue (server/routes/openapi.ts); a test walks the app's registered /api routes, so a route without
 * an entry fails it.
 */
import { z } from 'zod';

export type Access = 'public' | 'user' | 'admin';

export interface ApiOperation {
  method: 'get' | 'post' | 'put' | 'delete';
  /** Hono style, e.g. /api/mapping/companies/:odinAccountId */
  path: string;
  tag: string;
  summary: string;
  access: Access;
  query?: z.ZodType;
  /** Extra query parameters a hand-written parser reads (the reports' `filter.<key>`), described as data. */
  queryParameters?: { name: string; description: string; schema: Record<string, unknown> }[];
  body?: z.ZodType;
  bodyRequired?: boolean;
  /** Success status and what comes back. */
  response: { status: 200 | 201 | 202 | 204; description: string; contentType?: string };
  /** Statuses this operation answers besides the common ones, with why. */
  errors?: Partial<Record<400 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 502 | 503, string>>;
}

const jsonSchema = (schema: z.ZodType) => {
  const { $schema: _s, ...rest } = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

const errorRef = { $ref: '#/components/responses/Error' };

function parametersOf(op: ApiOperation): Record<string, unknown>[] {
  const params: Record<string, unknown>[] = [...op.path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  if (op.query) {
    const s = jsonSchema(op.query) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
    for (const [name, schema] of Object.entries(s.properties ?? {})) {
      params.push({ name, in: 'query', required: (s.required ?? []).includes(name) && !('default' in schema), schema });
    }
  }
  for (const p of op.queryParameters ?? []) params.push({ name: p.name, in: 'query', required: false, description: p.description, schema: p.schema });
  if (op.access !== 'public' && op.method !== 'get') {
    params.push({ name: 'X-CSRF-Token', in: 'header', required: true, description: 'The csrfToken from POST /api/auth/login or GET /api/me', schema: { type: 'string' } });
  }
  return params;
}

function operationOf(op: ApiOperation): Record<string, unknown> {
  const responses: Record<string, unknown> = {
    [op.response.status]: op.response.status === 204
      ? { description: op.response.description }
      : { description: op.response.description, content: { [op.response.contentType ?? 'application/json']: { schema: {} } } },
  };
  if (op.query || op.body) responses['422'] = { description: 'A field is wrong; the message names it. Nothing was written.', content: errorContent };
  if (op.access !== 'public') responses['401'] = { description: 'No valid session', content: errorContent };
  if (op.access === 'admin') responses['403'] = { description: 'A viewer, or a missing/wrong X-CSRF-Token', content: errorContent };
  for (const [status, why] of Object.entries(op.errors ?? {})) responses[status] = { description: why, content: errorContent };
  responses.default = errorRef;
  const out: Record<string, unknown> = {
    operationId: `${op.method}${op.path.replace(/^\/api/, '').replace(/[/:.](\w)/g, (_m, ch: string) => ch.toUpperCase()).replace(/\W/g, '')}`,
    tags: [op.tag],
    summary: op.summary,
    security: op.access === 'public' ? [] : [{ session: [] }],
    parameters: parametersOf(op),
    responses,
  };
  if (op.body) out.requestBody = { required: op.bodyRequired ?? true, content: { 'application/json': { schema: jsonSchema(op.body) } } };
  return out;
}

const errorContent = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };

export const openApiPath = (honoPath: string) => honoPath.replace(/:(\w+)/g, '{$1}');

export function buildOpenApi(ops: readonly ApiOperation[], info: { title: string; version: string; description: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of ops) (paths[openApiPath(op.path)] ??= {})[op.method] = operationOf(op);
  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'sid', description: 'Set by POST /api/auth/login' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message', 'requestId'],
              properties: { code: { type: 'string' }, message: { type: 'string' }, requestId: { type: 'string' } },
            },
          },
        },
      },
      responses: { Error: { description: 'Any error: one body shape', content: errorContent } },
    },
  };
}
