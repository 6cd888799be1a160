import { describe, expect, it } from 'vitest';
import { all, eq, inChunks, queryBody } from '../../../server/psa/autotask/filters.js';
import { buildQueryXml } from '../../../server/psa/autotask/queryxml.js';
import { parseXml } from '../../../server/sandboxes/autotask/xml.js';
import { queryXmlFilter } from '../../../server/sandboxes/autotask/soap.js';
import { matches } from '../../../server/sandboxes/autotask/query.js';

describe('REST query bodies', () => {
  it('splits an in-list into chunks of at most 500 distinct values', () => {
    const ids = Array.from({ length: 1203 }, (_, i) => String(i + 1)).concat(['1', '2']);
    const chunks = inChunks('contractID', ids);
    expect(chunks.map((c) => (c.value as number[]).length)).toEqual([500, 500, 203]);
    expect(chunks[0]).toMatchObject({ op: 'in', field: 'contractID' });
    expect((chunks[2]!.value as number[]).at(-1)).toBe(1203);
  });

  it('drops values that are not numbers instead of sending them', () => {
    expect(inChunks('id', ['7', 'x', '9'])).toEqual([{ op: 'in', field: 'id', value: [7, 9] }]);
    expect(inChunks('id', [])).toEqual([]);
  });

  it('always includes id when fields are limited, and asks for 500 a page', () => {
    expect(queryBody([eq('contractType', 7)], ['contractName'])).toEqual({
      filter: [{ op: 'eq', field: 'contractType', value: 7 }], includeFields: ['id', 'contractName'], maxRecords: 500,
    });
    expect(queryBody([all()])).toEqual({ filter: [{ op: 'gte', field: 'id', value: 0 }], maxRecords: 500 });
  });

  it('refuses a query without a filter (Autotask needs one)', () => {
    expect(() => queryBody([])).toThrow(/filter/);
  });
});

describe('QueryXML', () => {
  it('names SOAP entities and fields and pages by id', () => {
    const xml = buildQueryXml('Contracts', [eq('companyID', 12), eq('contractType', 7)], 4000);
    expect(xml).toBe('<queryxml><entity>Contract</entity><query>' +
      '<condition><field>AccountID<expression op="Equals">12</expression></field></condition>' +
      '<condition><field>ContractType<expression op="Equals">7</expression></field></condition>' +
      '<condition><field>id<expression op="GreaterThan">4000</expression></field></condition></query></queryxml>');
  });

  it('turns an in-list into OR conditions that the sandbox evaluates as such', () => {
    const xml = buildQueryXml('ContractServiceUnits', [{ op: 'in', field: 'contractID', value: [1, 3] }, { op: 'lte', field: 'startDate', value: '2026-11-24T00:00:00' }]);
    const q = parseXml(xml).children[0]!.children.find((c) => c.local === 'query')!;
    const f = queryXmlFilter('ContractServiceUnits', q.children)!;
    const row = (contractID: number, startDate: string) => ({ id: 5, contractID, startDate });
    expect(matches(row(1, '2026-11-01T00:00:00'), f)).toBe(true);
    expect(matches(row(3, '2026-11-24T00:00:00'), f)).toBe(true);
    expect(matches(row(2, '2026-11-01T00:00:00'), f)).toBe(false);
    expect(matches(row(1, '2026-11-25T00:00:00'), f)).toBe(false);
  });

  it('escapes values', () => {
    expect(buildQueryXml('Companies', [eq('companyName', 'A&B <x>')])).toContain('AccountName<expression op="Equals">A&amp;B &lt;x&gt;</expression>');
  });
});
