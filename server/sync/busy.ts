/**
 * What "Sync now" tells the user when the tenant's cycle lease is held: when the running cycle started
 * and by when the next one can start. The bound is the later of the lease's expiry (a holder that died
 * unseen stops blocking then; a dead holder the host can see is taken over at once) and the running
 * cycle's start plus its time budget (a live cycle stops starting posts then and releases the lease).
 */
import { desc, eq, and } from 'drizzle-orm';
import { optionsOf, type SyncDeps } from './deps.js';
import { cycleLeaseName, leaseRow } from './lease.js';
import { loadTenant } from './repo.js';

export interface CycleBusy {
  /** When the running cycle started; null when no run row says (e.g. a reconciliation holds the lease). */
  startedAt: string | null;
  /** The latest time the next cycle can start. */
  retryAt: string;
  message: string;
}

export async function cycleBusy(deps: SyncDeps, tenantId: string): Promise<CycleBusy> {
  const { db, t } = deps.store;
  const now = deps.clock.now();
  const lease = await leaseRow(deps.store, cycleLeaseName(tenantId));
  const [run] = await db.select({ startedAt: t.syncRuns.startedAt }).from(t.syncRuns)
    .where(and(eq(t.syncRuns.tenantId, tenantId), eq(t.syncRuns.status, 'running'))).orderBy(desc(t.syncRuns.startedAt)).limit(1);
  const expires = lease ? Date.parse(lease.expiresAt) : now.getTime();
  const started = run ? Date.parse(run.startedAt) : null;
  const retry = Math.max(now.getTime(), expires, started !== null ? started + optionsOf(deps).budgetMs : 0);
  const zone = (await loadTenant(deps.store, tenantId))?.timeZone ?? 'UTC';
  const hhmm = (ms: number) => clockTime(new Date(ms), zone);
  const message = started !== null
    ? `A sync cycle is running, started ${hhmm(started)}; the next can start by ${hhmm(retry)}`
    : `A sync or reconciliation is running for this tenant; the next cycle can start by ${hhmm(retry)}`;
  return { startedAt: started !== null ? new Date(started).toISOString() : null, retryAt: new Date(retry).toISOString(), message };
}

/** HH:MM in the tenant's time zone (UTC when the zone is unknown), with the zone named. */
function clockTime(at: Date, zone: string): string {
  const fmt = (timeZone: string) => new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone, timeZoneName: 'short' }).format(at);
  try {
    return fmt(zone);
  } catch {
    return fmt('UTC');
  }
}
