/** Requests the sandbox answered, by route with ids folded (`GET /finance/agreements/{id}/additions`). */
export class SandboxStats {
  total = 0;
  byRoute: Record<string, number> = {};
  byStatus: Record<string, number> = {};

  record(method: string, path: string, status: number): void {
    const route = `${method} ${path.replace(/\/\d+(?=\/|$)/g, '/{id}')}`;
    this.total++;
    this.byRoute[route] = (this.byRoute[route] ?? 0) + 1;
    this.byStatus[String(status)] = (this.byStatus[String(status)] ?? 0) + 1;
  }

  /** Requests whose method+route starts with `prefix`, e.g. `POST /finance/agreements/{id}/additions`. */
  count(prefix = ''): number {
    let n = 0;
    for (const [route, k] of Object.entries(this.byRoute)) if (route.startsWith(prefix)) n += k;
    return n;
  }

  reset(): void {
    this.total = 0;
    this.byRoute = {};
    this.byStatus = {};
  }

  snapshot() {
    return { total: this.total, byRoute: { ...this.byRoute }, byStatus: { ...this.byStatus } };
  }
}
