import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, daysBetween, daysInMonth, fromDayNumber, isIsoDate, makeDate, toDayNumber, todayIn, todayInOrUtc } from '../../../server/domain/dates.js';

describe('calendar dates', () => {
  it('parses and prints YYYY-MM-DD and rejects impossible dates', () => {
    expect(fromDayNumber(toDayNumber('2024-02-29'))).toBe('2024-02-29');
    expect(() => toDayNumber('2025-02-29')).toThrow(RangeError);
    expect(() => toDayNumber('2025-13-01')).toThrow(RangeError);
    expect(() => toDayNumber('2025-1-01')).toThrow(RangeError);
    expect(isIsoDate('2025-04-31')).toBe(false);
    expect(isIsoDate('2025-04-30')).toBe(true);
  });
  it('knows month lengths and leap years', () => {
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2025, 2)).toBe(28);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(2025, 4)).toBe(30);
  });
  it('clamps a day past the month end and rolls months over years', () => {
    expect(makeDate(2025, 2, 31)).toBe('2025-02-28');
    expect(makeDate(2024, 2, 31)).toBe('2024-02-29');
    expect(makeDate(2025, 13, 1)).toBe('2026-01-01');
    expect(makeDate(2025, 0, 15)).toBe('2024-12-15');
  });
  it('adds days across month and year ends', () => {
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(daysBetween('2025-03-15', '2025-04-01')).toBe(17);
  });
  it('addDays and daysBetween are inverse (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: -5000, max: 5000 }), (day, n) => {
        const d = fromDayNumber(day);
        expect(daysBetween(d, addDays(d, n))).toBe(n);
      }),
    );
  });
});

describe('today in a tenant time zone', () => {
  const instant = new Date('2025-03-15T02:30:00Z');
  it('is the local calendar date of the instant', () => {
    expect(todayIn('UTC', instant)).toBe('2025-03-15');
    expect(todayIn('America/New_York', instant)).toBe('2025-03-14');
    expect(todayIn('Australia/Sydney', instant)).toBe('2025-03-15');
    expect(todayIn('Pacific/Kiritimati', new Date('2025-12-31T10:30:00Z'))).toBe('2026-01-01');
  });
  it('follows daylight saving', () => {
    // 04:30 UTC is 00:30 EDT in July but 23:30 EST in January.
    expect(todayIn('America/New_York', new Date('2025-07-02T04:30:00Z'))).toBe('2025-07-02');
    expect(todayIn('America/New_York', new Date('2025-01-02T04:30:00Z'))).toBe('2025-01-01');
  });
  it('throws for an unknown zone; the fallback says so and uses UTC', () => {
    expect(() => todayIn('Mars/Olympus', instant)).toThrow(RangeError);
    expect(todayInOrUtc('Mars/Olympus', instant)).toEqual({ today: '2025-03-15', zoneValid: false });
    expect(todayInOrUtc('Europe/Berlin', instant)).toEqual({ today: '2025-03-15', zoneValid: true });
  });
});
