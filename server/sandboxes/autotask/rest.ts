/**
 * Autotask REST v1.0 as the sandbox speaks it: the paths of the Swagger (`/V1.0/<Entity>/query`, `/query/next`,
 * `/query/count`, `/{id}`, `ContractServiceAdjustments`, `Contracts/{parentId}/ServiceAdjustments`,
 * `ThresholdInformation`, `zoneInformation`), camelCase bodies, `{"errors":[...]}` errors.
 * Paths are matched case-insensitively, as Autotask's IIS does (apigrate asks for `v1.0/zoneInformation`).
 */
import type { Context } from 'hono';
import { applyAdjustment, createContractService, extendContract } from './rules.js';
import { countQuery, normalizeQuery, QueryError, runQuery, type FilterNode } from './query.js';
import { unitsRowJson, type SandboxState } from './state.js';

type Row = Record<string, unknown>;
export type Json = (body: unknown, status?: number, headers?: Record<string, string>) => Response;

/**
 * Entity path name (lower case) -> rows as the API returns them. `raw` is the query about to run on them: its
 * top-level `eq` on contractServiceID or contractID (the items of a query's filter are ANDed) lets the units
 * table, the one that is priced per row, render only the rows that can match. The query still runs in full
 * on what is returned, so answers are the same; a provider's 100k units rows are no longer all rendered for
 * every read of one service.
 */
export function entityRows(state: SandboxState, entity: string, raw?: unknown): Row[] | null {
  switch (entity) {
    case 'companies': return state.companies as unknown as Row[];
    case 'contracts': return state.contracts as unknown as Row[];
    case 'services': return state.services as unknown as Row[];
    case 'contractservices': return state.contractServices as unknown as Row[];
    case 'contractserviceunits': {
      const units = narrowUnits(state.units, raw);
      // Only the services of these rows (the last of an id wins, as a Map of all of them did).
      const wanted = new Set(units.map((r) => r.contractServiceID));
      const byId = new Map<number, SandboxState['contractServices'][number]>();
      for (const cs of state.contractServices) if (wanted.has(cs.id)) byId.set(cs.id, cs);
      return units.map((r) => unitsRowJson(state, r, byId));
    }
    default: return null;
  }
}

const ENTITIES = new Set(['companies', 'contracts', 'services', 'contractservices', 'contractserviceunits']);
const ID_FIELDS: Record<string, 'contractServiceID' | 'contractID'> = { contractserviceid: 'contractServiceID', contractid: 'contractID' };

function narrowUnits(units: SandboxState['units'], raw: unknown): SandboxState['units'] {
  let filter: FilterNode[];
  try {
    filter = raw === undefined ? [] : normalizeQuery(raw).filter;
  } catch {
    return units; // the query itself answers the error
  }
  let out = units;
  for (const f of filter) {
    const key = typeof f?.field === 'string' ? ID_FIELDS[f.field.toLowerCase()] : undefined;
    if (!key || String(f.op ?? '').toLowerCase() !== 'eq' || f.value === null || f.value === undefined) continue;
    // query.ts compares a number field numerically (Number(value)); NaN matches nothing there too.
    const want = Number(f.value);
    out = out.filter((r) => r[key] === want);
  }
  return out;
}

export const errors = (json: Json, status: number, ...messages: string[]) => json({ errors: messages }, status);

export interface RestCtx {
  c: Context;
  json: Json;
  state: SandboxState;
  /** `https://host/prefix/zone-1/ATServicesRest/`, the base the next-page links are built on. */
  zoneBase: string;
  now: Date;
}

/** Handles `V1.0/...` below the zone base: `segs` is the path after `V1.0/` in lower case, `original` as sent. */
export async function handleV1(x: RestCtx, segs: string[], original: string[]): Promise<Response> {
  const { c, json, state } = x;
  const method = c.req.method;
  const [entity, a, b] = segs;
  if (entity === 'contractserviceadjustments' && segs.length === 1 && method === 'POST') return adjust(x, undefined);
  if (entity === 'contracts' && b === 'serviceadjustments' && method === 'POST') return adjust(x, Number(a));
  if (entity === 'contracts' && segs.length === 1 && method === 'PATCH') return patchContract(x);
  if (entity === 'contracts' && b === 'services' && segs.length === 3 && method === 'POST') return addService(x, Number(a));
  if (!entity || !ENTITIES.has(entity)) {
    return json({ Message: `The requested resource does not support http method '${method}'.` }, entity === 'contractserviceadjustments' ? 405 : 404);
  }
  const rowsFor = (raw?: unknown) => entityRows(state, entity, raw)!;
  try {
    if (a === 'query') {
      if (b === 'count') {
        const raw = await body(x);
        return json({ queryCount: countQuery(rowsFor(raw), normalizeQuery(raw)) });
      }
      if (b === 'next' && method === 'GET') {
        const paging = JSON.parse(c.req.query('paging') ?? '{}') as { nextIds?: number[] };
        const raw: unknown = JSON.parse(c.req.query('search') ?? '{}');
        return page(x, original[0]!, rowsFor(raw), raw, Number(paging.nextIds?.[0] ?? 0));
      }
      if (b === undefined && method === 'POST') {
        const raw: unknown = await c.req.json();
        return page(x, original[0]!, rowsFor(raw), raw, 0);
      }
      if (b === undefined && method === 'GET') {
        const raw: unknown = JSON.parse(c.req.query('search') ?? '{}');
        return page(x, original[0]!, rowsFor(raw), raw, 0);
      }
    }
    if (a && /^\d+$/.test(a) && segs.length === 2 && method === 'GET') {
      const item = rowsFor().find((r) => r.id === Number(a));
      return item ? json({ item }) : errors(json, 404, `${original[0]} with id ${a} was not found.`);
    }
  } catch (err) {
    if (err instanceof QueryError || err instanceof SyntaxError) return errors(json, 500, err.message);
    throw err;
  }
  return json({ Message: `The requested resource does not support http method '${method}'.` }, 405);
}

async function body(x: RestCtx): Promise<unknown> {
  if (x.c.req.method === 'GET') return JSON.parse(x.c.req.query('search') ?? '{}');
  return x.c.req.json();
}

function page(x: RestCtx, entityName: string, rows: Row[], raw: unknown, afterId: number): Response {
  const q = normalizeQuery(raw);
  const result = runQuery(rows, q, afterId);
  let nextPageUrl: string | null = null;
  if (result.more && result.lastId !== null) {
    const paging = { pageSize: q.maxRecords, previousIds: [afterId], nextIds: [result.lastId] };
    nextPageUrl = `${x.zoneBase}V1.0/${entityName}/query/next?paging=${encodeURIComponent(JSON.stringify(paging))}&search=${encodeURIComponent(JSON.stringify(raw))}`;
  }
  return x.json({
    items: result.items,
    pageDetails: { count: result.items.length, requestCount: q.maxRecords, prevPageUrl: null, nextPageUrl },
  });
}

// https://www.autotask.net/help/DeveloperHelp/Content/APIs/REST/Entities/ContractServiceAdjustmentsEntity.htm
async function adjust(x: RestCtx, parentId: number | undefined): Promise<Response> {
  let input: Row;
  try {
    input = (await x.c.req.json()) as Row;
  } catch {
    return errors(x.json, 500, 'The request body is not valid JSON.');
  }
  const lower = Object.fromEntries(Object.entries(input ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const result = applyAdjustment(x.state, {
    contractID: parentId ?? lower.contractid, contractServiceID: lower.contractserviceid, serviceID: lower.serviceid,
    effectiveDate: lower.effectivedate, unitChange: lower.unitchange,
  }, 'rest', x.now);
  return result.ok ? x.json({ itemId: result.id }) : errors(x.json, 500, result.message);
}

// https://www.autotask.net/help/DeveloperHelp/Content/APIs/REST/Entities/ContractServicesEntity.htm
async function addService(x: RestCtx, parentId: number): Promise<Response> {
  let input: Row;
  try {
    input = (await x.c.req.json()) as Row;
  } catch {
    return errors(x.json, 500, 'The request body is not valid JSON.');
  }
  const lower = Object.fromEntries(Object.entries(input ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const result = createContractService(x.state, {
    contractID: parentId, serviceID: lower.serviceid, unitPrice: lower.unitprice, unitCost: lower.unitcost,
    internalDescription: lower.internaldescription, invoiceDescription: lower.invoicedescription,
  });
  return result.ok ? x.json({ itemId: result.id }) : errors(x.json, 500, result.message);
}

/** PATCH /V1.0/Contracts {id, endDate}: practitioners extend a contract so later adjustments fit its window. */
async function patchContract(x: RestCtx): Promise<Response> {
  const input = (await x.c.req.json()) as Row;
  const lower = Object.fromEntries(Object.entries(input ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const contract = x.state.contracts.find((c) => c.id === Number(lower.id));
  if (!contract) return errors(x.json, 500, `Contract with id ${String(lower.id)} does not exist.`);
  if (typeof lower.enddate === 'string' && lower.enddate.slice(0, 10) > contract.endDate.slice(0, 10)) {
    extendContract(x.state, contract.id, lower.enddate.slice(0, 10));
  }
  if (typeof lower.contractname === 'string') contract.contractName = lower.contractname;
  return x.json({ itemId: contract.id });
}

