/**
 * The Workers host's dead-letter queue: a tenant's queued cycle (or drift check) that failed on every
 * delivery the queue allows ends here. It must not vanish: it becomes a failed sync run of that tenant
 * (trigger `dead_letter`, the reason in the user's words), which GET /api/sync and the dashboard show as the
 * last sync, the Failure log lists until a later cycle finishes (server/reports/failure-log.ts), and an
 * error log line. The next Cron tick enqueues the tenant again once its interval passed.
 */
import { eq } from 'drizzle-orm';
import type { SyncDeps } from './deps.js';

export interface DeadLetter {
  body: unknown;
}

/** A queue message as the Workers runtime hands it to a consumer. */
export interface QueuedMessage {
  body: unknown;
  /** Deliveries so far, this one included (Workers `Message.attempts`). */
  attempts?: number;
  ack(): void;
  retry(): void;
}

interface LastFailure {
  reason: string;
  attempts: number | null;
}

/**
 * Why the main queue's last delivery of a tenant's message failed: the dead letter carries only the body,
 * so the consumer remembers the reason here. Per isolate: when the dead letter lands in another isolate the
 * words say where the reason is instead. Bounded so a long-lived isolate does not grow.
 */
const lastFailures = new Map<string, LastFailure>();
const REMEMBERED = 1000;

const keyOf = (body: unknown): string | null => {
  const b = (body ?? {}) as { tenantId?: unknown; kind?: unknown };
  return typeof b.tenantId === 'string' ? `${b.tenantId}:${b.kind === 'drift' ? 'drift' : 'sync'}` : null;
};

/** Remember a failed delivery of the main queue (called before the message is retried). */
export function rememberQueueFailure(msg: Pick<QueuedMessage, 'body' | 'attempts'>, err: unknown): void {
  const key = keyOf(msg.body);
  if (!key) return;
  // A query error wraps the database's own words (e.g. D1_ERROR: ...) in its cause; the SQL text is no reason.
  const inner = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  const reason = (inner instanceof Error ? inner.message : String(inner)).trim().slice(0, 300) || 'an error without a message';
  lastFailures.delete(key);
  lastFailures.set(key, { reason, attempts: typeof msg.attempts === 'number' ? msg.attempts : null });
  if (lastFailures.size > REMEMBERED) lastFailures.delete(lastFailures.keys().next().value!);
}

/** The tenant's words: what could not run, why, and how often the queue tried. */
export function deadLetterWords(kind: 'sync' | 'drift', failure: LastFailure | undefined): string {
  const what = kind === 'drift' ? 'The drift check for this tenant could not run' : 'The sync for this tenant could not run';
  const why = failure?.reason ?? 'the reason is in the queue consumer’s log lines for this tenant';
  const tries = failure?.attempts ? `the queue gave up after ${failure.attempts} attempt${failure.attempts === 1 ? '' : 's'}` : 'the queue gave up after every try it allows';
  return `${what}: ${why}; ${tries}. The next scheduled sync tries again.`;
}

/** Record one dead letter; false when the message names no known tenant (nothing to show it to). */
export async function recordDeadLetter(deps: Pick<SyncDeps, 'store' | 'clock' | 'logger'>, letter: DeadLetter): Promise<boolean> {
  const body = (letter.body ?? {}) as { tenantId?: unknown; kind?: unknown };
  const tenantId = typeof body.tenantId === 'string' ? body.tenantId : null;
  const kind = body.kind === 'drift' ? 'drift' : 'sync';
  const { db, t } = deps.store;
  const tenant = tenantId ? (await db.select({ id: t.tenants.id }).from(t.tenants).where(eq(t.tenants.id, tenantId)))[0] : undefined;
  if (!tenant) {
    deps.logger.error({ body: letter.body }, 'dead letter for no known tenant dropped');
    return false;
  }
  const key = keyOf(body)!;
  const failure = lastFailures.get(key);
  lastFailures.delete(key);
  const at = deps.clock.now().toISOString();
  const error = deadLetterWords(kind, failure);
  await db.insert(t.syncRuns).values({
    id: crypto.randomUUID(), tenantId: tenant.id, trigger: 'dead_letter', status: 'failed', phase: 'done', done: 0, total: 0,
    summaryJson: JSON.stringify({ trigger: 'dead_letter', kind, attempts: failure?.attempts ?? null }), error, startedAt: at, finishedAt: at,
  });
  deps.logger.error({ tenantId: tenant.id, kind, reason: failure?.reason, attempts: failure?.attempts }, 'queued work dead-lettered; recorded as a failed sync');
  return true;
}

/**
 * The dead-letter queue's consumer: every letter is recorded (or dropped when it names no tenant) and
 * acknowledged, never retried from here. A letter whose recording throws (the store is down) is retried
 * by the queue, so it is not lost.
 */
export async function consumeDeadLetters(
  deps: Pick<SyncDeps, 'store' | 'clock' | 'logger'>, messages: readonly QueuedMessage[], counted?: () => void,
): Promise<void> {
  for (const msg of messages) {
    try {
      await recordDeadLetter(deps, { body: msg.body });
      counted?.();
      msg.ack();
    } catch (err) {
      deps.logger.error({ err }, 'dead letter could not be recorded; the queue delivers it again');
      msg.retry();
    }
  }
}
