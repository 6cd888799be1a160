/**
 * When to slow down: Autotask allows 10,000 requests per rolling hour per database, shared by every
 * integration of the tenant, and suspends the whole tenant at 100 % (research 1.8). We read
 * `ThresholdInformation` now and then and pace ourselves so that our traffic never pushes the tenant past
 * half of its threshold. Pure, unit-tested.
 */
export interface ThresholdUsage {
  externalRequestThreshold: number;
  /** Minutes. */
  requestThresholdTimeframe: number;
  currentTimeframeRequestCount: number;
}

export interface ThrottlePolicy {
  /** Start pacing at this share of the threshold. */
  slowAt: number;
  /** Never go past this share: wait for the window to drain instead. */
  stopAt: number;
  /** Longest single wait before reading the usage again. */
  maxWaitMs: number;
  /** Requests between two readings of ThresholdInformation while far from the limit. */
  maxRecheckAfter: number;
}

export const DEFAULT_POLICY: ThrottlePolicy = { slowAt: 0.4, stopAt: 0.5, maxWaitMs: 60_000, maxRecheckAfter: 200 };

/**
 * The mapping screen's lists stop at 30 %: whatever a user clicks, a fifth of the threshold stays for
 * posting adjustments (which go on to 50 %). No pacing band: a list read inside an HTTP request either
 * goes or is refused at once (with `maxPauses: 0`), it does not sleep.
 */
export const LIST_POLICY: ThrottlePolicy = { slowAt: 0.3, stopAt: 0.3, maxWaitMs: 60_000, maxRecheckAfter: 50 };

export interface ThrottleDecision {
  action: 'go' | 'slow' | 'pause';
  /** Wait this long before the next request. */
  waitMs: number;
  /** Read ThresholdInformation again after this many of our requests (0: before the next one). */
  recheckAfter: number;
  reason: string;
}

/** `sentSince`: our requests since the reading, which the reading does not include yet. */
export function decideThrottle(usage: ThresholdUsage, sentSince: number, policy: ThrottlePolicy = DEFAULT_POLICY): ThrottleDecision {
  const threshold = Math.max(1, usage.externalRequestThreshold);
  const windowMs = Math.max(1, usage.requestThresholdTimeframe) * 60_000;
  const used = usage.currentTimeframeRequestCount + sentSince;
  const share = used / threshold;
  const pct = `${Math.round(share * 100)}% of ${threshold}`;
  if (share < policy.slowAt) {
    // Others may be spending too: read again well before our own traffic alone could reach slowAt.
    const headroom = Math.floor((policy.slowAt * threshold - used) / 2);
    return { action: 'go', waitMs: 0, recheckAfter: Math.max(1, Math.min(policy.maxRecheckAfter, headroom)), reason: `${pct} used` };
  }
  if (share < policy.stopAt) {
    // Pace at the rate that would spend the half-threshold evenly over the window.
    const waitMs = Math.min(policy.maxWaitMs, Math.ceil(windowMs / (policy.stopAt * threshold)));
    const headroom = Math.floor((policy.stopAt * threshold - used) / 4);
    return { action: 'slow', waitMs, recheckAfter: Math.max(1, Math.min(20, headroom)), reason: `${pct} used: pacing requests` };
  }
  // At or past half: wait for the rolling window to release about the overshoot, then read again.
  const overshoot = used - policy.stopAt * threshold + 1;
  const waitMs = Math.min(policy.maxWaitMs, Math.ceil((overshoot / threshold) * windowMs));
  return { action: 'pause', waitMs: Math.max(1_000, waitMs), recheckAfter: 0, reason: `${pct} used: waiting for the hourly window` };
}

/**
 * Stateful pacing around `decideThrottle` for one client: reads the usage when due, waits as decided, and
 * gives up with `onGiveUp` after `maxPauses` waits for the window in a row.
 */
export function createPacer(o: {
  readUsage: () => Promise<ThresholdUsage | null>;
  sleep: (ms: number) => Promise<void>;
  policy?: ThrottlePolicy;
  maxPauses?: number;
  onGiveUp: (d: ThrottleDecision) => Error;
  /** Told of every reading (the remaining threshold is an operator's metric). */
  onUsage?: (usage: ThresholdUsage) => void;
}) {
  const policy = o.policy ?? DEFAULT_POLICY;
  let usage: ThresholdUsage | null = null;
  let since = 0;
  let recheckAfter = 0;
  let read = false;
  return {
    /** Call before each counted request. */
    async before(): Promise<void> {
      for (let pauses = 0; ; pauses++) {
        if (!read || since >= recheckAfter) {
          read = true;
          since = 0;
          usage = await o.readUsage().catch(() => null);
          if (usage) o.onUsage?.(usage);
          // No reading (old API, no right to it): carry on and try again later.
          if (!usage) { recheckAfter = policy.maxRecheckAfter; return; }
        }
        if (!usage) return;
        const d = decideThrottle(usage, since, policy);
        recheckAfter = d.recheckAfter;
        if (d.action === 'pause' && pauses >= (o.maxPauses ?? 3)) throw o.onGiveUp(d);
        if (d.waitMs > 0) await o.sleep(d.waitMs);
        if (d.action !== 'pause') return;
        recheckAfter = 0;
      }
    },
    /** Call after each counted request; `throttled` when the API said 429. */
    after(throttled = false): void {
      since += 1;
      if (throttled) recheckAfter = 0;
    },
  };
}
