/**
 * Validates REST exchanges with the Autotask sandbox against the saved Swagger 2.0 file
 * (../shared/specs/autotask/autotask-rest-v1.0-swagger.json, resolved from the repo root). Loaded and
 * dereferenced once per test file (3.8 MB; `dereference`, not `validate`: see its SOURCE.md).
 * Adaptations, each because the Swagger describes the .NET types rather than the JSON on the wire:
 *  - names compared case-insensitively (Swagger PascalCase, API camelCase);
 *  - every property may be null (Autotask sends null for empty fields);
 *  - `Filter.value` (ValueItem) and `Object` accept any JSON value (clients send scalars/arrays; itemId is a number);
 *  - a query's response is `{items: Model[], pageDetails}`, so the Model is checked per item.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Exchange } from '../../../server/sandboxes/autotask/index.js';
import { sharedSpec } from '../../shared-specs.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const SWAGGER_PATH = sharedSpec('autotask/autotask-rest-v1.0-swagger.json');
export const swaggerAbsent = !fs.existsSync(SWAGGER_PATH);
if (swaggerAbsent) console.log(`Skipping Swagger checks: ${SWAGGER_PATH} is absent (shared specs not beside the repo).`);

type Schema = Record<string, unknown>;

/** Lower-case property names, allow null, cut reference cycles (Filter.items -> Filter). */
function adapt(s: unknown, seen: Set<unknown> = new Set()): unknown {
  if (!s || typeof s !== 'object') return s;
  if (seen.has(s)) return {};
  seen.add(s);
  const src = s as Schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(src)) {
    if (k === 'properties') {
      out.properties = Object.fromEntries(Object.entries(v as Schema).map(([p, ps]) => [p.toLowerCase(), adapt(ps, seen)]));
    } else if (k === 'required') out.required = (v as string[]).map((r) => r.toLowerCase());
    else if (k === 'example' || k === 'description' || k === 'x-nullable') continue;
    else out[k] = Array.isArray(v) ? v.map((x) => adapt(x, seen)) : adapt(v, seen);
  }
  seen.delete(s);
  if (typeof out.type === 'string') out.type = [out.type, 'null'];
  return out;
}

const lowerKeys = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(lowerKeys) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k.toLowerCase(), lowerKeys(x)])) : v;

export interface SwaggerCheck {
  /** Problems found in the exchanges, as readable lines (empty when all conform). */
  check(exchanges: Exchange[]): string[];
  hasOperation(method: string, apiPath: string): boolean;
}

export async function loadSwagger(): Promise<SwaggerCheck> {
  const raw = JSON.parse(fs.readFileSync(SWAGGER_PATH, 'utf8')) as { definitions: Record<string, Schema> };
  raw.definitions.Object = {};
  (raw.definitions.Filter!.properties as Schema).value = {};
  const api = (await SwaggerParser.dereference(raw as never)) as unknown as { paths: Record<string, Record<string, unknown>>; definitions: Record<string, Schema> };
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/);
  const compiled = new Map<string, ValidateFunction>();
  const validator = (def: string) => {
    if (!compiled.has(def)) {
      const schema = adapt(api.definitions[def]) as Schema;
      compiled.set(def, ajv.compile({ ...schema, additionalProperties: false }));
    }
    return compiled.get(def)!;
  };
  const paths = new Map(Object.keys(api.paths).map((p) => [p.toLowerCase().replace(/\{[^}]+\}/g, '{}'), p]));
  const hasOperation = (method: string, apiPath: string) => {
    const key = apiPath.toLowerCase().replace(/\/\d+(?=\/|$)/g, '/{}');
    const p = paths.get(key);
    return !!p && method.toLowerCase() in api.paths[p]!;
  };
  const models: Record<string, string> = {
    companies: 'CompanyModel', contracts: 'ContractModel', services: 'ServiceModel', contractservices: 'ContractServiceModel',
    contractserviceunits: 'ContractServiceUnitModel', contractserviceadjustments: 'ContractServiceAdjustmentModel',
  };
  const problems = (def: string, value: unknown, where: string): string[] => {
    const v = validator(def);
    return v(lowerKeys(value)) ? [] : [`${where}: ${def} ${ajv.errorsText(v.errors)}`];
  };

  return {
    hasOperation,
    check(exchanges) {
      const out: string[] = [];
      for (const ex of exchanges) {
        const bare = ex.path.split('?')[0]!;
        const at = bare.toLowerCase().indexOf('/v1.0/');
        if (at < 0) continue;
        const apiPath = `/V1.0/${bare.slice(at + 6)}`;
        const m = /v1\.0\/([^/?]+)(?:\/([^/?]+))?(?:\/([^/?]+))?/i.exec(apiPath);
        if (!m) continue;
        const entity = m[1]!.toLowerCase();
        const where = `${ex.method} ${apiPath}`;
        const isNext = m[3]?.toLowerCase() === 'next';
        if (!isNext && !hasOperation(ex.method, apiPath)) out.push(`${where}: not an operation of the Swagger`);
        const req = ex.requestBody ? JSON.parse(ex.requestBody) : undefined;
        if (ex.status !== 200) {
          if (ex.responseBody) {
            const body = JSON.parse(ex.responseBody) as { errors?: unknown };
            if (!Array.isArray(body.errors) && ex.status !== 405) out.push(`${where}: error body without errors[] (${ex.responseBody.slice(0, 80)})`);
          }
          continue;
        }
        const res = JSON.parse(ex.responseBody) as Record<string, unknown>;
        if (m[2]?.toLowerCase() === 'query' && m[3] === undefined && ex.method === 'POST') out.push(...problems('QueryModel', req, `${where} request`));
        if (m[2]?.toLowerCase() === 'query' && m[3]?.toLowerCase() !== 'count' && models[entity]) {
          if (!Array.isArray(res.items)) out.push(`${where}: no items[]`);
          for (const item of (res.items as unknown[]) ?? []) out.push(...problems(models[entity]!, item, `${where} item`));
        }
        if (entity === 'zoneinformation') out.push(...problems('ZoneInformationResultModel', res, where));
        if (entity === 'thresholdinformation') out.push(...problems('ThresholdStatusResultModel', res, where));
        if (entity === 'contractserviceadjustments' || m[3]?.toLowerCase() === 'serviceadjustments') {
          out.push(...problems('ContractServiceAdjustmentModel', req, `${where} request`), ...problems('OperationResultModel', res, where));
        }
      }
      return out;
    },
  };
}
