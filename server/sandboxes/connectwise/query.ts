/**
 * List endpoints of the sandbox: `conditions`, `orderBy`, `fields`, and both paging modes.
 * Navigable: `page` (1-based) + `pageSize` (default 25, at most 1000), `Link` with first/prev/next/last.
 * Forward-only (request header `pagination-type: forward-only`): `pageId` = "id greater than", rows by id,
 * `Link: <...pageId=LAST>; rel="next"` while rows remain (thelazyadministrator.com pagination write-up;
 * ConnectWiseManageAPI `Invoke-CWMAllResult.ps1`). Link URLs are built from the incoming URL, so they work
 * under a mount prefix and on any port.
 */
import type { Context } from 'hono';
import { CW_FACTS, linkHeader } from './vendor.js';
import { ConditionsError, lookup, matches, parseConditions, valueAt, type FieldTypes } from './conditions.js';
import { cwError } from './respond.js';

export interface ListRequest {
  conditions?: string;
  orderBy?: string;
  fields?: string;
  page?: string;
  pageSize?: string;
  pageId?: string;
  forwardOnly: boolean;
}

export const readList = (c: Context): ListRequest => ({
  conditions: c.req.query('conditions'),
  orderBy: c.req.query('orderBy'),
  fields: c.req.query('fields'),
  page: c.req.query('page'),
  pageSize: c.req.query('pageSize'),
  pageId: c.req.query('pageId'),
  forwardOnly: (c.req.header(CW_FACTS.forwardOnlyHeader) ?? '').toLowerCase() === CW_FACTS.forwardOnlyValue,
});

type Row = Record<string, unknown> & { id?: number };

/** Keep only the listed fields (`id,name,company/id`), nested paths rebuilt as objects. */
export function project(row: Row, fields: string | undefined): Row {
  if (!fields?.trim()) return row;
  const out: Row = {};
  for (const f of fields.split(',').map((s) => s.trim()).filter(Boolean)) {
    const v = valueAt(row, f);
    if (v === undefined) continue;
    const parts = f.split('/');
    let cur: Record<string, unknown> = out;
    for (const part of parts.slice(0, -1)) cur = (cur[part] ??= {}) as Record<string, unknown>;
    cur[parts[parts.length - 1]!] = structuredClone(v);
  }
  return out;
}

function sorter(orderBy: string | undefined, types: FieldTypes): (a: Row, b: Row) => number {
  const keys = (orderBy ?? 'id asc')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const [field, dir = 'asc'] = s.split(/\s+/);
      if (!lookup(types, field!)) throw new ConditionsError(`Unknown field '${field}' in orderBy.`);
      if (!/^(asc|desc)$/i.test(dir)) throw new ConditionsError(`Invalid sort direction '${dir}' in orderBy.`);
      return { field: field!, desc: dir.toLowerCase() === 'desc' };
    });
  return (a, b) => {
    for (const k of keys) {
      const x = valueAt(a, k.field);
      const y = valueAt(b, k.field);
      if (x === y) continue;
      if (x == null) return k.desc ? 1 : -1;
      if (y == null) return k.desc ? -1 : 1;
      const r = typeof x === 'string' && typeof y === 'string' ? x.localeCompare(y) : x < y ? -1 : 1;
      return k.desc ? -r : r;
    }
    return (a.id ?? 0) - (b.id ?? 0);
  };
}

const int = (v: string | undefined, name: string): number | undefined => {
  if (v === undefined || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) throw new ConditionsError(`The value '${v}' is not valid for ${name}.`);
  return Number(v);
};

/** Filter, sort and page `rows`; answers 400 in ConnectWise's error shape for a bad query. */
export function listResponse(c: Context, rows: Row[], types: FieldTypes): Response {
  const q = readList(c);
  try {
    const tree = parseConditions(q.conditions ?? '', types);
    const size = Math.min(Math.max(int(q.pageSize, 'pageSize') ?? CW_FACTS.defaultPageSize, 1), CW_FACTS.maxPageSize);
    const url = new URL(c.req.url);
    let filtered = rows.filter((r) => matches(tree, r));
    let slice: Row[];
    const links: Record<string, string> = {};
    const at = (params: Record<string, string | null>) => {
      const u = new URL(url);
      for (const [k, v] of Object.entries(params)) if (v === null) u.searchParams.delete(k);
      else u.searchParams.set(k, v);
      return u.toString();
    };
    if (q.forwardOnly) {
      if (q.orderBy) throw new ConditionsError("orderBy is not supported with 'forward-only' pagination.");
      const after = int(q.pageId, 'pageId') ?? 0;
      filtered = filtered.filter((r) => (r.id ?? 0) > after).sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
      slice = filtered.slice(0, size);
      if (filtered.length > size) links.next = at({ pageId: String(slice[slice.length - 1]!.id), pageSize: String(size), page: null });
    } else {
      filtered.sort(sorter(q.orderBy, types));
      const page = Math.max(int(q.page, 'page') ?? 1, 1);
      const last = Math.max(1, Math.ceil(filtered.length / size));
      slice = filtered.slice((page - 1) * size, page * size);
      if (page > 1) {
        links.first = at({ page: '1', pageSize: String(size) });
        links.prev = at({ page: String(Math.min(page - 1, last)), pageSize: String(size) });
      }
      if (page < last) {
        links.next = at({ page: String(page + 1), pageSize: String(size) });
        links.last = at({ page: String(last), pageSize: String(size) });
      }
    }
    const link = linkHeader(links);
    if (link) c.header('Link', link);
    return c.json(slice.map((r) => project(r, q.fields)));
  } catch (e) {
    if (e instanceof ConditionsError) return cwError(c, 400, 'InvalidObject', e.message);
    throw e;
  }
}

export function countResponse(c: Context, rows: Row[], types: FieldTypes): Response {
  try {
    const tree = parseConditions(c.req.query('conditions') ?? '', types);
    return c.json({ count: rows.filter((r) => matches(tree, r)).length });
  } catch (e) {
    if (e instanceof ConditionsError) return cwError(c, 400, 'InvalidObject', e.message);
    throw e;
  }
}
