/**
 * Whether an adjustment may already be in the PSA. Money rule: a write the PSA may have saved is never
 * cancelled, merged into or re-sent blindly; it is settled first (the poster reads the service's units).
 * Only two kinds of row certainly are not in the PSA:
 *  - `planned`: never sent, or sent and then settled as "did not land"; `held` (waiting for review), never sent;
 *  - `failed` with nothing sent since the last settle (`unitsBefore` is null: the failure came before the
 *    send, e.g. the units read), or refused in a way the PSA documents as not saved (REFUSED_KINDS).
 * Everything else that is unfinished may have landed: `posting`/`unknown`, and `failed` after an outage
 * answer to a write (5xx without a business-rule text, network, timeout, an unreadable answer, or a kind
 * we do not know). `posted` did land (history); `cancelled`/`superseded` are finished.
 */

/**
 * Error kinds of a write the PSA refused without saving it: 401/403/404, 429 (the request is rejected
 * before processing), a stated business rule (Autotask errors[], ConnectWise validation), and our own
 * configuration errors (nothing was sent).
 */
export const REFUSED_KINDS: readonly string[] = ['auth', 'permission', 'not_found', 'throttled', 'rule', 'config'];

export interface WriteState {
  status: string;
  /** Kind of the last error (ConnectorErrorKind), null when none was recorded. */
  lastErrorKind: string | null;
  /** Set when the row is marked `posting` (just before a send); cleared when a settle finds it did not land. */
  unitsBefore: number | null;
}

/** An unfinished row the PSA may have saved: it must be settled before anything cancels, merges or re-sends it. */
export function mayHaveLanded(r: WriteState): boolean {
  if (r.status === 'posting' || r.status === 'unknown') return true;
  if (r.status !== 'failed') return false;
  return r.unitsBefore !== null && !REFUSED_KINDS.includes(r.lastErrorKind ?? '');
}

/** A row that certainly is not in the PSA and still could be: safe to cancel or merge into. */
export function certainlyUnsent(r: WriteState): boolean {
  // `held` waits for review or an annual term's renewal: it was never sent.
  return r.status === 'planned' || r.status === 'held' || (r.status === 'failed' && !mayHaveLanded(r));
}
