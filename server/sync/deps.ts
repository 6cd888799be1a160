/**
 * What the sync engine needs from the outside world, as one explicit record. The Node host, the Workers
 * host and the tests each build it; nothing in server/sync reads globals, env or the clock directly.
 */
import type { AppConfig, Clock, Logger, PsaClientFactories, SecretBox, Services } from '../services.js';
import type { Store } from '../db/store.js';
import type { CountChange } from '../marketplace/types.js';
import type { RetryOptions } from '../domain/retry.js';
import { snapshotSource } from './marketplace-source.js';
import type { HolderProcess } from './lease.js';
import { runAlerts } from '../alerts/run.js';

/**
 * The Marketplace side of a cycle: bring the tenant's snapshot (mp_* tables) up to date and say what
 * moved. The engine plans from the snapshot, not from the returned list, so a crash between the refresh
 * and the planning loses nothing: the next cycle sees the snapshot differ from the links' planned counts.
 */
export interface MarketplaceSource {
  refresh(tenantId: string, opts: { full: boolean }): Promise<MarketplaceRefresh>;
}

export interface MarketplaceRefresh {
  changes: CountChange[];
  /** Marketplace API calls the refresh made (for the run summary and the benchmark). */
  apiCalls?: number;
  /** e.g. 'changes' or 'full'. */
  mode?: string;
}

export interface SyncOptions {
  /**
   * How long a cycle's lease lives without renewal; another process may take over after it. The holder
   * renews every third of it, so it only bounds how long a frozen or killed holder (whose death the
   * host cannot see) blocks its tenant.
   */
  leaseTtlMs: number;
  /** A cycle stops starting new posts after this long; what is left waits for the next cycle. */
  budgetMs: number;
  /** Resources posted at once (Autotask allows 3 threads per endpoint per integration). */
  concurrency: number;
  /** Wait after an unknown outcome (or a crash mid-post) before reading the PSA to settle it. */
  settleAfterMs: number;
  /** Read the PSA's units before every first send instead of trusting the ledger (2 calls per change). */
  readBeforePost: boolean;
  /** How long reconcileResourceLink waits for a running cycle's lease before answering "planned". */
  reconcileWaitMs: number;
  /** Resources the periodic drift check reads per run (rotating through all links). */
  driftBatch: number;
  retry: Omit<RetryOptions, 'random'>;
}

export const DEFAULT_SYNC_OPTIONS: SyncOptions = {
  leaseTtlMs: 30_000,
  budgetMs: 240_000,
  concurrency: 3,
  settleAfterMs: 30_000,
  readBeforePost: false,
  reconcileWaitMs: 2_000,
  driftBatch: 200,
  retry: {},
};

export interface SyncDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  secrets: SecretBox;
  config: Pick<AppConfig, 'syncIntervalSeconds'>;
  psa: PsaClientFactories;
  marketplace: MarketplaceSource;
  /** Uniform [0,1) for retry jitter and lease holder ids; Math.random by default. */
  random?: () => number;
  options?: Partial<SyncOptions>;
  /** This process, recorded in lease holders so a killed holder is taken over at once (Node host). */
  process?: HolderProcess;
  /**
   * The host's shutdown: once `stopping`, cycles start no further post (an in-flight one finishes and is
   * recorded) and end; `running` holds the cycles in progress so the host can wait for them.
   */
  shutdown?: { stopping: boolean; running: Set<Promise<unknown>> };
  /** Told of every finished cycle (GET /metrics); absent in tests that do not count. */
  metrics?: { cycleFinished(f: { trigger: string; status: string; durationMs: number; summary: Record<string, unknown> }): void };
  /** Run after every cycle, outside its lease (alerts); a failure there is logged, never the cycle's. */
  afterCycle?: (tenantId: string) => Promise<unknown>;
}

export function optionsOf(deps: SyncDeps): SyncOptions {
  return { ...DEFAULT_SYNC_OPTIONS, ...deps.options, retry: { ...DEFAULT_SYNC_OPTIONS.retry, ...deps.options?.retry } };
}

/** SyncDeps from the app's Services plus the Marketplace source the host wires in. */
export function syncDepsFrom(services: Services, marketplace: MarketplaceSource, options?: Partial<SyncOptions>, process?: HolderProcess): SyncDeps {
  return {
    store: services.store,
    clock: services.clock,
    logger: services.logger.child({ area: 'sync' }),
    secrets: services.secrets,
    config: services.config,
    psa: services.psa,
    marketplace,
    options,
    process,
    metrics: services.metrics,
    afterCycle: (tenantId) => runAlerts(services, tenantId),
  };
}

const registered = new WeakMap<Services, SyncDeps>();

/** The host registers the engine's deps for its Services so the HTTP routes can start cycles. */
export function registerSyncDeps(services: Services, deps: SyncDeps): void {
  registered.set(services, deps);
}

export function syncDepsOf(services: Services): SyncDeps | null {
  return registered.get(services) ?? null;
}

/**
 * The engine's deps for these Services: the ones the host registered, else the production defaults (the
 * stored Marketplace connection), registered on first use so every route shares one set.
 */
export function syncDepsFor(services: Services): SyncDeps {
  let deps = registered.get(services);
  if (!deps) registered.set(services, (deps = syncDepsFrom(services, snapshotSource(services))));
  return deps;
}
