/**
 * ATWS 1.6 SOAP endpoint of the sandbox: serves the WSDL (service address rewritten to this request's
 * URL) and answers query (QueryXML, 500 rows by id), create (ContractServiceAdjustment, up to 200 per
 * call, one transaction), getZoneInfo and getThresholdAndUsageInfo. Auth: HTTP Basic with the API user
 * and secret plus the AutotaskIntegrations/IntegrationCode SOAP header (research 3; Basic is UNVERIFIED).
 * Docs: https://www.autotask.net/help/DeveloperHelp/Content/APIs/SOAP/General_Topics/SOAP_Requirements.htm
 */
import type { Context } from 'hono';
import { restEntityOf, restField, soapField, type SoapServedEntity as AutotaskEntity } from './soap-names.js';
import { AUTOTASK_FACTS } from './vendor.js';
import { ATWS_WSDL_TEMPLATE } from './atws-wsdl.js';
import type { SandboxControls, Threshold } from './controls.js';
import type { SandboxCredential } from './index.js';
import { matches, type FilterNode } from './query.js';
import { entityRows, type Json } from './rest.js';
import { applyAdjustment, restore, snapshot } from './rules.js';
import type { SandboxState } from './state.js';
import { child, children, escapeXml, parseXml, xsiType, type XmlNode } from './xml.js';

interface SoapDeps {
  state: SandboxState; controls: SandboxControls; credentials: SandboxCredential[]; clock: { now(): Date };
  zoneSeg: string | null; zoneUrl: string; threshold: Threshold; json: Json;
}

const NS = AUTOTASK_FACTS.soapNamespace;
const xmlResponse = (body: string, status = 200) =>
  new Response(`<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body>${body}</soap:Body></soap:Envelope>`,
    { status, headers: { 'content-type': 'text/xml; charset=utf-8' } });
const fault = (text: string) => xmlResponse(`<soap:Fault><faultcode>soap:Server</faultcode><faultstring>${escapeXml(text)}</faultstring></soap:Fault>`, 500);

function atwsResponse(op: string, code: number, opts: { entities?: string; type?: string; errors?: string[]; info?: string[] }): string {
  const errors = (opts.errors ?? []).map((e) => `<ATWSError><Message>${escapeXml(e)}</Message></ATWSError>`).join('');
  const info = (opts.info ?? []).map((m) => `<EntityReturnInfo><EntityId>0</EntityId><DatabaseAction>None</DatabaseAction><DuplicateStatus><Found>false</Found><Ignored>false</Ignored></DuplicateStatus><Message>${escapeXml(m)}</Message></EntityReturnInfo>`).join('');
  return `<${op}Response xmlns="${NS}"><${op}Result><ReturnCode>${code}</ReturnCode><EntityResults>${opts.entities ?? ''}</EntityResults>` +
    `<EntityResultType>${opts.type ?? ''}</EntityResultType><Errors>${errors}</Errors><EntityReturnInfoResults>${info}</EntityReturnInfoResults></${op}Result></${op}Response>`;
}

function value(v: unknown): string {
  const t = typeof v === 'number' ? (Number.isInteger(v) ? 'xsd:int' : 'xsd:decimal') : typeof v === 'boolean' ? 'xsd:boolean'
    : typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) ? 'xsd:dateTime' : 'xsd:string';
  return ` xsi:type="${t}">${escapeXml(String(v))}`;
}

function entityXml(entity: AutotaskEntity, soapName: string, row: Record<string, unknown>): string {
  const fields = Object.entries(row).filter(([k, v]) => k !== 'id' && v !== null && v !== undefined)
    .map(([k, v]) => { const n = soapField(entity, k); return `<${n}${value(v)}</${n}>`; }).join('');
  return `<Entity xsi:type="${soapName}"><id>${row.id}</id>${fields}</Entity>`;
}

/** QueryXML `<field>Name<expression op="...">v</expression></field>` and `<condition operator="OR">` groups -> filters. */
export function queryXmlFilter(entity: AutotaskEntity, nodes: XmlNode[]): FilterNode | null {
  let acc: FilterNode | null = null;
  for (const n of nodes) {
    let f: FilterNode | null = null;
    if (n.local.toLowerCase() === 'field') {
      const exps = children(n, 'expression').map((e): FilterNode => {
        const op = (e.attrs.op ?? '').toLowerCase();
        const map: Record<string, string> = { equals: 'eq', notequal: 'noteq', greaterthan: 'gt', greaterthanorequals: 'gte', lessthan: 'lt',
          lessthanorequals: 'lte', beginswith: 'beginsWith', endswith: 'endsWith', contains: 'contains', isnull: 'notExist', isnotnull: 'exist' };
        if (!map[op]) throw new Error(`Unsupported QueryXML operator ${e.attrs.op}`);
        return { op: map[op], field: restField(entity, n.text.trim()), value: e.text };
      });
      f = exps.length === 1 ? exps[0]! : { op: 'and', items: exps };
    } else if (n.local.toLowerCase() === 'condition') {
      f = queryXmlFilter(entity, n.children);
    }
    if (!f) continue;
    acc = !acc ? f : { op: n.attrs.operator?.toUpperCase() === 'OR' ? 'or' : 'and', items: [acc, f] };
  }
  return acc;
}

export async function handleSoap(c: Context, d: SoapDeps): Promise<Response> {
  if (c.req.method === 'GET') {
    if (!('wsdl' in c.req.queries()) && c.req.query('WSDL') === undefined) return fault('Request format is invalid.');
    return new Response(ATWS_WSDL_TEMPLATE.replace('__SOAP_ADDRESS__', escapeXml(d.zoneUrl)), { headers: { 'content-type': 'text/xml; charset=utf-8' } });
  }
  let env: XmlNode;
  try {
    env = parseXml(await c.req.text());
  } catch (err) {
    return fault(`Server was unable to read request. ${(err as Error).message}`);
  }
  const envelope = env.children[0];
  const body = child(envelope, 'Body')?.children[0];
  if (!body) return fault('No SOAP body.');
  const op = body.local;
  if (op === 'getZoneInfo') {
    const user = (child(body, 'UserName')?.text ?? '').toLowerCase();
    const known = d.credentials.some((k) => k.userName.toLowerCase() === user);
    const info = known ? `<URL>${escapeXml(d.zoneUrl)}</URL><ErrorCode>0</ErrorCode><DataBaseType>Sandbox</DataBaseType><CI>12345</CI>` : '<ErrorCode>-1</ErrorCode><CI>0</CI>';
    return xmlResponse(`<getZoneInfoResponse xmlns="${NS}"><getZoneInfoResult>${info}</getZoneInfoResult></getZoneInfoResponse>`);
  }
  const basic = /^Basic\s+(.+)$/i.exec(c.req.header('Authorization') ?? '');
  const [user, secret] = basic ? atob(basic[1]!).split(/:(.*)/s) : [];
  const code = child(child(child(envelope, 'Header'), 'AutotaskIntegrations'), 'IntegrationCode')?.text;
  const cred = d.credentials.find((k) => k.userName.toLowerCase() === (user ?? '').toLowerCase());
  if (!cred || cred.secret !== secret) return new Response('Unauthorized', { status: 401 });
  if (cred.integrationCode !== code) return fault('Missing or invalid IntegrationCode in the AutotaskIntegrations SOAP header.');
  if (d.zoneSeg !== d.controls.zoneName()) return new Response('Unauthorized', { status: 401 });
  const used = d.controls.usage();
  if (used >= d.threshold.limit) return fault(`The request threshold of ${d.threshold.limit} requests per ${d.threshold.timeframeMinutes} minutes has been exceeded.`);
  d.threshold.stamps.push(d.clock.now().getTime());

  if (op === 'getThresholdAndUsageInfo') {
    const msg = `ThresholdOfExternalRequest: ${d.threshold.limit}; TimeframeOfLimitation: ${d.threshold.timeframeMinutes}; numberOfExternalRequest: ${used + 1}`;
    return xmlResponse(atwsResponse(op, 1, { info: [msg] }));
  }
  if (op === 'query') return xmlResponse(query(d, child(body, 'sXML')?.text ?? ''));
  if (op === 'create') return xmlResponse(create(d, children(child(body, 'Entities'), 'Entity')));
  return fault(`The sandbox does not implement ${op}.`);
}

function query(d: SoapDeps, sxml: string): string {
  try {
    const q = child(parseXml(sxml), 'queryxml');
    const soapName = child(q, 'entity')?.text.trim() ?? '';
    const entity = restEntityOf(soapName);
    const rows = entity ? entityRows(d.state, entity.toLowerCase()) : null;
    if (!entity || !rows) return atwsResponse('query', -1, { errors: [`Entity ${soapName} is not queryable.`] });
    const filter = queryXmlFilter(entity, child(q, 'query')?.children ?? []);
    const hits = rows.filter((r) => !filter || matches(r, filter)).sort((a, b) => Number(a.id) - Number(b.id)).slice(0, AUTOTASK_FACTS.pageSize);
    return atwsResponse('query', 1, { type: soapName.toLowerCase(), entities: hits.map((r) => entityXml(entity, soapName, r)).join('') });
  } catch (err) {
    return atwsResponse('query', -1, { errors: [(err as Error).message] });
  }
}

/** One transaction: if any entity fails nothing is saved, and every error is reported (Batching_API_Calls.htm). */
function create(d: SoapDeps, entities: XmlNode[]): string {
  if (entities.length > AUTOTASK_FACTS.soapBatchSize) return atwsResponse('create', -1, { errors: [`Any batch call must be ${AUTOTASK_FACTS.soapBatchSize} or less entities per call.`] });
  const snap = snapshot(d.state);
  const done: string[] = [];
  const errors: string[] = [];
  for (const e of entities) {
    if (xsiType(e) !== 'ContractServiceAdjustment') { errors.push(`The sandbox creates only ContractServiceAdjustment, not ${xsiType(e)}.`); continue; }
    const f = (n: string) => child(e, n)?.text;
    const r = applyAdjustment(d.state, { contractID: f('ContractID'), contractServiceID: f('ContractServiceID'), serviceID: f('ServiceID'),
      effectiveDate: f('EffectiveDate'), unitChange: f('UnitChange') }, 'soap', d.clock.now());
    if (r.ok) done.push(`<Entity xsi:type="ContractServiceAdjustment"><id>${r.id}</id>${e.children.filter((x) => x.local !== 'id').map((x) => `<${x.local}${value(x.text)}</${x.local}>`).join('')}</Entity>`);
    else errors.push(r.message);
  }
  if (errors.length) {
    restore(d.state, snap);
    return atwsResponse('create', -1, { errors });
  }
  return atwsResponse('create', 1, { type: 'contractserviceadjustment', entities: done.join('') });
}
