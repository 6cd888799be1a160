import { describe, expect, it } from 'vitest';
import { matches, normalizeQuery, QueryError, runQuery } from '../../../server/sandboxes/autotask/query.js';
import { parseXml } from '../../../server/sandboxes/autotask/xml.js';
import { entityRows } from '../../../server/sandboxes/autotask/rest.js';
import { createState } from '../../../server/sandboxes/autotask/state.js';

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

describe('sandbox units rows narrowed by the query', () => {
  const state = createState({
    companies: [{ id: 1, companyName: 'A', companyNumber: 'A', companyType: 1, isActive: true }],
    contracts: [1, 2].map((k) => ({ id: 10 + k, companyID: 1, contractName: `C${k}`, contractNumber: `C${k}`, contractType: 7, contractPeriodType: 2, status: 1, startDate: '2026-11-01T00:00:00', endDate: '2027-01-31T00:00:00', renewedContractID: null })),
    services: [{ id: 30, name: 'S', description: null, invoiceDescription: null, isActive: true, periodType: 2, unitPrice: 10, unitCost: 8 }],
    contractServices: [1, 2, 3].map((k) => ({ id: 40 + k, contractID: k === 3 ? 12 : 11, serviceID: 30, unitPrice: 10, unitCost: 8, internalCurrencyAdjustedPrice: null, invoiceDescription: null, internalDescription: null, units: k })),
  });
  const all = entityRows(state, 'contractserviceunits')!;
  const answer = (raw: Record<string, unknown>) => runQuery(entityRows(state, 'contractserviceunits', raw)!, normalizeQuery(raw), 0);

  it('answers every query as over all rows', () => {
    const queries: Record<string, unknown>[] = [
      { filter: [{ op: 'eq', field: 'contractServiceID', value: 42 }, { op: 'lte', field: 'startDate', value: '2026-12-15' }] },
      { filter: [{ op: 'EQ', field: 'CONTRACTSERVICEID', value: '43' }] },
      { filter: [{ op: 'eq', field: 'contractID', value: 11 }, { op: 'eq', field: 'contractServiceID', value: 41 }] },
      { filter: [{ op: 'eq', field: 'contractID', value: 'x' }] },
      { filter: [{ op: 'or', items: [{ op: 'eq', field: 'contractServiceID', value: 41 }, { op: 'eq', field: 'contractServiceID', value: 43 }] }] },
      { filter: [{ op: 'noteq', field: 'contractServiceID', value: 41 }] },
      { Filter: [{ op: 'eq', field: 'contractServiceID', value: 43 }], IncludeFields: ['units'] },
    ];
    for (const q of queries) expect(answer(q)).toEqual(runQuery(all, normalizeQuery(q), 0));
    expect(answer(queries[0]!).items.length).toBeGreaterThan(0);
  });

  it('renders only the rows an id filter can match', () => {
    expect(all.length).toBe(9);
    expect(entityRows(state, 'contractserviceunits', { filter: [{ op: 'eq', field: 'contractServiceID', value: 42 }] })!.map((r) => r.contractServiceID)).toEqual([42, 42, 42]);
    expect(entityRows(state, 'contractserviceunits', { filter: [{ op: 'eq', field: 'contractID', value: 12 }] })!.length).toBe(3);
  });
});
