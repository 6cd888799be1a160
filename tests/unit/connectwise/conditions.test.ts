import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { and, condition, dateTime, isIn, literal, or } from '../../../server/psa/connectwise/conditions.js';
import { ConditionsError, matches, parseConditions } from '../../../server/sandboxes/connectwise/conditions.js';
import { ADDITION_FIELDS, AGREEMENT_FIELDS } from '../../../server/sandboxes/connectwise/fields.js';

describe('conditions builder', () => {
  it('writes each literal the way ConnectWise parses it', () => {
    expect(literal(250)).toBe('250');
    expect(literal(false)).toBe('false');
    expect(literal(null)).toBe('null');
    expect(literal('Fred "The" Bank')).toBe('"Fred \\"The\\" Bank"');
    expect(literal(dateTime('2026-11-24'))).toBe('[2026-11-24T00:00:00Z]');
    expect(() => literal(Number.NaN)).toThrow();
    expect(() => literal(dateTime('24/11/2026'))).toThrow();
  });

  it('builds comparisons, in-lists and groups with the parentheses precedence needs', () => {
    expect(condition('company/id', '=', 250)).toBe('company/id=250');
    expect(condition('name', 'like', 'Hall%')).toBe('name like "Hall%"');
    expect(isIn('id', [1, 2])).toBe('id in (1,2)');
    expect(() => condition('bad field', '=', 1)).toThrow();
    const q = and(condition('product/id', '=', 7), or(condition('cancelledDate', '=', null), condition('cancelledDate', '>=', dateTime('2026-11-24'))));
    expect(q).toBe('product/id=7 and (cancelledDate=null or cancelledDate>=[2026-11-24T00:00:00Z])');
    expect(and(undefined, false, 'x=1')).toBe('x=1');
    expect(and()).toBe('');
  });

  it('round-trips any string through the sandbox parser', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const tree = parseConditions(condition('name', '=', s), AGREEMENT_FIELDS);
        expect(matches(tree, { name: s })).toBe(true);
        expect(matches(tree, { name: `${s}x` })).toBe(false);
      }),
    );
  });
});

describe('sandbox conditions parser', () => {
  const rows = [
    { id: 1, product: { id: 7 }, quantity: 2, effectiveDate: '2026-01-01T00:00:00Z' },
    { id: 2, product: { id: 7 }, quantity: 3, effectiveDate: '2026-11-01T00:00:00Z', cancelledDate: '2026-11-10T00:00:00Z' },
    { id: 3, product: { id: 8 }, quantity: 5, effectiveDate: '2026-12-01T00:00:00Z' },
  ];
  const ids = (q: string) => rows.filter((r) => matches(parseConditions(q, ADDITION_FIELDS), r)).map((r) => r.id);

  it('evaluates and/or/not, null, dates and in', () => {
    expect(ids('product/id=7')).toEqual([1, 2]);
    expect(ids('product/id = 7 and (cancelledDate = null or cancelledDate >= [2026-11-24T00:00:00Z])')).toEqual([1]);
    expect(ids('effectiveDate < [2026-11-25T00:00:00Z] and not product/id = 8')).toEqual([1, 2]);
    expect(ids('product/id in (8, 9) or quantity > 2 AND quantity <= 3')).toEqual([2, 3]);
    expect(ids('PRODUCT/ID != 7')).toEqual([3]);
    expect(ids('')).toEqual([1, 2, 3]);
  });

  it("refuses a literal of the wrong kind with ConnectWise's text", () => {
    expect(() => parseConditions('cancelledFlag = 1', AGREEMENT_FIELDS)).toThrow(
      'Expected a boolean value, not a numeric. String values should be enclosed with double or single quotes;',
    );
    expect(() => parseConditions('name = "a" and company/id = "250"', AGREEMENT_FIELDS)).toThrow('Expected a numeric value, not a string.');
    expect(() => parseConditions('name = Fred', AGREEMENT_FIELDS)).toThrow("Expected a string value, not a word 'Fred'.");
    expect(() => parseConditions('startDate > [yesterday]', AGREEMENT_FIELDS)).toThrow(ConditionsError);
  });

  it('refuses unknown fields, dangling operators and bad strings', () => {
    for (const bad of ['nosuch = 1', 'id = 1 and', '(id = 1', 'id = 1)', 'name = "open', 'id like "1"', 'id > null', 'id ! 1', 'id = 1 # 2']) {
      expect(() => parseConditions(bad, AGREEMENT_FIELDS), bad).toThrow(ConditionsError);
    }
  });

  it('like uses % and _ wildcards, case-insensitively', () => {
    const t = parseConditions('name like "hall%_s"', AGREEMENT_FIELDS);
    expect(matches(t, { name: 'Hall Brothers' })).toBe(true);
    expect(matches(t, { name: 'Halls' })).toBe(false);
  });
});
