/** Settings shared by the soak's parent and its children: short waits so a round takes a moment. */
export const PSA_TIMEOUT_MS = 400;
export const CHILD_OPTIONS = { leaseTtlMs: 30_000, settleAfterMs: 150, budgetMs: 30_000, concurrency: 3, retry: { transientBaseMs: 20, transientCapMs: 100, slowBaseMs: 20, slowCapMs: 100 } };
