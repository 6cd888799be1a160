import { describe, expect, it } from 'vitest';
import { foldAtRenewal, isAnnualTerm, termHoldUntil } from '../../../server/domain/term.js';

const base = { annual: true, renewalDate: '2027-02-28', today: '2026-03-16', unitChange: -3, effectiveDate: '2026-04-01', waitingUntil: null };

describe('isAnnualTerm', () => {
  it('reads the commitment first, the billing period without one', () => {
    expect(isAnnualTerm('1 month', '1 year')).toBe(true); // NCE annual billed monthly
    expect(isAnnualTerm('1 month', '1 month')).toBe(false);
    expect(isAnnualTerm('1 year', null)).toBe(true);
    expect(isAnnualTerm('1 month', null)).toBe(false);
    expect(isAnnualTerm(null, '12 month')).toBe(true);
    expect(isAnnualTerm(null, '3 year')).toBe(true);
    expect(isAnnualTerm(null, null)).toBe(false);
  });
});

describe('termHoldUntil', () => {
  it('an annual decrease waits for the renewal date', () => {
    expect(termHoldUntil(base)).toBe('2027-02-28');
  });
  it('an increase, a monthly term, or an unknown renewal goes as planned', () => {
    expect(termHoldUntil({ ...base, unitChange: 2, effectiveDate: '2026-03-16' })).toBeNull();
    expect(termHoldUntil({ ...base, annual: false })).toBeNull();
    expect(termHoldUntil({ ...base, renewalDate: null })).toBeNull();
  });
  it('a renewal today or past, or a decrease already dated at/after it, does not wait', () => {
    expect(termHoldUntil({ ...base, today: '2027-02-28', effectiveDate: '2027-03-01' })).toBeNull();
    expect(termHoldUntil({ ...base, renewalDate: '2026-03-01' })).toBeNull();
    expect(termHoldUntil({ ...base, renewalDate: '2026-04-01' })).toBeNull(); // next period start is the renewal
  });
  it('leap day renewal: a decrease on 2028-02-01 waits for 2028-02-29', () => {
    expect(termHoldUntil({ ...base, today: '2028-01-20', effectiveDate: '2028-02-01', renewalDate: '2028-02-29' })).toBe('2028-02-29');
  });
  it('a later change of a resource whose decrease waits, waits with it; a change dated today does not', () => {
    expect(termHoldUntil({ ...base, unitChange: 2, waitingUntil: '2027-02-28' })).toBe('2027-02-28');
    expect(termHoldUntil({ ...base, unitChange: 2, effectiveDate: base.today, waitingUntil: '2027-02-28' })).toBeNull();
  });
});

describe('foldAtRenewal', () => {
  it('folds -3 and +2 into -1 on the first row', () => {
    expect(foldAtRenewal([{ id: 'a', unitChange: -3, fromCount: 10 }, { id: 'b', unitChange: 2, fromCount: 7 }])).toEqual({ keep: { id: 'a', unitChange: -1, toCount: 9 }, cancel: ['b'] });
  });
  it('a sum of zero cancels all', () => {
    expect(foldAtRenewal([{ id: 'a', unitChange: -3, fromCount: 10 }, { id: 'b', unitChange: 3, fromCount: 7 }])).toEqual({ keep: null, cancel: ['a', 'b'] });
  });
  it('one row stays as it is', () => {
    expect(foldAtRenewal([{ id: 'a', unitChange: -3, fromCount: 10 }])).toEqual({ keep: { id: 'a', unitChange: -3, toCount: 7 }, cancel: [] });
  });
});
