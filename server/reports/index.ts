/** The reports this module serves, by the name in the URL (/api/reports/{name}). */
import type { ReportDefinition } from './engine.js';
import { linkedReport, unlinkedReport } from './links.js';
import { failuresReport } from './failure-log.js';
import { adjustmentsReport } from './log.js';
import { subscriptionsReport } from './subscriptions.js';

export const REPORTS = {
  subscriptions: subscriptionsReport,
  linked: linkedReport,
  unlinked: unlinkedReport,
  adjustments: adjustmentsReport,
  failures: failuresReport,
} satisfies Record<string, ReportDefinition>;

export type ReportName = keyof typeof REPORTS;
