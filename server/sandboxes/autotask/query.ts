/**
 * The REST query engine: Autotask's filter operators, `and`/`or` groups, `includeFields`, `maxRecords`
 * (at most 500) and id-ordered pages. Field names and string comparisons are case-insensitive, as on the
 * real API (SQL Server collation). Docs: REST_Basic_Query_Calls.htm, REST_Advanced_Query_Features.htm.
 */
type Row = Record<string, unknown>;

export interface QueryModel {
  filter?: unknown;
  includeFields?: unknown;
  maxRecords?: unknown;
}

export class QueryError extends Error {}

/** Accepts the PascalCase or camelCase property names of QueryModel. */
export function normalizeQuery(raw: unknown): { filter: FilterNode[]; includeFields: string[] | null; maxRecords: number } {
  if (!raw || typeof raw !== 'object') throw new QueryError('The query body must be a JSON object.');
  const get = (name: string) => Object.entries(raw).find(([k]) => k.toLowerCase() === name)?.[1];
  const filter = get('filter') ?? [];
  if (!Array.isArray(filter)) throw new QueryError('filter must be an array.');
  const include = get('includefields');
  const max = Number(get('maxrecords') ?? 500);
  return {
    filter: filter as FilterNode[],
    includeFields: Array.isArray(include) && include.length ? include.map(String) : null,
    maxRecords: Number.isFinite(max) && max > 0 ? Math.min(500, Math.floor(max)) : 500,
  };
}

export interface FilterNode { op?: string; field?: string; value?: unknown; items?: FilterNode[]; udf?: boolean }

const field = (row: Row, name: string): unknown => {
  const key = name.toLowerCase();
  for (const k of Object.keys(row)) if (k.toLowerCase() === key) return row[k];
  return undefined;
};

const DATE = /^\d{4}-\d{2}-\d{2}/;
function compare(a: unknown, b: unknown): number | null {
  if (a === null || a === undefined || b === null || b === undefined) return null;
  if (typeof a === 'number' || typeof b === 'number') {
    const x = Number(a), y = Number(b);
    return Number.isNaN(x) || Number.isNaN(y) ? null : x - y;
  }
  if (typeof a === 'boolean' || typeof b === 'boolean') return String(a) === String(b) ? 0 : 1;
  const x = String(a), y = String(b);
  if (DATE.test(x) && DATE.test(y)) {
    const nx = (x + 'T00:00:00').slice(0, 19), ny = (y + 'T00:00:00').slice(0, 19);
    return nx < ny ? -1 : nx > ny ? 1 : 0;
  }
  return x.toLowerCase().localeCompare(y.toLowerCase());
}

export function matches(row: Row, f: FilterNode): boolean {
  const op = String(f.op ?? '').toLowerCase();
  if (op === 'and') return (f.items ?? []).every((i) => matches(row, i));
  if (op === 'or') return (f.items ?? []).some((i) => matches(row, i));
  if (!f.field) throw new QueryError(`Filter operator ${f.op} needs a field.`);
  const v = field(row, f.field);
  const c = () => compare(v, f.value);
  const s = () => String(v ?? '').toLowerCase();
  const t = () => String(f.value ?? '').toLowerCase();
  const list = () => (Array.isArray(f.value) ? f.value : [f.value]);
  switch (op) {
    case 'eq': return c() === 0;
    case 'noteq': return c() !== 0;
    case 'gt': return (c() ?? 0) > 0 && c() !== null;
    case 'gte': return c() !== null && c()! >= 0;
    case 'lt': return c() !== null && c()! < 0;
    case 'lte': return c() !== null && c()! <= 0;
    case 'beginswith': return v != null && s().startsWith(t());
    case 'endswith': return v != null && s().endsWith(t());
    case 'contains': return v != null && s().includes(t());
    case 'exist': return v !== null && v !== undefined && v !== '';
    case 'notexist': return v === null || v === undefined || v === '';
    case 'in': return list().some((x) => compare(v, x) === 0);
    case 'notin': return !list().some((x) => compare(v, x) === 0);
    default: throw new QueryError(`Unknown filter operator ${f.op}.`);
  }
}

export interface PageResult { items: Row[]; lastId: number | null; more: boolean }

/** One page of rows with id > afterId, id-ordered, projected onto includeFields (id always kept). */
export function runQuery(rows: readonly Row[], q: ReturnType<typeof normalizeQuery>, afterId: number): PageResult {
  const hits = rows.filter((r) => (r.id as number) > afterId && q.filter.every((f) => matches(r, f)));
  hits.sort((a, b) => (a.id as number) - (b.id as number));
  const page = hits.slice(0, q.maxRecords);
  const items = q.includeFields ? page.map((r) => project(r, q.includeFields!)) : page;
  return { items, lastId: page.length ? (page.at(-1)!.id as number) : null, more: hits.length > page.length };
}

function project(row: Row, fields: string[]): Row {
  const out: Row = { id: row.id };
  for (const f of fields) for (const k of Object.keys(row)) if (k.toLowerCase() === f.toLowerCase()) out[k] = row[k];
  return out;
}

export const countQuery = (rows: readonly Row[], q: ReturnType<typeof normalizeQuery>) => rows.filter((r) => q.filter.every((f) => matches(r, f))).length;
