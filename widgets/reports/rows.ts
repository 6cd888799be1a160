/**
 * What a log row says beyond its cells, as pure functions the table and the tests share: the status as a
 * pill, the true next retry, and where the cause of a failure is fixed.
 */
import { formatDate } from '../ui/format.js';

export { statusPill, type Tone } from '../ui/status.js';

/** A Failure log row that stands for the tenant's whole sync: no PSA message, no Retry now (the next cycle retries). */
export const isSyncRow = (row: Record<string, unknown>): boolean => row.status === 'sync_failed';

/** "No automatic retry" is stored as a far-future time by the poster. */
const NEVER = '9999';

/**
 * The next retry as it will really happen: a retry time already passed waits for the next cycle, so it
 * says so (with that cycle's time when known) instead of showing a time in the past.
 */
export function nextRetryText(nextAttemptAt: unknown, now: Date, nextCycleAt: string | null | undefined, timeZone?: string): string {
  if (typeof nextAttemptAt !== 'string' || !nextAttemptAt) return '';
  if (nextAttemptAt.startsWith(NEVER)) return 'Not retried automatically: fix the cause, then Retry now';
  if (Date.parse(nextAttemptAt) > now.getTime()) return formatDate(nextAttemptAt, timeZone);
  const cycle = nextCycleAt && Date.parse(nextCycleAt) > now.getTime() ? nextCycleAt : null;
  return cycle ? `At the next cycle, about ${formatDate(cycle, timeZone).slice(11)}` : 'At the next cycle';
}

export interface FixLink {
  href: string;
  label: string;
}

/** Where the cause of a failure is fixed: the connection for sign-in and settings, else the relation. */
export function fixLinkFor(row: Record<string, unknown>, psaKind: string | null | undefined): FixLink | null {
  const kind = String(row.lastErrorKind ?? '');
  if (!row.lastError && !kind) return null;
  if (isSyncRow(row)) return { href: '/', label: 'See the last sync on Home' };
  if (kind === 'auth' || kind === 'config' || kind === 'permission') {
    return { href: `/configuration/${psaKind === 'connectwise' ? 'connectwise' : 'autotask'}`, label: 'Open the PSA connection in Configuration' };
  }
  const company = typeof row.companyName === 'string' ? row.companyName : '';
  return { href: company ? `/billing?search=${encodeURIComponent(company)}` : '/billing', label: 'Open the relation in Billing' };
}
