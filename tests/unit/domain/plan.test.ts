import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { planAdjustments, planReconciliation, type PlanInputs } from '../../../server/domain/plan.js';
import { CALENDAR_MONTH } from '../../../server/domain/billing-period.js';

const ctx = { today: '2025-03-15', prorationConvention: 'inclusive' as const };
const base: PlanInputs = {
  marketplaceCount: 10,
  subscriptionStatus: 'active',
  unitsNow: 10,
  unitsLater: 10,
  decreasePolicy: 'next_period',
  billingPeriod: CALENDAR_MONTH,
  unitPrice: 22,
};

describe('planAdjustments', () => {
  it('nothing when the PSA already holds the count', () => {
    expect(planAdjustments(base, ctx)).toEqual({ action: 'sync', target: 10, adjustments: [] });
  });
  it('an increase is effective today, with its estimated amount', () => {
    const plan = planAdjustments({ ...base, marketplaceCount: 11 }, ctx);
    expect(plan.adjustments).toEqual([
      { unitChange: 1, effectiveDate: '2025-03-15', fromCount: 10, toCount: 11, reason: 'increase', estimatedAmount: 12.06 },
    ]);
  });
  it('a decrease is effective at the next period start: no prorated credit', () => {
    const plan = planAdjustments({ ...base, marketplaceCount: 7 }, ctx);
    expect(plan.adjustments).toEqual([
      { unitChange: -3, effectiveDate: '2025-04-01', fromCount: 10, toCount: 7, reason: 'decrease', estimatedAmount: -66 },
    ]);
  });
  it('a decrease is effective today when the mapping says immediate', () => {
    const plan = planAdjustments({ ...base, marketplaceCount: 7, decreasePolicy: 'immediate' }, ctx);
    expect(plan.adjustments.map((a) => [a.unitChange, a.effectiveDate])).toEqual([[-3, '2025-03-15']]);
  });
  it('a rise after a planned decrease shrinks that decrease instead of billing extra seats', () => {
    // 10 today, -3 already written for April 1st (later = 7); the count is now 9.
    const plan = planAdjustments({ ...base, marketplaceCount: 9, unitsNow: 10, unitsLater: 7 }, ctx);
    expect(plan.adjustments.map((a) => [a.unitChange, a.effectiveDate])).toEqual([[2, '2025-04-01']]);
  });
  it('a rise above today cancels the planned decrease and raises today', () => {
    const plan = planAdjustments({ ...base, marketplaceCount: 12, unitsNow: 10, unitsLater: 7 }, ctx);
    expect(plan.adjustments.map((a) => [a.unitChange, a.effectiveDate, a.fromCount, a.toCount])).toEqual([
      [2, '2025-03-15', 10, 12],
      [3, '2025-04-01', 9, 12],
    ]);
  });
  it('hold and pending freeze: nothing is posted', () => {
    for (const s of ['hold', 'pending', 'HOLD', 'something-new']) {
      expect(planAdjustments({ ...base, marketplaceCount: 50, subscriptionStatus: s }, ctx)).toEqual({ action: 'freeze', target: null, adjustments: [] });
    }
  });
  it('terminated and removed count as 0, dated like a decrease', () => {
    for (const s of ['terminated', 'removed']) {
      const plan = planAdjustments({ ...base, subscriptionStatus: s }, ctx);
      expect(plan.target).toBe(0);
      expect(plan.adjustments.map((a) => [a.unitChange, a.effectiveDate, a.reason])).toEqual([[-10, '2025-04-01', 'terminated']]);
    }
    const now = planAdjustments({ ...base, subscriptionStatus: 'terminated', decreasePolicy: 'immediate' }, ctx);
    expect(now.adjustments.map((a) => a.effectiveDate)).toEqual(['2025-03-15']);
  });
  it('a per-mapping override wins over the default policy', () => {
    expect(planAdjustments({ ...base, marketplaceCount: 12, subscriptionStatus: 'hold', statusPolicy: { hold: 'sync' } }, ctx).adjustments).toHaveLength(1);
    expect(planAdjustments({ ...base, marketplaceCount: 12, statusPolicy: { active: 'freeze' } }, ctx).adjustments).toHaveLength(0);
    expect(planAdjustments({ ...base, subscriptionStatus: 'hold', statusPolicy: { hold: 'zero' } }, ctx).target).toBe(0);
    expect(planAdjustments({ ...base, subscriptionStatus: 'hold' }, { ...ctx, statusPolicy: { hold: 'sync' } }).action).toBe('sync');
  });
  it('never plans below zero', () => {
    const plan = planAdjustments({ ...base, marketplaceCount: -4, decreasePolicy: 'immediate' }, ctx);
    expect(plan.target).toBe(0);
    expect(plan.adjustments[0]!.toCount).toBe(0);
  });
  it('annual subscriptions date decreases at the renewal', () => {
    const plan = planAdjustments({ ...base, marketplaceCount: 8, billingPeriod: { kind: 'annual', anchorMonth: 7, anchorDay: 1 } }, ctx);
    expect(plan.adjustments.map((a) => a.effectiveDate)).toEqual(['2025-07-01']);
  });
  it("reconciliation on link: Marketplace 8, PSA 1 -> +7 today", () => {
    const plan = planReconciliation({ ...base, marketplaceCount: 8, psaUnits: 1 }, ctx);
    expect(plan.adjustments.map((a) => [a.unitChange, a.effectiveDate, a.reason])).toEqual([[7, '2025-03-15', 'reconcile']]);
    expect(planReconciliation({ ...base, marketplaceCount: 8, psaUnits: 8 }, ctx).adjustments).toEqual([]);
    expect(planReconciliation({ ...base, marketplaceCount: 1, psaUnits: 8 }, ctx).adjustments.map((a) => a.effectiveDate)).toEqual(['2025-04-01']);
  });

  it('properties: lands on the target later, never lowers today under next_period, never negative, replan is empty', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -5, max: 200 }),
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 0, max: 200 }),
        fc.constantFrom('next_period', 'immediate'),
        fc.constantFrom('active', 'hold', 'terminated', 'removed', 'pending'),
        (count, now, later, decreasePolicy, status) => {
          const inputs: PlanInputs = { ...base, marketplaceCount: count, unitsNow: now, unitsLater: later, decreasePolicy: decreasePolicy as 'immediate', subscriptionStatus: status };
          const plan = planAdjustments(inputs, ctx);
          if (plan.action === 'freeze') {
            expect(plan.adjustments).toEqual([]);
            return;
          }
          const today = plan.adjustments.filter((a) => a.effectiveDate === ctx.today).reduce((s, a) => s + a.unitChange, 0);
          const all = plan.adjustments.reduce((s, a) => s + a.unitChange, 0);
          const nowAfter = now + today;
          const laterAfter = later + all;
          expect(laterAfter).toBe(plan.target);
          expect(nowAfter).toBeGreaterThanOrEqual(0);
          if (decreasePolicy === 'next_period') expect(nowAfter).toBeGreaterThanOrEqual(now);
          else expect(nowAfter).toBe(plan.target);
          for (const a of plan.adjustments) {
            expect(a.unitChange).not.toBe(0);
            expect(a.toCount).toBeGreaterThanOrEqual(0);
          }
          expect(planAdjustments({ ...inputs, unitsNow: nowAfter, unitsLater: laterAfter }, ctx).adjustments).toEqual([]);
        },
      ),
    );
  });
});
