/**
 * Building Autotask REST query bodies (QueryModel): `{ filter, includeFields, maxRecords }`.
 * Docs: https://www.autotask.net/help/DeveloperHelp/Content/APIs/REST/API_Calls/REST_Basic_Query_Calls.htm
 * Pure: no I/O, unit-tested.
 */
import { AUTOTASK } from './facts.js';

export type FilterOp =
  | 'eq' | 'noteq' | 'gt' | 'gte' | 'lt' | 'lte' | 'beginsWith' | 'endsWith' | 'contains'
  | 'exist' | 'notExist' | 'in' | 'notIn' | 'and' | 'or';

export interface Filter {
  op: FilterOp;
  field?: string;
  value?: unknown;
  udf?: boolean;
  items?: Filter[];
}

export interface QueryBody {
  filter: Filter[];
  includeFields?: string[];
  maxRecords?: number;
}

export const eq = (field: string, value: unknown): Filter => ({ op: 'eq', field, value });
export const lte = (field: string, value: unknown): Filter => ({ op: 'lte', field, value });
export const gte = (field: string, value: unknown): Filter => ({ op: 'gte', field, value });
/** Autotask rejects a query without a filter; `id >= 0` is the usual "everything". */
export const all = (): Filter => ({ op: 'gte', field: 'id', value: 0 });

/** One `in` filter per chunk of at most 500 values: each value counts as one OR condition. */
export function inChunks(field: string, values: readonly (string | number)[], size: number = AUTOTASK.maxOrConditions): Filter[] {
  const unique = [...new Set(values.map((v) => Number(v)))].filter((v) => Number.isFinite(v));
  const out: Filter[] = [];
  for (let i = 0; i < unique.length; i += size) out.push({ op: 'in', field, value: unique.slice(i, i + size) });
  return out;
}

export function queryBody(filter: Filter[], includeFields?: readonly string[]): QueryBody {
  if (filter.length === 0) throw new Error('An Autotask query needs at least one filter');
  const body: QueryBody = { filter, maxRecords: AUTOTASK.pageSize };
  // Paging over more than 500 rows needs `id` among the included fields (REST_Advanced_Query_Features.htm).
  if (includeFields?.length) body.includeFields = [...new Set(['id', ...includeFields])];
  return body;
}
