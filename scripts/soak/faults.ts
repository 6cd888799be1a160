/**
 * A fault-injecting front for a PSA sandbox, as the network between us and the vendor would behave: a
 * share of the calls (`rate`) fails, either before the PSA saw the request (nothing saved) or after it
 * carried it out (a write is saved, then the answer is lost or broken). Kinds: 5xx outage, 429 (refused,
 * nothing saved, as both vendors document), a refusal on a business rule (Autotask 500 errors[],
 * ConnectWise 400; before only), a timeout (no answer until the client gave up) and an unreadable body.
 * It counts every call and every fault, for the soak's report.
 */
type Fetch = (req: Request) => Response | Promise<Response>;

export interface FaultCounts {
  /** Calls while faults were on (the drain's calls are not counted). */
  calls: number;
  faulted: number;
  byKind: Record<string, number>;
}

export interface FaultFront {
  fetch: Fetch;
  counts: FaultCounts;
  /** Faults on (the soak's storm) or off (the final drain and verdict). */
  enabled: boolean;
  /** Resolves at the next call under faults: the soak kills a child once it is talking to the PSA. */
  nextCall(): Promise<void>;
}

const BEFORE = ['503', '429', 'refusal', 'timeout', 'malformed'] as const;
const AFTER = ['502', 'timeout', 'malformed'] as const;

export function faultFront(target: Fetch, o: { psa: 'autotask' | 'connectwise'; rate: number; rand: () => number; timeoutMs: number }): FaultFront {
  const counts: FaultCounts = { calls: 0, faulted: 0, byKind: {} };
  let waiting: (() => void)[] = [];
  const front: FaultFront = {
    counts,
    enabled: true,
    nextCall: () => new Promise<void>((r) => waiting.push(r)),
    async fetch(req) {
      if (!front.enabled) return target(req);
      counts.calls += 1;
      for (const w of waiting) w();
      waiting = [];
      if (o.rand() >= o.rate) return target(req);
      const after = o.rand() < 0.5;
      const kind = after ? AFTER[Math.floor(o.rand() * AFTER.length)]! : BEFORE[Math.floor(o.rand() * BEFORE.length)]!;
      counts.faulted += 1;
      const key = `${after ? 'after' : 'before'}:${kind}`;
      counts.byKind[key] = (counts.byKind[key] ?? 0) + 1;
      if (after) await (await target(req)).arrayBuffer();
      return answer(kind, o);
    },
  };
  return front;
}

async function answer(kind: string, o: { psa: 'autotask' | 'connectwise'; timeoutMs: number }): Promise<Response> {
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
  switch (kind) {
    case '503':
      return new Response('<html><body>Service Unavailable</body></html>', { status: 503, headers: { 'content-type': 'text/html' } });
    case '502':
      return new Response('<html><body>Bad Gateway</body></html>', { status: 502, headers: { 'content-type': 'text/html' } });
    case '429':
      return o.psa === 'autotask'
        ? json(429, { errors: ['The request threshold has been exceeded.'] }, { 'retry-after': '0' })
        : json(429, { code: 'TooManyRequests', message: 'Too many requests' }, { 'retry-after': '0' });
    case 'refusal':
      return o.psa === 'autotask'
        ? json(500, { errors: ['Injected refusal: the record is locked by another user.'] })
        : json(400, { code: 'InvalidObject', message: 'Injected refusal', errors: [{ code: 'InvalidField', message: 'The record is locked by another user.', resource: 'agreementAddition', field: 'quantity' }] });
    case 'timeout':
      // Answer only after the client gave up (its timeout), as a silent network would.
      await new Promise((r) => setTimeout(r, o.timeoutMs * 2));
      return new Response('', { status: 504 });
    default:
      return new Response('{"item": {"id": 12, "quant', { status: 200, headers: { 'content-type': 'application/json' } });
  }
}
