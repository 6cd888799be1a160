/**
 * What operators scrape at GET /metrics (Prometheus text), with prom-client. One registry per process
 * (Node) or per isolate (Workers): counters start at zero with the process, as Prometheus expects.
 * Recorders take plain facts (a finished cycle's status and summary, a PSA call's outcome and time),
 * so the sync engine and the PSA clients know nothing of Prometheus.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface CycleFacts {
  trigger: string;
  status: string;
  durationMs: number;
  summary: Record<string, unknown>;
}

export interface PsaCallFacts {
  system: string;
  operation: string;
  /** ok, error, or for posts: posted, failed, unknown. */
  outcome: string;
  errorKind?: string;
  durationMs: number;
}

export interface AutotaskUsage {
  externalRequestThreshold: number;
  currentTimeframeRequestCount: number;
}

export type Metrics = ReturnType<typeof createMetrics>;

export function createMetrics() {
  const registry = new Registry();
  const registers = [registry];
  const cycles = new Counter({ name: 'idsync_sync_cycles_total', help: 'Sync cycles finished, by outcome (ok, partial, failed) and trigger', labelNames: ['outcome', 'trigger'], registers });
  const cycleSeconds = new Histogram({
    name: 'idsync_sync_cycle_duration_seconds', help: 'Duration of sync cycles', labelNames: ['outcome'], registers,
    buckets: [0.05, 0.25, 1, 2.5, 5, 10, 30, 60, 120, 240],
  });
  const posts = new Counter({ name: 'idsync_adjustment_posts_total', help: 'Adjustment posts answered by the PSA, by outcome (posted, failed, unknown)', labelNames: ['psa', 'outcome'], registers });
  const posted = new Counter({ name: 'idsync_adjustments_posted_total', help: 'Adjustments the PSA confirmed (a post answered with success)', labelNames: ['psa'], registers });
  const failures = new Counter({ name: 'idsync_adjustment_failures_total', help: 'Adjustment posts that failed, by error kind (they show in the Failure log)', labelNames: ['psa', 'kind'], registers });
  const held = new Counter({ name: 'idsync_adjustments_held_total', help: 'Adjustments held because the PSA units matched neither outcome (drift raised)', registers });
  const cycleFailures = new Counter({ name: 'idsync_cycle_failures_total', help: 'Cycles that could not run (queue dead letters included), by where they failed', labelNames: ['where'], registers });
  const apiCalls = new Counter({ name: 'idsync_api_calls_total', help: 'Calls to the vendors’ APIs per system (PSA: client operations; Marketplace: HTTP requests)', labelNames: ['system', 'operation', 'outcome'], registers });
  const psaSeconds = new Histogram({
    name: 'idsync_psa_call_duration_seconds', help: 'Duration of PSA client operations', labelNames: ['system', 'operation'], registers,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  });
  const autotaskRemaining = new Gauge({ name: 'idsync_autotask_threshold_remaining', help: 'Autotask requests left in the current threshold window, at the last ThresholdInformation reading', labelNames: ['tenant'], registers });
  const autotaskThreshold = new Gauge({ name: 'idsync_autotask_threshold', help: 'Autotask requests allowed per threshold window, at the last reading', labelNames: ['tenant'], registers });

  return {
    registry,
    cycleFinished(f: CycleFacts): void {
      cycles.inc({ outcome: f.status, trigger: f.trigger });
      cycleSeconds.observe({ outcome: f.status }, f.durationMs / 1000);
      const n = (k: string) => (typeof f.summary[k] === 'number' ? (f.summary[k] as number) : 0);
      if (n('held')) held.inc(n('held'));
      if (n('marketplaceCalls')) apiCalls.inc({ system: 'marketplace', operation: 'refresh', outcome: f.summary.marketplaceError ? 'error' : 'ok' }, n('marketplaceCalls'));
      if (f.status === 'failed') cycleFailures.inc({ where: 'cycle' });
    },
    psaCall(f: PsaCallFacts): void {
      apiCalls.inc({ system: f.system, operation: f.operation, outcome: f.outcome });
      psaSeconds.observe({ system: f.system, operation: f.operation }, f.durationMs / 1000);
      if (f.operation !== 'postAdjustment') return;
      posts.inc({ psa: f.system, outcome: f.outcome });
      if (f.outcome === 'posted') posted.inc({ psa: f.system });
      if (f.outcome === 'failed') failures.inc({ psa: f.system, kind: f.errorKind ?? 'unknown' });
    },
    autotaskUsage(tenantId: string, u: AutotaskUsage): void {
      autotaskThreshold.set({ tenant: tenantId }, u.externalRequestThreshold);
      autotaskRemaining.set({ tenant: tenantId }, Math.max(0, u.externalRequestThreshold - u.currentTimeframeRequestCount));
    },
    deadLetter(): void {
      cycleFailures.inc({ where: 'dead_letter' });
    },
    text: () => registry.metrics(),
    contentType: registry.contentType,
  };
}
