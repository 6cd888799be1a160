/**
 * Exactly-once posting of adjustment rows to the PSA. Neither PSA offers an idempotency key and an
 * Autotask adjustment can be neither read back nor reversed, so a double post is a real loss: the only
 * truth we can consult is the service's units on the adjustment's date (PsaClient.readUnits).
 *
 * Protocol for one row (rows of one resource strictly one after another, in queue order):
 *   1. The row exists (status planned), written with the plan before any post.
 *   2. `unitsBefore` (units on the effective date before this adjustment; from the ledger, or read) is
 *      stored together with status=posting and attempts+1, in one conditional update.
 *   3. postAdjustment is sent.
 *   4. The outcome is stored: posted (+ ledger += unitChange, in one atomic batch), failed (PSA's verbatim
 *      text, next_attempt_at from decideRetry), or unknown (timeout, reset, itemId null).
 *   A row in posting/unknown is settled before anything else of its resource is sent: after
 *   `settleAfterMs` (so a request still in flight at the PSA has finished), read the units on its date:
 *   unitsBefore + unitChange -> it landed (posted); unitsBefore -> it did not (send again); anything else
 *   -> someone else changed the service meanwhile: the row is held as unknown and a drift finding is
 *   raised; it is never sent again blindly (the drift fix replaces it by a reconciliation).
 *   A row that failed with an outage (5xx without a business-rule text, network, timeout, unreadable
 *   answer) may also have been saved: it is settled the same way before it is sent again. Only a refusal
 *   the PSA stated (Autotask's errors[], a ConnectWise validation) is re-sent without a read.
 *
 * Crash points (process killed at any instant; the next cycle, in this or another process, resumes):
 *   - before 2: row is planned/failed -> posted normally. Nothing was sent.
 *   - between 2 and 3 (marked posting, not sent): settle reads unitsBefore -> "did not land" -> sent.
 *   - during 3, or after the PSA applied it but before 4: the row is posting -> settle reads
 *     unitsBefore + unitChange -> marked posted and the ledger updated, no second send.
 *   - during 4: the batch is atomic, so row and ledger agree; otherwise as above.
 *   - during a settle: it only reads, then writes atomically; repeating it is harmless.
 *   Settling assumes nothing else moves the service's units between send and settle: the lease keeps
 *   our own processes out (one cycle per tenant, the holder re-checks its lease before each send), and
 *   a hand edit in that window is caught by the third branch instead of being overwritten.
 *   Residual risk, stated: a process frozen between its lease check and its send for longer than the
 *   lease TTL (120 s) could send after another process settled the row as "did not land". Both the TTL
 *   and settleAfterMs bound that window; no pause that long has a cause in this code.
 * Planning (planner.ts) and reconciliation (reconcile.ts) write their rows and the link's counts in one
 * atomic batch each, so a crash there leaves either nothing (redone next cycle) or finished rows.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Store } from '../db/store.js';
import type { AdjustmentRow } from '../db/sqlite/adjustments.js';
import type { ConnectorError } from '../connector-error.js';
import { decideRetry } from '../domain/retry.js';
import { certainlyUnsent, mayHaveLanded } from '../domain/landing.js';
import type { Logger } from '../services.js';
import type { PostOutcome, PsaClient, PriceSource } from '../psa/types.js';
import type { SyncOptions } from './deps.js';
import { linkWhere, postedAfter, type LinkedResource } from './repo.js';
import { raiseDriftFinding } from './drift-store.js';

export interface PostEnv {
  store: Store;
  tenantId: string;
  psa: PsaClient;
  now: () => Date;
  random: () => number;
  logger: Logger;
  options: SyncOptions;
  /** Called before every send; throws when this process lost its lease. */
  beforeSend: () => Promise<void>;
  stats: PostStats;
  /** True once the host shuts down: no further row is started (the one in flight finishes). */
  stopping?: () => boolean;
}

export interface PostStats {
  posted: number;
  failed: number;
  unknown: number;
  settledLanded: number;
  settledNotLanded: number;
  held: number;
  psaPosts: number;
  psaReads: number;
  cancelled: number;
}

export const emptyPostStats = (): PostStats => ({ posted: 0, failed: 0, unknown: 0, settledLanded: 0, settledNotLanded: 0, held: 0, psaPosts: 0, psaReads: 0, cancelled: 0 });

type Step = 'posted' | 'stop';

/**
 * Work through one resource's queue (rows sorted by queueOrder) until a row cannot finish now.
 * `link` is the resource's current link (null when the relation was cleared).
 */
export async function postResourceQueue(env: PostEnv, link: LinkedResource | null, rows: AdjustmentRow[], deadline: number, opts: { ignoreRetryTime?: boolean } = {}): Promise<void> {
  for (let row of rows) {
    if (env.now().getTime() > deadline || env.stopping?.()) return;
    const sameTarget = link !== null && link.psaServiceId === row.psaServiceId && link.psaContractId === row.psaContractId;
    if (!sameTarget && certainlyUnsent(row)) {
      // The relation was cleared or moved to another service: this change is no longer ours to post.
      await setRow(env.store, row.id, row.status, { status: 'superseded', nextAttemptAt: null, updatedAt: env.now().toISOString() });
      env.stats.cancelled += 1;
      continue;
    }
    // Held for review: it and everything after it wait. Held for an annual term's renewal: it waits,
    // and the resource's other changes (increases) go on.
    if (row.status === 'held') {
      if (row.heldUntil) continue;
      return;
    }
    if (!opts.ignoreRetryTime && row.nextAttemptAt && row.nextAttemptAt > env.now().toISOString()) return;
    // A write the PSA may have saved (sent and not settled, or an outage answer to it) is settled first,
    // also when its relation is gone: it is history if it landed, cancelled if it did not.
    if (mayHaveLanded(row)) {
      if ((row.status === 'posting' || row.status === 'unknown') && env.now().getTime() - Date.parse(row.updatedAt) < env.options.settleAfterMs) return;
      const settled = await settle(env, row, sameTarget ? link : null);
      if (settled === 'stop') return;
      if (settled === 'landed') continue;
      row = { ...row, status: 'planned', unitsBefore: null };
      if (!sameTarget) {
        await setRow(env.store, row.id, 'planned', { status: 'cancelled', updatedAt: env.now().toISOString() });
        env.stats.cancelled += 1;
        continue;
      }
    }
    if ((await post(env, row, link!)) === 'stop') return;
  }
}

async function post(env: PostEnv, row: AdjustmentRow, link: LinkedResource): Promise<Step> {
  const { store } = env;
  let unitsBefore: number;
  if (env.options.readBeforePost || link.ledgerUnits === null) {
    try {
      env.stats.psaReads += 1;
      unitsBefore = await env.psa.readUnits(targetOf(row), row.effectiveDate);
    } catch (err) {
      // Nothing was sent: the row certainly is not in the PSA (unitsBefore cleared, see landing.ts).
      await recordFailure(env, { ...row, unitsBefore: null }, row.status, err as ConnectorError, false);
      return 'stop';
    }
  } else {
    unitsBefore = link.ledgerUnits - (await postedAfter(store, env.tenantId, row, row.effectiveDate));
  }
  await env.beforeSend();
  const marked = await setRow(store, row.id, row.status, {
    status: 'posting',
    attempts: sql`${store.t.adjustments.attempts} + 1`,
    unitsBefore,
    updatedAt: env.now().toISOString(),
  });
  if (!marked) return 'stop';
  const attempts = row.attempts + 1;
  let outcome: PostOutcome;
  try {
    env.stats.psaPosts += 1;
    outcome = await env.psa.postAdjustment({
      ...targetOf(row),
      effectiveDate: row.effectiveDate,
      unitChange: row.unitChange,
      unitPrice: row.unitPrice,
      priceSource: (link.priceSource as PriceSource) ?? 'catalog',
      adjustmentId: row.id,
      description: `Marketplace subscription ${row.odinSubscriptionId}, resource ${row.odinResourceId}: ${row.fromCount} -> ${row.toCount}`,
      owner: { odinSubscriptionId: row.odinSubscriptionId, odinResourceId: row.odinResourceId },
    });
  } catch (err) {
    // A connector that throws instead of returning may have sent the request: treat it as unknown.
    outcome = { status: 'unknown', error: err as ConnectorError };
  }
  const at = env.now().toISOString();
  if (outcome.status === 'posted') {
    await markPosted(env, { ...row, attempts }, outcome.psaReference, at, link, outcome.note);
    env.stats.posted += 1;
    return 'posted';
  }
  if (outcome.status === 'failed') {
    await recordFailure(env, { ...row, attempts, unitsBefore }, 'posting', outcome.error, false);
    env.stats.failed += 1;
    return 'stop';
  }
  await setRow(store, row.id, 'posting', {
    status: 'unknown',
    lastError: messageOf(outcome.error),
    lastErrorKind: outcome.error?.kind ?? 'network',
    nextAttemptAt: new Date(env.now().getTime() + env.options.settleAfterMs).toISOString(),
    updatedAt: at,
  });
  env.stats.unknown += 1;
  return 'stop';
}

/** Decide whether a sent row landed, from the PSA's units on its date. */
async function settle(env: PostEnv, row: AdjustmentRow, link: LinkedResource | null): Promise<'landed' | 'not_landed' | 'stop'> {
  let units: number;
  try {
    // A post of several writes whose first one landed is completed first, so the units say landed or not.
    if (env.psa.finishPost) await env.psa.finishPost({ ...targetOf(row), effectiveDate: row.effectiveDate, adjustmentId: row.id, unitChange: row.unitChange });
    env.stats.psaReads += 1;
    units = await env.psa.readUnits(targetOf(row), row.effectiveDate);
  } catch (err) {
    await recordFailure(env, row, row.status, err as ConnectorError, true);
    return 'stop';
  }
  const at = env.now().toISOString();
  if (row.unitsBefore !== null && units === row.unitsBefore + row.unitChange) {
    await markPosted(env, row, row.psaReference, at, link);
    env.stats.settledLanded += 1;
    return 'landed';
  }
  if (row.unitsBefore !== null && units === row.unitsBefore) {
    env.stats.settledNotLanded += 1;
    const ok = await setRow(env.store, row.id, row.status, { status: 'planned', unitsBefore: null, updatedAt: at, nextAttemptAt: null });
    return ok ? 'not_landed' : 'stop';
  }
  const message =
    `Could not tell whether this adjustment reached the PSA: the service shows ${units} units on ${row.effectiveDate}, ` +
    `expected ${row.unitsBefore ?? '?'} (not posted) or ${(row.unitsBefore ?? 0) + row.unitChange} (posted). ` +
    'Someone may have changed it by hand; check the service and use Fix on the Drift page.';
  await setRow(env.store, row.id, row.status, {
    status: 'unknown',
    lastError: message,
    lastErrorKind: 'ambiguous',
    nextAttemptAt: new Date(env.now().getTime() + (env.options.retry.slowCapMs ?? 300_000)).toISOString(),
    updatedAt: at,
  });
  if (link) await raiseDriftFinding(env.store, env.tenantId, link, units, env.now());
  env.stats.held += 1;
  env.logger.warn({ adjustmentId: row.id, units, unitsBefore: row.unitsBefore, unitChange: row.unitChange }, 'adjustment outcome ambiguous; held');
  return 'stop';
}

/** Row posted and ledger moved in one batch; the in-memory link follows so the next row's unitsBefore is right. */
async function markPosted(env: PostEnv, row: AdjustmentRow, psaReference: string | null, at: string, link: LinkedResource | null, note?: string): Promise<void> {
  const { store } = env;
  const updateLedger = link !== null;
  const t = store.t;
  const rl = t.resourceLinks;
  await store.atomic((db) => [
    db.update(t.adjustments).set({ status: 'posted', psaReference, postedAt: at, nextAttemptAt: null, updatedAt: at,
      // The PSA's word on a post that landed (e.g. in a period already billed) shows in the log's PSA message.
      ...(note ? { lastError: note, lastErrorKind: 'posted_period' } : {}) }).where(eq(t.adjustments.id, row.id)),
    ...(updateLedger
      ? [
          db
            .update(rl)
            .set({ ledgerUnits: sql`coalesce(${rl.ledgerUnits}, 0) + ${row.unitChange}` })
            .where(and(linkWhere(store, env.tenantId, row), eq(rl.psaServiceId, row.psaServiceId))),
        ]
      : []),
  ]);
  if (link) link.ledgerUnits = (link.ledgerUnits ?? 0) + row.unitChange;
}

async function recordFailure(env: PostEnv, row: AdjustmentRow, fromStatus: string, error: ConnectorError | undefined, keepStatus: boolean): Promise<void> {
  const decision = decideRetry({ kind: error?.kind ?? 'network', attempts: Math.max(1, row.attempts), retryAfterMs: error?.retryAfterMs }, { ...env.options.retry, random: env.random });
  await setRow(env.store, row.id, fromStatus, {
    ...(keepStatus ? {} : { status: 'failed', unitsBefore: row.unitsBefore }),
    lastError: messageOf(error),
    // A settle read that failed says nothing about the write: a failed row keeps its write's kind, so
    // it stays "may have landed" (a 401 on the read must not make an outage look like a refusal).
    ...(keepStatus && row.status === 'failed' ? {} : { lastErrorKind: error?.kind ?? 'network' }),
    nextAttemptAt: decision.retry ? new Date(env.now().getTime() + decision.waitMs).toISOString() : '9999-12-31T00:00:00.000Z',
    updatedAt: env.now().toISOString(),
  });
}

function messageOf(error: ConnectorError | undefined): string {
  if (!error) return 'The PSA did not answer';
  return typeof (error as { displayMessage?: unknown }).displayMessage === 'string' ? error.displayMessage : String((error as Error).message ?? error);
}

/** Conditional update: only when the row is still in `fromStatus` (another writer did not move it). */
async function setRow(store: Store, id: string, fromStatus: string, set: Record<string, unknown>): Promise<boolean> {
  const t = store.t;
  const res = await store.db.update(t.adjustments).set(set).where(and(eq(t.adjustments.id, id), eq(t.adjustments.status, fromStatus)));
  return store.affected(res) === 1;
}

export function targetOf(row: AdjustmentRow) {
  return { accountId: row.psaAccountId, contractId: row.psaContractId, serviceId: row.psaServiceId, contractServiceId: row.psaContractServiceId };
}
