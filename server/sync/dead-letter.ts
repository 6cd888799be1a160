/**
 * The Workers host's dead-letter queue: a tenant's queued cycle (or drift check) that failed on every
 * delivery the queue allows ends here. It must not vanish: it becomes a failed sync run of that tenant
 * (trigger `dead_letter`, the reason in the user's words), which GET /api/sync and the dashboard show as the
 * last sync, and an error log line. The next Cron tick enqueues the tenant again once its interval passed.
 */
import { eq } from 'drizzle-orm';
import type { SyncDeps } from './deps.js';

export interface DeadLetter {
  body: unknown;
}

/** Record one dead letter; false when the message names no known tenant (nothing to show it to). */
export async function recordDeadLetter(deps: Pick<SyncDeps, 'store' | 'clock' | 'logger'>, letter: DeadLetter): Promise<boolean> {
  const body = (letter.body ?? {}) as { tenantId?: unknown; kind?: unknown };
  const tenantId = typeof body.tenantId === 'string' ? body.tenantId : null;
  const kind = body.kind === 'drift' ? 'drift check' : 'sync cycle';
  const { db, t } = deps.store;
  const tenant = tenantId ? (await db.select({ id: t.tenants.id }).from(t.tenants).where(eq(t.tenants.id, tenantId)))[0] : undefined;
  if (!tenant) {
    deps.logger.error({ body: letter.body }, 'dead letter for no known tenant dropped');
    return false;
  }
  const at = deps.clock.now().toISOString();
  const error = `The queued ${kind} failed on every try the queue allows and was given up; the next scheduled sync tries again. ` +
    'If this repeats, the queue consumer’s log lines for this tenant say why.';
  await db.insert(t.syncRuns).values({
    id: crypto.randomUUID(), tenantId: tenant.id, trigger: 'dead_letter', status: 'failed', phase: 'done', done: 0, total: 0,
    summaryJson: JSON.stringify({ trigger: 'dead_letter', kind: body.kind ?? 'sync' }), error, startedAt: at, finishedAt: at,
  });
  deps.logger.error({ tenantId: tenant.id, kind: body.kind }, 'queued work dead-lettered; recorded as a failed sync');
  return true;
}
