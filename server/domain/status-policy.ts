/**
 * What a subscription's Marketplace status means for billing (we decide; per-mapping override):
 *  - sync:   the count is billed as it is (active);
 *  - freeze: nothing is posted while in this status (hold, pending); reports show it;
 *  - zero:   the count is billed as 0, dated like a decrease (terminated, removed).
 * An unknown status freezes: posting a guess would be a change nobody can take back in Autotask.
 */
export type StatusAction = 'sync' | 'freeze' | 'zero';
export type StatusPolicy = Readonly<Record<string, StatusAction>>;

export const DEFAULT_STATUS_POLICY: StatusPolicy = {
  active: 'sync',
  hold: 'freeze',
  pending: 'freeze',
  terminated: 'zero',
  removed: 'zero',
};

const ACTIONS: readonly StatusAction[] = ['sync', 'freeze', 'zero'];

/** The action for `status`: the mapping's override first, then the tenant default, then freeze. */
export function statusAction(status: string, override?: StatusPolicy | null, base: StatusPolicy = DEFAULT_STATUS_POLICY): StatusAction {
  const key = status.trim().toLowerCase();
  return override?.[key] ?? base[key] ?? 'freeze';
}

/**
 * A mapping's stored override (resource_links.status_policy_json), e.g. `{"hold":"sync"}`. Bad JSON or
 * unknown actions are dropped rather than thrown: a broken override falls back to the default policy.
 */
export function parseStatusPolicy(json: string | null | undefined): StatusPolicy | null {
  if (!json) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return null;
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const out: Record<string, StatusAction> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof v === 'string' && (ACTIONS as readonly string[]).includes(v)) out[k.toLowerCase()] = v as StatusAction;
  }
  return Object.keys(out).length ? out : null;
}
