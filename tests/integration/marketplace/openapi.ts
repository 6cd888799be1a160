/**
 * Checks HTTP exchanges with the Marketplace sandbox against the vendor's OpenAPI v1.6 file
 * (../shared/specs/marketplace/ingram-cloud-marketplace-api-v1.6.cmp.json, resolved from the repo root):
 * the request (declared query parameters only, typed; required headers; request body schema) and the
 * 2xx response body (the `default` response schema; the spec declares no other) plus X-Correlation-ID.
 * OpenAPI 3.0 keywords ajv does not know (example, readOnly, nullable...) are ignored (strict: false).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { Hono } from 'hono';
import { sharedSpec } from '../../shared-specs.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const SPEC_PATH = sharedSpec('marketplace/ingram-cloud-marketplace-api-v1.6.cmp.json');
export const specAbsent = !fs.existsSync(SPEC_PATH);
if (specAbsent) console.log(`Skipping Marketplace OpenAPI checks: ${SPEC_PATH} is absent (shared specs not beside the repo).`);

export interface Exchange {
  method: string;
  /** Path relative to the API base. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  status: number;
  responseHeaders: Record<string, string>;
  responseBody: unknown;
}

/** Wraps a sandbox app so every exchange is recorded (the test's own middleware; nothing is stubbed). */
export function recording(app: Hono<never>): { app: Hono; exchanges: Exchange[] } {
  const exchanges: Exchange[] = [];
  const outer = new Hono();
  outer.use('*', async (c, next) => {
    const raw = await c.req.raw.clone().text();
    await next();
    const text = await c.res.clone().text();
    exchanges.push({
      method: c.req.method,
      path: c.req.path,
      query: c.req.query(),
      headers: Object.fromEntries(c.req.raw.headers),
      body: raw ? safeJson(raw) : undefined,
      status: c.res.status,
      responseHeaders: Object.fromEntries(c.res.headers),
      responseBody: safeJson(text),
    });
  });
  outer.route('/', app as never);
  return { app: outer, exchanges };
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

interface Operation {
  parameters?: { name: string; in: string; required?: boolean; schema?: Record<string, unknown> }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

export async function loadSpec() {
  const api = (await SwaggerParser.dereference(SPEC_PATH)) as unknown as { paths: Record<string, Record<string, Operation>> };
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const cache = new Map<unknown, ValidateFunction>();
  const validator = (schema: unknown) => {
    let v = cache.get(schema);
    if (!v) cache.set(schema, (v = ajv.compile(schema as object)));
    return v;
  };
  const templates = Object.keys(api.paths).map((t) => ({ t, re: new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`) }));
  const find = (method: string, p: string) => {
    const hit = templates.find((x) => x.re.test(p));
    return hit ? { template: hit.t, op: api.paths[hit.t]![method.toLowerCase()] } : null;
  };

  function check(ex: Exchange): string[] {
    const where = `${ex.method} ${ex.path}`;
    const found = find(ex.method, ex.path);
    if (!found?.op) return [`${where}: no such operation in the spec`];
    const problems: string[] = [];
    const params = found.op.parameters ?? [];
    for (const p of params.filter((x) => x.in === 'header' && x.required)) {
      if (!ex.headers[p.name.toLowerCase()]) problems.push(`${where}: required header ${p.name} missing`);
    }
    for (const [name, value] of Object.entries(ex.query)) {
      const p = params.find((x) => x.in === 'query' && x.name === name);
      if (!p) {
        problems.push(`${where}: query parameter "${name}" is not in the spec`);
        continue;
      }
      const typed = p.schema?.type === 'integer' || p.schema?.type === 'number' ? Number(value) : value;
      const v = validator(p.schema ?? {});
      if (!v(typed)) problems.push(`${where}: query ${name}=${value}: ${ajvText(v)}`);
    }
    const bodySchema = found.op.requestBody?.content?.['application/json']?.schema;
    if (ex.body !== undefined && bodySchema) {
      const v = validator(bodySchema);
      if (!v(ex.body)) problems.push(`${where}: request body: ${ajvText(v)}`);
    }
    if (ex.status >= 200 && ex.status < 300) {
      const schema = found.op.responses?.default?.content?.['application/json']?.schema;
      if (schema) {
        const v = validator(schema);
        if (!v(ex.responseBody)) problems.push(`${where}: response body: ${ajvText(v)}`);
      }
    }
    if (!ex.responseHeaders['x-correlation-id']) problems.push(`${where}: response lacks X-Correlation-ID`);
    return problems;
  }
  return { check, operation: find };
}

function ajvText(v: ValidateFunction): string {
  return (v.errors ?? []).slice(0, 3).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
}
