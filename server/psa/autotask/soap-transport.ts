/**
 * ATWS 1.6 SOAP behind the same transport interface, with the `soap` package: zone by getZoneInfo, query
 * by QueryXML paged by id, ContractServiceAdjustment creates in batches of up to 200. A batch is one
 * transaction (any bad entity rejects all), so a rejected batch is split in halves until the bad rows
 * stand alone and every good row is saved. SOAP is end-of-life at Autotask (research 3); REST is the default.
 * Docs: https://www.autotask.net/help/DeveloperHelp/Content/APIs/SOAP/General_Topics/Batching_API_Calls.htm
 */
import soap from 'soap';
import { ConnectorError, isConnectorError } from '../../connector-error.js';
import type { AutotaskConnection, PostOutcome } from '../types.js';
import { classifyFailure } from './errors.js';
import { AUTOTASK, fromAutotaskDate } from './facts.js';
import type { Filter } from './filters.js';
import { buildQueryXml } from './queryxml.js';
import type { RestOptions } from './rest-transport.js';
import { restField } from './soap-names.js';
import { createPacer, type ThresholdUsage } from './throttle.js';
import type { AdjustmentBody, AutotaskEntity, AutotaskTransport, Row, ZoneInfo } from './transport.js';

type SoapClient = soap.Client;
interface AtwsResult { ReturnCode?: number; EntityResults?: { Entity?: unknown } | null; Errors?: { ATWSError?: unknown } | null; EntityReturnInfoResults?: { EntityReturnInfo?: unknown } | null }

const list = <T>(v: T | T[] | undefined | null): T[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** `{attributes:{'xsi:type':'xsd:int'}, $value:'7'}` or a plain value -> a JS value. */
function plain(v: unknown): unknown {
  if (!v || typeof v !== 'object') return v;
  const o = v as { $value?: unknown; attributes?: Record<string, string> };
  const type = o.attributes?.['xsi:type'] ?? '';
  const raw = o.$value ?? null;
  if (raw === null) return null;
  if (/:(int|long|short|decimal|double|float)$/.test(type)) return Number(raw);
  if (/:boolean$/.test(type)) return String(raw) === 'true';
  return raw;
}

export function soapEndpointFor(discoveryUrl: string): string {
  // REST discovery `.../atservicesrest/` -> SOAP `.../atservices/1.6/atws.asmx` on the same host.
  return discoveryUrl.replace(/atservicesrest\/?$/i, 'atservices/1.6/atws.asmx');
}

export function createSoapTransport(conn: AutotaskConnection, opts: RestOptions = {}): AutotaskTransport {
  const endpoint = soapEndpointFor(conn.discoveryUrl ?? AUTOTASK.discoveryUrl);
  const timeout = opts.timeoutMs ?? 30_000;
  let client: SoapClient | null = null;
  let zone: ZoneInfo | null = null;
  let sent = 0;

  const fail = (err: unknown, what: string, write: boolean): ConnectorError => {
    if (isConnectorError(err)) return err;
    const e = err as { response?: { status?: number; data?: unknown; headers?: Record<string, string> }; code?: string; message?: string; root?: unknown };
    if (e.response?.status) {
      const fault = /<faultstring>([\s\S]*?)<\/faultstring>/.exec(String(e.response.data ?? ''))?.[1];
      if (fault && /threshold/i.test(fault)) return new ConnectorError({ kind: 'throttled', system: 'autotask', retry: true, retryAfterMs: 60_000, vendorMessage: fault, message: 'The Autotask request threshold for this database is used up' });
      const text = fault ? JSON.stringify({ errors: [fault] }) : String(e.response.data ?? '');
      // A SOAP fault is HTTP 500 for anything: keep its text, but only a rule when it reads like one.
      return classifyFailure({ status: e.response.status === 500 && !fault ? 502 : e.response.status, text, write, what });
    }
    return classifyFailure({ networkCode: e.code, networkMessage: e.message, write, what });
  };

  async function connect(): Promise<SoapClient> {
    if (client && zone) return client;
    sent += 1;
    const c = await soap.createClientAsync(`${endpoint}?wsdl`, { wsdl_options: { timeout } }).catch((err) => { throw fail(err, 'the ATWS WSDL', false); });
    c.on('request', () => { sent += 1; });
    c.setEndpoint(endpoint);
    // https://www.autotask.net/help/DeveloperHelp/Content/APIs/SOAP/Calls/GetZoneInfoCall.htm
    const [res] = await c.getZoneInfoAsync({ UserName: conn.apiUser }, { timeout }).catch((err: unknown) => { throw fail(err, 'zone discovery', false); });
    const info = (res as { getZoneInfoResult?: { URL?: string; ErrorCode?: number; WebUrl?: string; CI?: number } }).getZoneInfoResult;
    if (!info?.URL || (info.ErrorCode ?? 0) < 0) {
      throw new ConnectorError({ kind: 'config', system: 'autotask', retry: false, message: 'Autotask has no zone for this API user: check the user name' });
    }
    c.setEndpoint(info.URL);
    c.setSecurity(new soap.BasicAuthSecurity(conn.apiUser, conn.secret));
    const code = conn.integrationCode.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    c.addSoapHeader(`<AutotaskIntegrations xmlns="${AUTOTASK.soapNamespace}"><IntegrationCode>${code}</IntegrationCode></AutotaskIntegrations>`);
    zone = { url: info.URL, webUrl: info.WebUrl, ci: info.CI, zoneName: new URL(info.URL).host };
    client = c;
    return c;
  }

  /** One operation, re-discovering the zone once when the old one answers 401. */
  async function invoke(op: 'query' | 'create' | 'getThresholdAndUsageInfo', args: unknown, what: string, write: boolean, pace = true): Promise<AtwsResult> {
    for (let moved = false; ; moved = true) {
      const c = await connect();
      if (pace) await pacer.before();
      try {
        const method = (c as unknown as Record<string, (a: unknown, o: unknown) => Promise<[Record<string, AtwsResult>]>>)[`${op}Async`]!;
        const [res] = await method.call(c, args, { timeout });
        if (pace) pacer.after();
        return res[`${op}Result`] ?? {};
      } catch (err) {
        const error = fail(err, what, write);
        if (pace) pacer.after(error.kind === 'throttled');
        if (error.kind === 'auth' && !moved) { const old = zone?.url; client = null; zone = null; await connect(); if (zone!.url !== old) continue; }
        throw error;
      }
    }
  }

  // https://www.autotask.net/help/DeveloperHelp/Content/APIs/SOAP/Calls/getThresholdAndUsageInfo.htm
  const pacer = createPacer({
    sleep: opts.sleep ?? realSleep, policy: opts.policy, maxPauses: opts.maxPauses, onUsage: opts.onUsage,
    async readUsage(): Promise<ThresholdUsage | null> {
      const r = await invoke('getThresholdAndUsageInfo', {}, 'getThresholdAndUsageInfo', false, false);
      const msg = String((list(r.EntityReturnInfoResults?.EntityReturnInfo)[0] as { Message?: string } | undefined)?.Message ?? '');
      const n = (k: string) => Number(new RegExp(`${k}:\\s*(\\d+)`, 'i').exec(msg)?.[1]);
      const usage = { externalRequestThreshold: n('ThresholdOfExternalRequest'), requestThresholdTimeframe: n('TimeframeOfLimitation'), currentTimeframeRequestCount: n('numberOfExternalRequest') };
      return Number.isFinite(usage.externalRequestThreshold) && Number.isFinite(usage.currentTimeframeRequestCount) ? usage : null;
    },
    onGiveUp: (d) => new ConnectorError({ kind: 'throttled', system: 'autotask', retry: true, retryAfterMs: d.waitMs, message: `Holding back: ${d.reason}` }),
  });

  const rejected = (r: AtwsResult) => list(r.Errors?.ATWSError as { Message?: string } | { Message?: string }[]).map((e) => e.Message ?? '').filter(Boolean);

  async function createChunk(bodies: AdjustmentBody[]): Promise<PostOutcome[]> {
    const entities = bodies.map((b) => ({
      attributes: { 'xsi:type': 'ContractServiceAdjustment' },
      ContractID: b.contractID, ...(b.serviceID ? { ServiceID: b.serviceID } : {}), EffectiveDate: b.effectiveDate, UnitChange: b.unitChange,
      ...(b.adjustedUnitPrice !== undefined ? { AdjustedUnitPrice: b.adjustedUnitPrice } : {}),
      ...(b.adjustedUnitCost !== undefined ? { AdjustedUnitCost: b.adjustedUnitCost } : {}),
      ...(b.contractServiceID ? { ContractServiceID: b.contractServiceID } : {}),
    }));
    const what = `${bodies.length} adjustment(s)`;
    let r: AtwsResult;
    try {
      r = await invoke('create', { Entities: { Entity: entities } }, what, true);
    } catch (err) {
      const error = fail(err, what, true);
      return bodies.map(() => (error.outcomeUnknown ? { status: 'unknown', error } : { status: 'failed', error }));
    }
    if (r.ReturnCode === 1) {
      const ids = list(r.EntityResults?.Entity as { id?: unknown }[] | { id?: unknown }).map((e) => e.id);
      return bodies.map((_, i) => (ids[i] !== undefined && ids[i] !== null
        ? { status: 'posted', psaReference: String(plain(ids[i])) }
        : { status: 'unknown', error: new ConnectorError({ kind: 'malformed', system: 'autotask', retry: false, outcomeUnknown: true, message: 'Autotask saved the batch without an id for this adjustment' }) }));
    }
    const messages = rejected(r);
    if (bodies.length === 1) {
      const error = new ConnectorError({ kind: 'rule', system: 'autotask', retry: false, vendorMessage: messages.join('; ') || undefined, message: `Autotask refused the adjustment: ${messages.join('; ') || 'no reason given'}` });
      return [{ status: 'failed', error }];
    }
    // Nothing of a rejected batch was saved: halve it so the bad rows stand alone.
    const half = Math.ceil(bodies.length / 2);
    return [...(await createChunk(bodies.slice(0, half))), ...(await createChunk(bodies.slice(half)))];
  }

  return {
    name: 'soap',
    get requestsSent() { return sent; },
    async zone() { await connect(); return zone!; },
    // https://www.autotask.net/help/DeveloperHelp/Content/APIs/SOAP/Calls/QueryCall.htm
    async query(entity: AutotaskEntity, filter: Filter[], _include?: readonly string[], maxRecords?: number): Promise<Row[]> {
      const rows: Row[] = [];
      for (let after = 0; ;) {
        const r = await invoke('query', { sXML: buildQueryXml(entity, filter, after) }, `the ${entity} query`, false);
        if (r.ReturnCode !== 1) {
          const msg = rejected(r).join('; ');
          throw new ConnectorError({ kind: 'rule', system: 'autotask', retry: false, vendorMessage: msg || undefined, message: `Autotask refused the ${entity} query: ${msg}` });
        }
        const page = list(r.EntityResults?.Entity as Record<string, unknown>[] | Record<string, unknown>).map((e) => toRest(entity, e));
        rows.push(...page);
        if (page.length < AUTOTASK.pageSize || (maxRecords && rows.length >= maxRecords)) return maxRecords ? rows.slice(0, maxRecords) : rows;
        after = Math.max(...page.map((p) => Number(p.id)));
      }
    },
    async createAdjustments(bodies: AdjustmentBody[]): Promise<PostOutcome[]> {
      const out: PostOutcome[] = [];
      for (let i = 0; i < bodies.length; i += AUTOTASK.soapBatchSize) out.push(...(await createChunk(bodies.slice(i, i + AUTOTASK.soapBatchSize))));
      return out;
    },
  };
}

/** A SOAP entity -> the REST row shape (camelCase names, numbers, `yyyy-mm-ddThh:mm:ss` dates). */
function toRest(entity: AutotaskEntity, e: Record<string, unknown>): Row {
  const row: Row = {};
  for (const [k, v] of Object.entries(e)) {
    if (k === 'attributes' || k === 'Fields' || k === 'UserDefinedFields') continue;
    const value = plain(v);
    row[restField(entity, k)] = typeof value === 'string' && fromAutotaskDate(value) && /T/.test(value) ? value.slice(0, 19) : value;
  }
  row.id = Number(plain(e.id));
  return row;
}
