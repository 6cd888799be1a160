/**
 * Test controls of the Marketplace sandbox: injected faults, a request budget (429 when spent) and
 * per-route request counts for benchmarks. Routes are the spec's patterns, e.g. `GET /subscriptions/{id}`.
 */
export interface Fault {
  /** `GET /subscriptions/{id}`, `/orders`, or any path prefix such as `/subscriptions`. */
  route: string;
  /** How many matching requests it hits (default 1). */
  times?: number;
  /** Answer with this status and the API's error body. */
  status?: number;
  /** Sent with a 429/503 as `Retry-After` (seconds). */
  retryAfterSeconds?: number;
  /** Wait this long before answering (or before the injected error). */
  delayMs?: number;
  /** Answer 200 with a truncated JSON body. */
  malformed?: boolean;
  /** List routes: serve the previous page again instead of the one asked for. */
  repeatPage?: boolean;
  /** Every issued token stops working just before this request is checked (a token expiring mid-scan). */
  expireTokens?: boolean;
  /** Only requests whose query has these values, e.g. { offset: '200' }. */
  query?: Record<string, string>;
}

export interface Budget {
  requests: number;
  perSeconds: number;
}

export interface SandboxStats {
  total: number;
  byRoute: Record<string, number>;
  reset(): void;
}

export function createStats(): SandboxStats {
  const stats: SandboxStats = {
    total: 0,
    byRoute: {},
    reset() {
      stats.total = 0;
      for (const k of Object.keys(stats.byRoute)) delete stats.byRoute[k];
    },
  };
  return stats;
}

/** `/subscriptions/1000801` -> `/subscriptions/{id}`; paths outside the API are returned as-is. */
export function routeOf(method: string, apiPath: string): string {
  const p = apiPath.replace(/\/+$/, '') || '/';
  const m = /^\/(customers|subscriptions|orders|resellers|plans|reports)\/([^/]+)(\/.*)?$/.exec(p);
  if (m && !(m[1] === 'orders' && m[2] === 'estimate')) return `${method} /${m[1]}/{id}${m[3] ?? ''}`;
  return `${method} ${p}`;
}

export class FaultList {
  private faults: Fault[] = [];

  add(f: Fault): void {
    this.faults.push({ ...f, times: f.times ?? 1 });
  }

  clear(): void {
    this.faults = [];
  }

  get pending(): readonly Fault[] {
    return this.faults;
  }

  /** The first fault matching the request, consumed by one use. */
  take(route: string, apiPath: string, query: Record<string, string>): Fault | null {
    const i = this.faults.findIndex((f) => matches(f, route, apiPath, query));
    if (i < 0) return null;
    const f = this.faults[i]!;
    f.times = (f.times ?? 1) - 1;
    if (f.times <= 0) this.faults.splice(i, 1);
    return f;
  }
}

function matches(f: Fault, route: string, apiPath: string, query: Record<string, string>): boolean {
  const byRoute = f.route.includes(' ') ? f.route === route : apiPath === f.route || apiPath.startsWith(`${f.route}/`);
  if (!byRoute) return false;
  return Object.entries(f.query ?? {}).every(([k, v]) => query[k] === v);
}

/** Fixed-window request budget per subscription key. */
export class RequestBudget {
  private windows = new Map<string, { start: number; used: number }>();
  constructor(public budget: Budget | null) {}

  /** null when allowed; else the seconds until the window resets (for Retry-After). */
  spend(key: string, nowMs: number): number | null {
    if (!this.budget) return null;
    const span = this.budget.perSeconds * 1000;
    let w = this.windows.get(key);
    if (!w || nowMs - w.start >= span) {
      w = { start: nowMs, used: 0 };
      this.windows.set(key, w);
    }
    if (w.used >= this.budget.requests) return Math.max(1, Math.ceil((w.start + span - nowMs) / 1000));
    w.used++;
    return null;
  }

  reset(): void {
    this.windows.clear();
  }
}
