/**
 * Autotask REST v1.0 over axios: zone discovery (cached, redone when a call says the zone moved), the
 * three auth headers, `POST /<Entity>/query` paged by `pageDetails.nextPageUrl`, adjustment creates, and
 * pacing by `ThresholdInformation`. Reads retry what may pass later; writes never retry here (a second
 * send could post twice: the caller re-reads the units instead).
 */
import axios, { type AxiosInstance } from 'axios';
import { ConnectorError, isConnectorError } from '../../connector-error.js';
import type { AutotaskConnection, PostOutcome } from '../types.js';
import { classifyFailure, malformed } from './errors.js';
import { AUTOTASK } from './facts.js';
import { queryBody, type Filter } from './filters.js';
import { createPacer, type ThresholdUsage, type ThrottlePolicy } from './throttle.js';
import type { AdjustmentBody, AutotaskEntity, AutotaskTransport, ContractServiceBody, Row, ZoneInfo } from './transport.js';

export interface RestOptions {
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  policy?: ThrottlePolicy;
  /** Extra tries of a read that failed with a retryable error. */
  readRetries?: number;
  /** Pauses for the threshold before a call gives up with a `throttled` error. */
  maxPauses?: number;
  /** Told of every ThresholdInformation reading. */
  onUsage?: (usage: ThresholdUsage) => void;
}

interface Sent { status: number; text: string; headers: Record<string, string> }
const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const parse = (text: string): unknown => { try { return JSON.parse(text); } catch { return undefined; } };

export function createRestTransport(conn: AutotaskConnection, opts: RestOptions = {}): AutotaskTransport {
  const http: AxiosInstance = axios.create({
    timeout: opts.timeoutMs ?? 30_000, validateStatus: () => true, maxRedirects: 0, responseType: 'text',
    transformResponse: (d: unknown) => d, proxy: false,
  });
  const sleep = opts.sleep ?? realSleep;
  const discoveryUrl = withSlash(conn.discoveryUrl ?? AUTOTASK.discoveryUrl);
  const headers = { ApiIntegrationCode: conn.integrationCode, UserName: conn.apiUser, Secret: conn.secret, 'Content-Type': 'application/json' };
  let zone: ZoneInfo | null = null;
  let sent = 0;

  async function send(method: 'GET' | 'POST', url: string, body: unknown, what: string, write: boolean, auth = true): Promise<Sent> {
    sent += 1;
    try {
      const res = await http.request<string>({ method, url, data: body === undefined ? undefined : JSON.stringify(body), headers: auth ? headers : {} });
      return { status: res.status, text: typeof res.data === 'string' ? res.data : '', headers: res.headers as Record<string, string> };
    } catch (err) {
      const e = err as { code?: string; message?: string };
      throw classifyFailure({ networkCode: e.code, networkMessage: e.message, write, what });
    }
  }

  // https://www.autotask.net/help/DeveloperHelp/Content/APIs/REST/General_Topics/REST_Zones.htm
  async function discover(): Promise<ZoneInfo> {
    // Never name the API user here: it is a stored secret, and `what` ends up in error texts.
    const what = 'zone discovery';
    const res = await send('GET', `${discoveryUrl}${AUTOTASK.apiVersion}/zoneInformation?user=${encodeURIComponent(conn.apiUser)}`, undefined, what, false, false);
    const body = parse(res.text) as Partial<ZoneInfo> | undefined;
    if (res.status >= 500 && !body) throw classifyFailure({ status: res.status, text: res.text, write: false, what });
    if (res.status !== 200 || typeof body?.url !== 'string') {
      throw new ConnectorError({ kind: 'config', system: 'autotask', retry: false, status: res.status,
        vendorMessage: body && 'errors' in body ? String((body as { errors: unknown[] }).errors.join('; ')) : undefined,
        message: 'Autotask has no zone for this API user: check the user name' });
    }
    zone = { ...body, url: withSlash(body.url) } as ZoneInfo;
    return zone;
  }

  // https://www.autotask.net/help/DeveloperHelp/Content/APIs/REST/General_Topics/REST_Thresholds_Limits.htm
  const pacer = createPacer({
    sleep, policy: opts.policy, maxPauses: opts.maxPauses, onUsage: opts.onUsage,
    async readUsage() {
      const res = await send('GET', `${zone!.url}${AUTOTASK.apiVersion}/ThresholdInformation`, undefined, 'ThresholdInformation', false);
      const body = res.status === 200 ? (parse(res.text) as ThresholdUsage | undefined) : undefined;
      return body && typeof body.externalRequestThreshold === 'number' ? body : null;
    },
    onGiveUp: (d) => new ConnectorError({ kind: 'throttled', system: 'autotask', retry: true, retryAfterMs: d.waitMs,
      message: `Holding back: ${d.reason}` }),
  });

  /** One API call below the zone URL (or an absolute next-page URL), re-discovering the zone once if it moved. */
  async function call(method: 'GET' | 'POST', pathOrUrl: string, body: unknown, what: string, write: boolean): Promise<unknown> {
    let zoneChecked = false;
    for (;;) {
      const z = zone ?? (await discover());
      await pacer.before();
      const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${z.url}${AUTOTASK.apiVersion}/${pathOrUrl}`;
      let res: Sent;
      try {
        res = await send(method, url, body, what, write);
      } catch (err) {
        if (!zoneChecked && isConnectorError(err) && err.kind === 'network' && !err.outcomeUnknown && (await zoneMoved(z))) {
          zoneChecked = true; pathOrUrl = rebase(pathOrUrl, z.url); continue;
        }
        throw err;
      }
      pacer.after(res.status === 429);
      if ((res.status === 401 || (res.status >= 300 && res.status < 400)) && !zoneChecked && (await zoneMoved(z))) {
        zoneChecked = true; pathOrUrl = rebase(pathOrUrl, z.url); continue;
      }
      if (res.status !== 200) {
        throw classifyFailure({ status: res.status, text: res.text, retryAfter: res.headers['retry-after'], write, what });
      }
      const parsed = parse(res.text);
      if (parsed === undefined) throw malformed(what, 'the body is not JSON', write);
      return parsed;
    }
  }

  async function zoneMoved(old: ZoneInfo): Promise<boolean> {
    const fresh = await discover().catch(() => null);
    return !!fresh && fresh.url !== old.url;
  }
  const rebase = (pathOrUrl: string, oldZone: string) => (pathOrUrl.startsWith(oldZone) ? zone!.url + pathOrUrl.slice(oldZone.length) : pathOrUrl);

  async function read(path: string, body: unknown, what: string, method: 'GET' | 'POST'): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await call(method, path, body, what, false);
      } catch (err) {
        if (!isConnectorError(err) || !err.retry || attempt >= (opts.readRetries ?? 2)) throw err;
        await sleep(Math.min(60_000, err.retryAfterMs ?? 500 * 2 ** attempt));
      }
    }
  }

  return {
    name: 'rest',
    get requestsSent() { return sent; },
    zone: async () => zone ?? discover(),
    // https://www.autotask.net/help/DeveloperHelp/Content/APIs/REST/API_Calls/REST_Basic_Query_Calls.htm
    async query(entity: AutotaskEntity, filter: Filter[], includeFields?: readonly string[], maxRecords?: number): Promise<Row[]> {
      const body = queryBody(filter, includeFields);
      if (maxRecords) body.maxRecords = maxRecords;
      const rows: Row[] = [];
      let next: string | null = `${entity}/query`;
      for (let pageNo = 0; next; pageNo++) {
        const page = (await read(next, pageNo === 0 ? body : undefined, `the ${entity} query`, pageNo === 0 ? 'POST' : 'GET')) as
          { items?: unknown; pageDetails?: { nextPageUrl?: string | null } };
        if (!Array.isArray(page?.items)) throw malformed(`the ${entity} query`, 'no items array');
        rows.push(...(page.items as Row[]));
        next = maxRecords ? null : (page.pageDetails?.nextPageUrl ?? null);
      }
      return rows;
    },
    // https://www.autotask.net/help/DeveloperHelp/Content/APIs/REST/Entities/ContractServicesEntity.htm
    async createContractService(b: ContractServiceBody): Promise<string> {
      const what = `adding service ${b.serviceID} to contract ${b.contractID}`;
      const res = (await call('POST', `Contracts/${b.contractID}/Services`, b, what, true)) as { itemId?: unknown };
      if (typeof res?.itemId === 'number' || (typeof res?.itemId === 'string' && res.itemId !== '')) return String(res.itemId);
      throw malformed(what, 'success without an itemId', true);
    },
    // https://www.autotask.net/help/DeveloperHelp/Content/APIs/REST/Entities/ContractServiceAdjustmentsEntity.htm
    async createAdjustments(bodies: AdjustmentBody[]): Promise<PostOutcome[]> {
      const out: PostOutcome[] = [];
      for (const b of bodies) out.push(await createOne(b));
      return out;
    },
  };

  async function createOne(b: AdjustmentBody): Promise<PostOutcome> {
    const what = `the adjustment of contract ${b.contractID}`;
    try {
      const res = (await call('POST', 'ContractServiceAdjustments', b, what, true)) as { itemId?: unknown };
      if (typeof res?.itemId === 'number' || (typeof res?.itemId === 'string' && res.itemId !== '')) return { status: 'posted', psaReference: String(res.itemId) };
      // Autotask has answered 200 with itemId null: saved or not, nobody can tell without reading the units.
      return { status: 'unknown', error: malformed(what, 'success without an itemId', true) };
    } catch (err) {
      const error = isConnectorError(err) ? err : malformed(what, String(err), true);
      return error.outcomeUnknown ? { status: 'unknown', error } : { status: 'failed', error };
    }
  }
}

const withSlash = (u: string) => (u.endsWith('/') ? u : `${u}/`);
