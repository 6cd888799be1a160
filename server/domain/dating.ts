/**
 * Why an adjustment has its effective date, recorded when the row is planned (the plan's date and the
 * merge's date are known only then): the billing manager reads it next to the date in the logs.
 *  - today:       dated the day the change was seen (an increase, or a decrease the relation makes immediate);
 *  - next_period: a decrease waits for the next period start (no prorated credit);
 *  - moved:       the rules gave an earlier date, but the PSA takes one adjustment per service per day
 *                 (Autotask) and that day was taken, so it moved to the next free day.
 */
import type { IsoDate } from './dates.js';

export type DateRule = 'today' | 'next_period' | 'moved';

export function dateRuleOf(plannedDate: IsoDate, effectiveDate: IsoDate, today: IsoDate): DateRule {
  if (effectiveDate !== plannedDate) return 'moved';
  return plannedDate === today ? 'today' : 'next_period';
}
