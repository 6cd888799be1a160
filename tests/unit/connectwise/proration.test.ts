import { describe, expect, it } from 'vitest';
import { agreementRefusal, billingPeriod, isMidPeriod, prorationRefusal, type AgreementTerms } from '../../../server/psa/connectwise/proration.js';

const monthly: AgreementTerms = { name: 'Hall Brothers - Cloud', billingCycle: { name: 'Monthly' }, invoicingCycle: 'CalendarYear', prorateFlag: false };

describe('billing periods', () => {
  it('follows calendar months for a monthly agreement', () => {
    expect(billingPeriod(monthly, '2026-02-14')).toEqual({ start: '2026-02-01', end: '2026-02-28' });
    expect(billingPeriod(monthly, '2024-02-29')).toEqual({ start: '2024-02-01', end: '2024-02-29' });
    expect(billingPeriod(monthly, '2026-12-31')).toEqual({ start: '2026-12-01', end: '2026-12-31' });
  });

  it('follows calendar quarters and years for longer cycles', () => {
    expect(billingPeriod({ ...monthly, billingCycle: { name: 'Quarterly' } }, '2026-05-20')).toEqual({ start: '2026-04-01', end: '2026-06-30' });
    expect(billingPeriod({ ...monthly, billingCycle: { name: 'Annual' } }, '2026-05-20')).toEqual({ start: '2026-01-01', end: '2026-12-31' });
  });

  it('starts periods on the bill start day for contract-year invoicing, clamped to short months', () => {
    const contract = { ...monthly, invoicingCycle: 'ContractYear' as const, billStartDate: '2025-01-31T00:00:00Z' };
    expect(billingPeriod(contract, '2026-03-05')).toEqual({ start: '2026-02-28', end: '2026-03-30' });
    expect(billingPeriod(contract, '2026-03-31')).toEqual({ start: '2026-03-31', end: '2026-04-29' });
  });

  it('treats an unknown cycle name as monthly', () => {
    expect(billingPeriod({ ...monthly, billingCycle: { name: 'Fortnightly-ish' } }, '2026-07-09').start).toBe('2026-07-01');
    expect(billingPeriod({ ...monthly, billingCycle: undefined }, '2026-07-09').start).toBe('2026-07-01');
  });
});

describe('the proration rule', () => {
  it('refuses a mid-period change when proration is off, naming the agreement, retryable', () => {
    expect(isMidPeriod(monthly, '2026-11-24')).toBe(true);
    const err = prorationRefusal(monthly, '2026-11-24');
    expect(err).toMatchObject({ kind: 'config', retry: true, system: 'connectwise' });
    expect(err?.message).toContain('Turn on proration for the ConnectWise agreement "Hall Brothers - Cloud"');
  });

  it('lets through a change on a period start, or any change once proration is on', () => {
    expect(prorationRefusal(monthly, '2026-12-01')).toBeNull();
    expect(prorationRefusal({ ...monthly, prorateFlag: true }, '2026-11-24')).toBeNull();
    expect(prorationRefusal({ ...monthly, prorateFlag: null }, '2026-11-24')).not.toBeNull();
  });
});

describe('the agreement window', () => {
  it('refuses changes after the end date or to a cancelled agreement, retryably', () => {
    const ended = { ...monthly, endDate: '2026-06-30T00:00:00Z', noEndingDateFlag: false };
    expect(agreementRefusal(ended, '2026-06-30')).toBeNull();
    expect(agreementRefusal(ended, '2026-07-01')).toMatchObject({ kind: 'config', retry: true, message: expect.stringContaining('ended on 2026-06-30') });
    expect(agreementRefusal({ ...ended, noEndingDateFlag: true }, '2026-07-01')).toBeNull();
    expect(agreementRefusal({ ...monthly, cancelledFlag: true }, '2026-07-01')?.message).toContain('is cancelled');
  });
});
