/**
 * Records every HTTP exchange with the sandbox and checks it against the vendor spec subset
 * (../shared/specs/connectwise/manage-subset.openapi.json, resolved from the repo root): the request's
 * path, query parameters and JSON body, and the response body for its status. Schemas are "closed"
 * (additionalProperties: false) so a misspelt field fails. Paths the spec does not describe
 * (/login/companyinfo, /_control) are skipped, and the reason is printed once.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { Hono } from 'hono';
import { sharedSpec } from '../../shared-specs.js';

export const SPEC_PATH = sharedSpec('connectwise/manage-subset.openapi.json');

export interface Exchange {
  method: string;
  url: string;
  requestBody?: string;
  status: number;
  responseBody: string;
  contentType: string | null;
  /** The Accept the client sent (which API version it asked for). */
  accept?: string | null;
}

/** An outer app that mounts `inner` under `prefix` and records every exchange. */
export function recorded(inner: Hono, prefix: string): { app: Hono; log: Exchange[] } {
  const log: Exchange[] = [];
  const app = new Hono();
  app.use('*', async (c, next) => {
    const hasBody = c.req.method !== 'GET' && c.req.method !== 'HEAD';
    const requestBody = hasBody ? await c.req.raw.clone().text() : undefined;
    await next();
    const responseBody = c.res.status === 204 ? '' : await c.res.clone().text();
    log.push({ method: c.req.method, url: c.req.url, requestBody, status: c.res.status, responseBody, contentType: c.res.headers.get('content-type'), accept: c.req.header('accept') ?? null });
  });
  app.route(prefix, inner);
  return { app, log };
}

type Json = Record<string, unknown>;
interface Operation {
  parameters?: { name: string; in: string; schema?: Json }[];
  requestBody?: { content: Record<string, { schema: Json }> };
  responses: Record<string, { content?: Record<string, { schema: Json }> }>;
}

function close(node: unknown, partial = false): unknown {
  if (Array.isArray(node)) return node.map((n) => close(n, partial));
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) out[k] = k === 'required' && partial && Array.isArray(v) ? [] : close(v, partial);
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

export class SpecChecker {
  readonly available: boolean;
  readonly reason: string = '';
  private ajv = new Ajv({ strict: false, allErrors: true });
  private ops: { method: string; re: RegExp; params: number; op: Operation }[] = [];
  private cache = new Map<string, ValidateFunction>();
  readonly skipped = new Set<string>();

  constructor(path = SPEC_PATH) {
    this.available = existsSync(path);
    if (!this.available) {
      this.reason = `spec not found at ${path}`;
      return;
    }
    const spec = JSON.parse(readFileSync(path, 'utf8')) as { paths: Record<string, Record<string, Operation>>; components: Json };
    addFormats(this.ajv);
    const components = close(spec.components) as { schemas: Record<string, Json> };
    // The generator typed PatchOperation.value as `object` (Go interface{}); ConnectWise takes scalars
    // (`{"op":"replace","path":"quantity","value":27}`, ConnectWiseManageAPI Invoke-CWMUpdateMaster.ps1).
    const patch = components.schemas.PatchOperation as { properties: Json };
    patch.properties.value = {};
    this.ajv.addSchema({ $id: 'cw', components }, 'cw');
    // With `fields=` ConnectWise returns only the fields asked for, so `required` cannot hold there.
    const partial = close(spec.components, true) as { schemas: Record<string, Json> };
    (partial.schemas.PatchOperation as { properties: Json }).properties.value = {};
    this.ajv.addSchema({ $id: 'cwp', components: partial }, 'cwp');
    for (const [template, methods] of Object.entries(spec.paths)) {
      const re = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      for (const [method, op] of Object.entries(methods)) this.ops.push({ method: method.toUpperCase(), re, params: (template.match(/\{/g) ?? []).length, op });
    }
    this.ops.sort((a, b) => a.params - b.params);
  }

  private validator(schema: Json, partial: boolean): ValidateFunction {
    const key = `${partial}:${JSON.stringify(schema)}`;
    let v = this.cache.get(key);
    if (!v) {
      const rewritten = JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, partial ? '"cwp#/components/' : '"cw#/components/')) as Json;
      v = this.ajv.compile(close(rewritten, partial) as Json);
      this.cache.set(key, v);
    }
    return v;
  }

  private check(schema: Json, data: unknown, where: string, problems: string[], partial = false) {
    const v = this.validator(schema, partial);
    if (!v(data)) problems.push(`${where}: ${this.ajv.errorsText(v.errors, { separator: '; ' })}`);
  }

  /** Problems found in the exchanges; empty when all conform. */
  problems(log: Exchange[]): string[] {
    const out: string[] = [];
    for (const x of log) {
      const url = new URL(x.url);
      const i = url.pathname.indexOf('/apis/3.0');
      if (i < 0) {
        this.skipped.add(url.pathname.replace(/\/login\/companyinfo\/.*/, '/login/companyinfo/{company}').replace(/.*\/_control\/.*/, '/_control/...'));
        continue;
      }
      const apiPath = url.pathname.slice(i + '/apis/3.0'.length);
      const where = `${x.method} ${apiPath}`;
      const found = this.ops.find((o) => o.method === x.method && o.re.test(apiPath));
      if (!found) {
        out.push(`${where}: not an operation of the spec`);
        continue;
      }
      const declared = new Set((found.op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name));
      for (const [name, value] of url.searchParams) {
        if (!declared.has(name)) out.push(`${where}: query parameter "${name}" is not in the spec`);
        const schema = found.op.parameters?.find((p) => p.name === name)?.schema;
        if (schema?.type === 'integer' && !/^-?\d+$/.test(value)) out.push(`${where}: ${name}=${value} is not an integer`);
      }
      if (x.requestBody !== undefined && found.op.requestBody) {
        const schema = Object.values(found.op.requestBody.content)[0]!.schema;
        try {
          this.check(schema, JSON.parse(x.requestBody), `${where} request`, out);
        } catch {
          out.push(`${where} request: body is not JSON`);
        }
      }
      if (x.status === 204 || x.status === 504) continue;
      let body: unknown;
      try {
        body = JSON.parse(x.responseBody);
      } catch {
        // Gateway answers: plain-text routing errors and the malformed-body fault are not API bodies.
        if (!(x.status === 400 && x.responseBody.startsWith('Cannot route'))) this.skipped.add(`${where} ${x.status} non-JSON body (injected fault)`);
        continue;
      }
      if (x.status >= 200 && x.status < 300) {
        const res = found.op.responses[String(x.status)];
        if (!res) out.push(`${where}: status ${x.status} not in the spec (${Object.keys(found.op.responses).join(', ')})`);
        else if (res.content) this.check(Object.values(res.content)[0]!.schema, body, `${where} ${x.status} response`, out, url.searchParams.has('fields'));
      } else {
        this.check({ $ref: '#/components/schemas/ErrorResponseMessage' }, body, `${where} ${x.status} error`, out);
      }
    }
    return out;
  }
}
