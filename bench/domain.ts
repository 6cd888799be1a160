/**
 * Domain planning throughput: planAdjustments (status policy, dating, proration estimate) over 1,000,000
 * linked resources held in memory, about 1 in 10 with a changed count, plus the same-day merge of the
 * resulting deltas. Prints resources per second and peak memory; asserts nothing.
 */
import { CALENDAR_MONTH, type BillingPeriod } from '../server/domain/billing-period.js';
import { mergeDelta, type PendingRow } from '../server/domain/merge.js';
import { planAdjustments, type PlanInputs } from '../server/domain/plan.js';

const STATUSES = ['active', 'active', 'active', 'active', 'active', 'active', 'active', 'hold', 'terminated', 'pending'];
const ANNUAL: BillingPeriod = { kind: 'annual', anchorMonth: 7, anchorDay: 1 };

export default async function benchDomain(n = 1_000_000): Promise<string[]> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakHeap = base.heapUsed;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const t0 = performance.now();
  const inputs: PlanInputs[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const units = Math.floor(rnd() * 50);
    const changed = rnd() < 0.1;
    inputs[i] = {
      marketplaceCount: changed ? Math.max(0, units + Math.floor(rnd() * 11) - 5) : units,
      subscriptionStatus: STATUSES[i % STATUSES.length]!,
      unitsNow: units,
      unitsLater: units,
      decreasePolicy: i % 7 === 0 ? 'immediate' : 'next_period',
      billingPeriod: i % 5 === 0 ? ANNUAL : CALENDAR_MONTH,
      unitPrice: 5 + (i % 30),
    };
    if (i % 100_000 === 0) sample();
  }
  const buildMs = performance.now() - t0;
  sample();
  const ctx = { today: '2026-11-24', prorationConvention: 'inclusive' as const };
  const t1 = performance.now();
  let adjustments = 0;
  let merges = 0;
  const pending: PendingRow[] = [];
  for (let i = 0; i < n; i++) {
    const plan = planAdjustments(inputs[i]!, ctx);
    for (const a of plan.adjustments) {
      adjustments++;
      // Merge against the resource's (usually empty) pending rows, as the engine does per resource.
      const op = mergeDelta({ resourceKey: String(i), serviceKey: String(i), effectiveDate: a.effectiveDate, unitChange: a.unitChange }, pending, { onePerServicePerDay: true });
      if (op) merges++;
    }
    if (i % 100_000 === 0) sample();
  }
  const planMs = performance.now() - t1;
  sample();
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
  return [
    `Domain planning, ${n.toLocaleString('en-US')} linked resources in memory (10% changed, mixed statuses and periods)`,
    `  build inputs: ${buildMs.toFixed(0)} ms`,
    `  plan + merge: ${planMs.toFixed(0)} ms -> ${Math.round(n / (planMs / 1000)).toLocaleString('en-US')} resources/s, ${adjustments.toLocaleString('en-US')} adjustments planned, ${merges.toLocaleString('en-US')} merge decisions`,
    `  peak memory: rss ${mb(peakRss)} (start ${mb(base.rss)}), heap ${mb(peakHeap)} (start ${mb(base.heapUsed)})`,
  ];
}
