/**
 * What ConnectWise bills for an agreement's additions in one billing period, so tests can compare posting
 * strategies by money, not by rows. Rules (research connectwise.md "How ConnectWise prorates"):
 * - periods follow the agreement's billing cycle and bill start (cycles.ts);
 * - with "Prorate Agreement" (`prorateFlag`) a mid-period addition bills the days from its `effectiveDate`
 *   (CEO Juice KB; Cloud.im's connector prorates by days over the days in the period), and only when the
 *   addition's "Prorate current period" (`prorateCurrentPeriodFlag`) is on; otherwise it bills from the next period;
 * - without proration a mid-period addition bills the full amount from the next invoice (CEO Juice KB);
 * - a cancelled addition bills up to and including its `cancelledDate` (Sync 365 License cut-over guide: cancel
 *   at the end of the last invoiced period, the replacement effective the next day).
 * Day-count details and the no-proration cancel case are UNVERIFIED (docs/vendor-notes.md).
 */
import { daysIncl, periodOf } from './cycles.js';
import { cwDay } from './vendor.js';
import type { CwAddition, CwAgreement } from './wire.js';

export interface InvoiceLine { additionId: number; productId: number | null; quantity: number; from: string; to: string; share: number; amount: number }
export interface PeriodInvoice { period: { start: string; end: string }; lines: InvoiceLine[]; total: number }

const round2 = (n: number) => Math.round(n * 100) / 100;

export function invoiceFor(agreement: CwAgreement, additions: readonly CwAddition[], day: string): PeriodInvoice {
  const period = periodOf(agreement, day);
  const periodDays = daysIncl(period.start, period.end);
  const lines: InvoiceLine[] = [];
  for (const a of additions) {
    const eff = cwDay(a.effectiveDate) ?? cwDay(agreement.startDate) ?? period.start;
    const last = cwDay(a.cancelledDate);
    const from = eff > period.start ? eff : period.start;
    const to = last !== null && last < period.end ? last : period.end;
    if (from > to) continue;
    const startsMid = eff > period.start;
    let share: number;
    if (agreement.prorateFlag) share = startsMid && a.prorateCurrentPeriodFlag !== true ? 0 : daysIncl(from, to) / periodDays;
    else share = startsMid ? 0 : 1;
    const quantity = a.quantity ?? 0;
    lines.push({ additionId: a.id ?? 0, productId: a.product?.id ?? null, quantity, from, to, share, amount: round2((a.unitPrice ?? 0) * quantity * share) });
  }
  return { period, lines, total: round2(lines.reduce((s, l) => s + l.amount, 0)) };
}
