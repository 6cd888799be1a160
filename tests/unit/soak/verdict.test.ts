import { describe, expect, it } from 'vitest';
import { cwSteps, sumByDay } from '../../../scripts/soak/verdict.js';

// The soak reads ConnectWise's additions as a timeline: replace posting ends the old addition the day before
// and adds one at the new total, so a change billed twice shows as a step larger than the posted rows'.
const line = (quantity: number, effectiveDate: string, cancelledDate?: string) => ({ agreementId: 7, product: { id: 3 }, quantity, effectiveDate, cancelledDate });

describe('soak verdict for ConnectWise', () => {
  const rows = new Map([['7|3', ['2026-12-03:2']]]);

  it('reads a replaced addition as the posted step', () => {
    const adds = [line(5, '2026-11-01', '2026-12-02'), line(7, '2026-12-03')];
    expect(cwSteps(adds, rows).get('7|3')).toEqual(['2026-12-03:2']);
  });

  it('shows a change billed twice (the old addition left running) as a larger step', () => {
    const adds = [line(5, '2026-11-01'), line(7, '2026-12-03')];
    expect(cwSteps(adds, rows).get('7|3')).toEqual(['2026-12-03:7']);
  });

  it('reads delta additions the same way, and a lost one as no step', () => {
    expect(cwSteps([line(5, '2026-11-01'), line(2, '2026-12-03')], rows).get('7|3')).toEqual(['2026-12-03:2']);
    expect(cwSteps([line(5, '2026-11-01')], rows).get('7|3')).toEqual([]);
  });

  it('adds same-day posted rows up and drops days that net to zero', () => {
    expect(sumByDay(['2026-12-03:2', '2026-12-03:3', '2027-01-01:-1', '2027-01-01:1'])).toEqual(['2026-12-03:5']);
  });
});
