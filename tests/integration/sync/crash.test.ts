/**
 * The crash soak, bounded: child processes running sync cycles over HTTP against the sandboxes are
 * SIGKILLed at random moments while counts change and Autotask misbehaves; afterwards every linked
 * resource's Autotask units equal its Marketplace count and Autotask saw no duplicate adjustment.
 * The long run is `npx tsx scripts/crash-soak.ts --long`.
 */
import { describe, expect, it } from 'vitest';
import { runSoak } from '../../../scripts/crash-soak.js';

describe('crash soak (bounded)', () => {
  it('killed at random points, restarted: nothing lost, nothing posted twice', async () => {
    const lines: string[] = [];
    const report = await runSoak({ rounds: 14, resources: 10, seed: Math.floor(Math.random() * 100_000), maxLifeMs: 1200, log: (l) => lines.push(l) });
    expect(report.kills).toBeGreaterThan(0);
    expect(report.accepted).toBeGreaterThan(0);
    expect({ mismatches: report.mismatches, duplicates: report.duplicates, inFlight: report.inFlight, log: report.ok ? [] : lines }).toEqual({ mismatches: [], duplicates: [], inFlight: 0, log: [] });
  }, 110_000);
});
