/**
 * The sync cycle's renewal step, before posting: links whose contract ended before changes still waiting
 * follow its renewal when the services match one to one; the others wait for the user (GET /api/renewals).
 */
import type { AdjustmentRow } from '../db/sqlite/adjustments.js';
import type { Store } from '../db/store.js';
import type { Logger } from '../services.js';
import type { PsaClient } from '../psa/types.js';
import type { LinkedResource } from '../sync/repo.js';
import { findEndedContracts, followRenewal } from './follow.js';

export interface RenewalStepEnv { store: Store; tenantId: string; psa: PsaClient; now: () => Date; logger: Logger }

/** Returns how many resource links followed a renewal and how many ended contracts wait for the user. */
export async function followRenewals(env: RenewalStepEnv, links: readonly LinkedResource[], open: readonly AdjustmentRow[]): Promise<{ followed: number; waiting: number }> {
  let followed = 0;
  let waiting = 0;
  for (const ended of await findEndedContracts(env.psa, links, open)) {
    if (!ended.renewal || !ended.pairs || ended.blockedBy) {
      waiting += 1;
      continue;
    }
    followed += await followRenewal(env.store, env.tenantId, ended, ended.renewal, ended.pairs, env.now());
    env.logger.info({ from: ended.old.id, to: ended.renewal.id, rows: ended.lateRows.length }, 'links followed a renewed contract');
  }
  return { followed, waiting };
}
