/**
 * The soak, short (CI): two tenants, one on Autotask and one on ConnectWise, their sync children
 * SIGKILLed at random moments while counts change (same-day returns included), relations are cleared
 * and re-pointed, and a third of the PSA calls fail before or after the PSA saved them. Afterwards no
 * adjustment is duplicated or lost, no linked resource's PSA units differ from its Marketplace count,
 * and nothing is left in flight. The long run is `npm run soak -- --long`.
 */
import { describe, expect, it } from 'vitest';
import { runSoak } from '../../../scripts/crash-soak.js';

describe('soak (short)', () => {
  it('killed at random points under faults, with relations cleared and re-pointed: nothing lost, nothing twice, nothing drifted', async () => {
    const lines: string[] = [];
    const report = await runSoak({ tenants: 2, resources: 4, kills: 8, seed: Math.floor(Math.random() * 100_000), maxLifeMs: 1200, faultRate: 0.35, log: (l) => lines.push(l) });
    expect(report.kills).toBeGreaterThan(0);
    expect(report.faults).toBeGreaterThan(0);
    expect(report.accepted).toBeGreaterThan(0);
    expect({ duplicates: report.duplicates, lost: report.lost, drifted: report.drifted, inFlight: report.inFlight, log: report.ok ? [] : lines })
      .toEqual({ duplicates: [], lost: [], drifted: [], inFlight: [], log: [] });
  }, 0);
});
