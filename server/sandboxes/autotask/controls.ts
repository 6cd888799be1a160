/**
 * Test controls of the sandbox: injected failures, hand edits (drift), contract extension, the log of
 * accepted adjustments, request counters and the hourly request threshold. The same object backs the JS
 * API (`sandbox.controls`) and the HTTP endpoints under `/_control/...`.
 */
import { AUTOTASK_FACTS } from './vendor.js';
import { approveAndPost, extendContract, renewContract, setUnitsByHand } from './rules.js';
import type { AcceptedAdjustment, SandboxState } from './state.js';

export interface Fault {
  /**
   * `status`: answer with this status/body; `hang`: never answer (until released, then 503); `malformed`: 200
   * with a broken body; `hold`: a slow Autotask: wait until released, then answer normally.
   */
  kind: 'status' | 'hang' | 'malformed' | 'hold';
  status?: number;
  /** Body text for `status` faults; default Autotask's errors[] shape. */
  body?: string;
  retryAfter?: string;
  /** Case-insensitive substring of the request path, and an HTTP method, that the fault applies to. */
  path?: string;
  method?: string;
  /** `after`: let the request take effect (an adjustment is saved) and then fail the answer. */
  phase?: 'before' | 'after';
  /** How many matching requests it hits (default 1). */
  times?: number;
}

export interface Stats {
  /** Every API request (zone discovery included, control calls excluded). */
  requests: number;
  byRoute: Record<string, number>;
}

export interface Threshold { limit: number; timeframeMinutes: number; stamps: number[] }

export function createControls(state: SandboxState, clock: { now(): Date }) {
  const faults: (Fault & { left: number })[] = [];
  const hung = new Set<() => void>();
  const stats: Stats = { requests: 0, byRoute: {} };
  const threshold: Threshold = { limit: AUTOTASK_FACTS.requestThreshold, timeframeMinutes: AUTOTASK_FACTS.thresholdTimeframeMinutes, stamps: [] };
  const zone = { n: 1 };

  const controls = {
    /** Queue a failure; returns nothing, it is spent as it matches. */
    inject(fault: Fault): void {
      faults.push({ ...fault, left: fault.times ?? 1 });
    },
    clearFaults(): void {
      faults.length = 0;
    },
    /** The first queued fault matching this request, spent by one. */
    takeFault(method: string, path: string, phase: 'before' | 'after'): Fault | undefined {
      const i = faults.findIndex((f) => (f.phase ?? 'before') === phase && (!f.method || f.method.toUpperCase() === method)
        && (!f.path || path.toLowerCase().includes(f.path.toLowerCase())));
      if (i < 0) return undefined;
      const f = faults[i]!;
      if (--f.left <= 0) faults.splice(i, 1);
      return f;
    },
    /** A hung request waits here until released (tests release before closing their server). */
    hang(): Promise<void> {
      return new Promise((resolve) => hung.add(resolve));
    },
    /** Requests waiting for a release (hung or held). */
    heldCount(): number {
      return hung.size;
    },
    releaseHung(): number {
      const n = hung.size;
      for (const r of hung) r();
      hung.clear();
      return n;
    },
    setUnits(contractServiceId: number, date: string, units: number): boolean {
      return setUnitsByHand(state, contractServiceId, date, units);
    },
    extendContract(contractId: number, endDate: string): boolean {
      return extendContract(state, contractId, endDate);
    },
    /** The Renew Contract wizard: a new contract with the services and units of the old one (rules.ts). */
    renewContract(contractId: number, opts: { startDate?: string; endDate?: string } = {}): { id: number } | { error: string } {
      return renewContract(state, contractId, opts);
    },
    /** Approve & Post the contract's periods ending on or before `through`; returns the rows posted. */
    approveAndPost(contractId: number, through: string, now = new Date()): number {
      return approveAndPost(state, contractId, through, now);
    },
    adjustments(): AcceptedAdjustment[] {
      return state.adjustments.map((a) => ({ ...a }));
    },
    setThreshold(limit: number, timeframeMinutes = threshold.timeframeMinutes): void {
      threshold.limit = limit;
      threshold.timeframeMinutes = timeframeMinutes;
    },
    /** Pretend other integrations of the tenant spent `n` requests just now. */
    spend(n: number): void {
      const t = clock.now().getTime();
      for (let i = 0; i < n; i++) threshold.stamps.push(t);
    },
    /** Requests counted in the rolling window now. */
    usage(): number {
      const from = clock.now().getTime() - threshold.timeframeMinutes * 60_000;
      while (threshold.stamps.length && threshold.stamps[0]! <= from) threshold.stamps.shift();
      return threshold.stamps.length;
    },
    /** Move the tenant to another zone: the old zone URL answers 401 from now on. */
    moveZone(): string {
      zone.n += 1;
      return controls.zoneName();
    },
    zoneName: () => `zone-${zone.n}`,
    resetStats(): void {
      stats.requests = 0;
      stats.byRoute = {};
    },
  };
  return { controls, stats, threshold };
}

export type SandboxControls = ReturnType<typeof createControls>['controls'];
