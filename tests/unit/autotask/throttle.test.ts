import { describe, expect, it } from 'vitest';
import { createPacer, decideThrottle, type ThresholdUsage } from '../../../server/psa/autotask/throttle.js';

const usage = (count: number, threshold = 10_000): ThresholdUsage => ({ externalRequestThreshold: threshold, requestThresholdTimeframe: 60, currentTimeframeRequestCount: count });

describe('decideThrottle', () => {
  it('goes at full speed far from the threshold and reads again before reaching 40 %', () => {
    const d = decideThrottle(usage(124), 0);
    expect(d).toMatchObject({ action: 'go', waitMs: 0 });
    expect(d.recheckAfter).toBe(200);
    expect(decideThrottle(usage(3_900), 0).recheckAfter).toBe(50); // (4000-3900)/2
  });

  it('counts our own requests since the reading', () => {
    expect(decideThrottle(usage(3_000), 1_100).action).toBe('slow');
  });

  it('paces requests between 40 % and 50 %', () => {
    const d = decideThrottle(usage(4_500), 0);
    expect(d.action).toBe('slow');
    expect(d.waitMs).toBe(720); // 3,600,000 ms / 5,000 requests
    expect(d.recheckAfter).toBeGreaterThanOrEqual(1);
    expect(d.recheckAfter).toBeLessThanOrEqual(20);
  });

  it('pauses at or past half the threshold, longer the further past', () => {
    const at = decideThrottle(usage(5_000), 0);
    const past = decideThrottle(usage(5_400), 0);
    expect(at).toMatchObject({ action: 'pause', recheckAfter: 0 });
    expect(at.waitMs).toBeGreaterThanOrEqual(1_000);
    expect(past.waitMs).toBeGreaterThan(at.waitMs);
    expect(decideThrottle(usage(9_999), 0).waitMs).toBe(60_000);
  });

  it('scales with a small threshold', () => {
    expect(decideThrottle(usage(10, 100), 0).action).toBe('go');
    expect(decideThrottle(usage(45, 100), 0)).toMatchObject({ action: 'slow', waitMs: 60_000 });
    expect(decideThrottle(usage(50, 100), 0).action).toBe('pause');
  });
});

describe('createPacer', () => {
  it('reads the usage first, then only when due', async () => {
    let reads = 0;
    const pacer = createPacer({ readUsage: async () => (reads++, usage(100)), sleep: async () => {}, onGiveUp: () => new Error('x') });
    for (let i = 0; i < 450; i++) { await pacer.before(); pacer.after(); }
    expect(reads).toBe(3); // 1 + every 200 requests
  });

  it('waits as decided and gives up after repeated pauses', async () => {
    const waits: number[] = [];
    const pacer = createPacer({ readUsage: async () => usage(6_000), sleep: async (ms) => { waits.push(ms); }, maxPauses: 2, onGiveUp: (d) => new Error(d.reason) });
    await expect(pacer.before()).rejects.toThrow(/60% of 10000 used/);
    expect(waits).toHaveLength(2);
  });

  it('carries on when no reading is possible, and reads again after a 429', async () => {
    let reads = 0;
    const pacer = createPacer({ readUsage: async () => (reads++, null), sleep: async () => {}, onGiveUp: () => new Error('x') });
    await pacer.before(); pacer.after(true); await pacer.before();
    expect(reads).toBe(2);
  });
});
