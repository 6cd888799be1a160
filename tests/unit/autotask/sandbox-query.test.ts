import { describe, expect, it } from 'vitest';
import { matches, normalizeQuery, QueryError, runQuery } from '../../../server/sandboxes/autotask/query.js';
import { parseXml } from '../../../server/sandboxes/autotask/xml.js';

const rows = [
  { id: 3, companyName: 'Transcorr', isActive: true, parentCompanyID: null, startDate: '2026-11-01T00:00:00' },
  { id: 1, companyName: 'Hall Brothers Transportation', isActive: true, parentCompanyID: 3, startDate: '2026-10-01T00:00:00' },
  { id: 2, companyName: 'Harbor View Medical Clinic', isActive: false, parentCompanyID: null, startDate: '2026-12-01T00:00:00' },
];
const ids = (filter: unknown[], extra: Record<string, unknown> = {}) => runQuery(rows, normalizeQuery({ filter, ...extra }), 0).items.map((r) => r.id);

describe('sandbox query engine', () => {
  it('compares case-insensitively, on field names and on strings', () => {
    expect(ids([{ op: 'eq', field: 'COMPANYNAME', value: 'transcorr' }])).toEqual([3]);
    expect(ids([{ op: 'beginsWith', field: 'companyName', value: 'ha' }])).toEqual([1, 2]);
    expect(ids([{ op: 'contains', field: 'companyName', value: 'VIEW' }])).toEqual([2]);
    expect(ids([{ op: 'endsWith', field: 'companyName', value: 'corr' }])).toEqual([3]);
  });

  it('compares dates given with or without a time', () => {
    expect(ids([{ op: 'lte', field: 'startDate', value: '2026-11-01' }])).toEqual([1, 3]);
    expect(ids([{ op: 'gt', field: 'startDate', value: '2026-11-01T00:00:00' }])).toEqual([2]);
  });

  it('knows exist/notExist, in/notIn, noteq and booleans', () => {
    expect(ids([{ op: 'exist', field: 'parentCompanyID' }])).toEqual([1]);
    expect(ids([{ op: 'notExist', field: 'parentCompanyID' }])).toEqual([2, 3]);
    expect(ids([{ op: 'in', field: 'id', value: [2, 3, 9] }])).toEqual([2, 3]);
    expect(ids([{ op: 'notIn', field: 'id', value: [2] }])).toEqual([1, 3]);
    expect(ids([{ op: 'noteq', field: 'isActive', value: true }])).toEqual([2]);
  });

  it('groups with and/or', () => {
    expect(ids([{ op: 'or', items: [{ op: 'eq', field: 'id', value: 1 }, { op: 'and', items: [{ op: 'eq', field: 'isActive', value: false }, { op: 'gte', field: 'id', value: 2 }] }] }])).toEqual([1, 2]);
  });

  it('orders by id, pages by maxRecords, projects includeFields with id kept', () => {
    const page = runQuery(rows, normalizeQuery({ Filter: [{ op: 'gte', field: 'id', value: 0 }], MaxRecords: 2, IncludeFields: ['companyName'] }), 0);
    expect(page).toEqual({ items: [{ id: 1, companyName: 'Hall Brothers Transportation' }, { id: 2, companyName: 'Harbor View Medical Clinic' }], lastId: 2, more: true });
    expect(runQuery(rows, normalizeQuery({ filter: [], maxRecords: 2 }), 2)).toMatchObject({ lastId: 3, more: false });
  });

  it('refuses unknown operators and bodies that are not queries', () => {
    expect(() => matches(rows[0]!, { op: 'like', field: 'id', value: 1 })).toThrow(QueryError);
    expect(() => normalizeQuery('x')).toThrow(QueryError);
    expect(() => normalizeQuery({ filter: {} })).toThrow(QueryError);
  });
});

describe('sandbox XML reader', () => {
  it('reads elements, attributes, entities and CDATA', () => {
    const doc = parseXml('<?xml version="1.0"?><s:Envelope xmlns:s="x"><b a="1 &amp; 2">x &lt; y<![CDATA[<raw>]]></b><c/></s:Envelope>');
    const env = doc.children[0]!;
    expect(env.local).toBe('Envelope');
    expect(env.children[0]).toMatchObject({ local: 'b', attrs: { a: '1 & 2' }, text: 'x < y<raw>' });
    expect(env.children[1]).toMatchObject({ local: 'c', children: [] });
  });

  it('refuses broken documents', () => {
    expect(() => parseXml('<a><b></a>')).toThrow(/closes/);
    expect(() => parseXml('<a>')).toThrow(/not closed/);
  });
});
