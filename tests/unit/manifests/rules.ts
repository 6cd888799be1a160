/**
 * The rules a manifest must keep, as functions returning the list of what is wrong (empty: valid).
 * APS 2 (docs.cloudblue.com/cbc/sdk/8.2/concepts/project/develop/meta, .../concepts/frontend/ux1/navigation,
 * .../api/rest/... type schemas; ../shared/research/marketplace.md section 3):
 *  - root <application xmlns="http://aps-standard.org/ns/2" version="2.0"> with id (a URI), name, version, release, presentation;
 *  - every <service id> unique, with a <schema path> that exists and is an APS type: apsVersion "2.0", an
 *    id URI ending in /major.minor, implements a core type, relation and operation shapes valid;
 *  - UX1 navigation plugs into a known placeholder, at most two levels of <item>, each <var type-id>
 *    names a type the package declares or a core type, each <view src> exists;
 *  - exactly the services the endpoint serves (server/embed/aps-routes.ts: app, contexts).
 * Autotask IntegrationVendorInsights: only the IntegrationVendorInsightModel fields (autotask.md section 4).
 * ConnectWise Manage Hosted API: description, screen, type (Pod|Tab), url (https), podHeight, disabled.
 */
import { DOMParser } from '@xmldom/xmldom';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const APS_NS = 'http://aps-standard.org/ns/2';
export const UX1_PLACEHOLDERS = new Set([
  'http://www.aps-standard.org/ui/rcp/2',
  'http://www.parallels.com/ccp/2',
  'http://www.aps-standard.org/ui/user/2',
  'http://www.parallels.com/ccp-dashboard#dashboard',
  'http://www.parallels.com/ccp-users#usersview',
  'http://www.parallels.com/ccp-users#userInfo',
]);
const CORE_TYPES = /^http:\/\/aps-standard\.org\/types\/core\/[a-z-]+(\/[a-z-]+)*\/\d+\.\d+$/;
const TYPE_ID = /^https?:\/\/[^\s]+\/\d+\.\d+$/;

type El = { tagName: string; localName: string; namespaceURI: string | null; getAttribute(n: string): string | null; childNodes: ArrayLike<unknown>; textContent: string | null };
const children = (el: El, name?: string): El[] =>
  Array.from(el.childNodes as ArrayLike<El>).filter((n) => (n as unknown as { nodeType: number }).nodeType === 1 && (!name || n.localName === name));
const text = (el: El, name: string) => children(el, name)[0]?.textContent?.trim() ?? '';

export function checkApsPackage(dir: string, read = (p: string) => readFileSync(path.join(dir, p), 'utf8'), exists = (p: string) => existsSync(path.join(dir, p))): string[] {
  const errors: string[] = [];
  const parseErrors: string[] = [];
  const doc = new DOMParser({
    errorHandler: { warning: (m: string) => parseErrors.push(m), error: (m: string) => parseErrors.push(m), fatalError: (m: string) => parseErrors.push(m) },
  }).parseFromString(read('APP-META.xml'), 'text/xml');
  if (parseErrors.length) return parseErrors.map((e) => `APP-META.xml is not well-formed XML: ${e}`);
  const app = doc.documentElement as unknown as El;
  if (!app || app.localName !== 'application') return ['root element must be <application>'];
  if (app.namespaceURI !== APS_NS) errors.push(`<application> must be in namespace ${APS_NS}`);
  if (app.getAttribute('version') !== '2.0') errors.push('<application version> must be "2.0"');
  if (!/^https?:\/\/\S+$/.test(text(app, 'id'))) errors.push('<id> must be a URI');
  for (const tag of ['name', 'version', 'release']) if (!text(app, tag)) errors.push(`<${tag}> is required`);
  if (!/^\d+(\.\d+)*$/.test(text(app, 'version'))) errors.push('<version> must be numeric (e.g. 1.0)');
  if (!/^\d+$/.test(text(app, 'release'))) errors.push('<release> must be a number');

  const declaredTypes = new Map<string, Record<string, unknown>>();
  const serviceIds = new Set<string>();
  for (const svc of children(app, 'service')) {
    const id = svc.getAttribute('id') ?? '';
    if (!/^[a-z][a-z0-9_-]*$/i.test(id)) errors.push(`<service id="${id}"> must be a plain identifier`);
    if (serviceIds.has(id)) errors.push(`<service id="${id}"> is declared twice`);
    serviceIds.add(id);
    const schemaPath = children(svc, 'schema')[0]?.getAttribute('path');
    if (!schemaPath) {
      errors.push(`service ${id}: <schema path> is required`);
      continue;
    }
    if (!exists(schemaPath)) {
      errors.push(`service ${id}: schema ${schemaPath} does not exist`);
      continue;
    }
    let schema: Record<string, any>;
    try {
      schema = JSON.parse(read(schemaPath));
    } catch (err) {
      errors.push(`service ${id}: ${schemaPath} is not JSON (${(err as Error).message})`);
      continue;
    }
    errors.push(...checkApsType(schema).map((e) => `${schemaPath}: ${e}`));
    if (typeof schema.id === 'string') declaredTypes.set(schema.id, schema);
  }
  for (const need of ['app', 'contexts']) if (!serviceIds.has(need)) errors.push(`service "${need}" is missing (the endpoint serves /aps/${need})`);
  const known = (t: string) => declaredTypes.has(t) || CORE_TYPES.test(t);
  for (const [id, schema] of declaredTypes) {
    for (const [name, rel] of Object.entries((schema.relations ?? {}) as Record<string, { type?: string }>)) {
      if (!rel.type || !known(rel.type)) errors.push(`${id}: relation ${name} names an unknown type ${rel.type}`);
    }
  }
  if (![...declaredTypes.values()].some((s) => (s.implements as string[] | undefined)?.includes('http://aps-standard.org/types/core/application/1.0'))) {
    errors.push('no service implements the core application type');
  }

  const presentation = children(app, 'presentation')[0];
  if (!presentation) errors.push('<presentation> is required');
  const navs = presentation ? children(presentation, 'navigation') : [];
  if (!navs.length) errors.push('<presentation> needs a <navigation> for the control panel');
  for (const nav of navs) {
    const plugs = children(nav, 'plugs-to').map((p) => p.getAttribute('id') ?? '');
    if (!plugs.length) errors.push(`navigation ${nav.getAttribute('id')}: <plugs-to> is required`);
    for (const p of plugs) if (!UX1_PLACEHOLDERS.has(p)) errors.push(`navigation ${nav.getAttribute('id')}: unknown UX1 placeholder ${p}`);
    for (const v of children(nav, 'var')) {
      const t = v.getAttribute('type-id') ?? '';
      if (!v.getAttribute('name')) errors.push('<var> needs a name');
      if (!known(t)) errors.push(`<var ${v.getAttribute('name')}> names a type the package does not declare: ${t}`);
    }
    const walk = (el: El, depth: number) => {
      for (const item of children(el, 'item')) {
        if (depth > 2) errors.push(`item ${item.getAttribute('id')}: UX1 allows at most 2 navigation levels`);
        if (!item.getAttribute('id') || !item.getAttribute('label')) errors.push('<item> needs id and label');
        for (const view of children(item, 'view')) {
          const src = view.getAttribute('src') ?? `ui/${view.getAttribute('id')}.js`;
          if (!view.getAttribute('id')) errors.push('<view> needs an id');
          if (!exists(src)) errors.push(`view ${view.getAttribute('id')}: ${src} does not exist`);
        }
        walk(item, depth + 1);
      }
    };
    walk(nav, 1);
  }
  return errors;
}

export function checkApsType(schema: Record<string, any>): string[] {
  const errors: string[] = [];
  if (schema.apsVersion !== '2.0') errors.push('apsVersion must be "2.0"');
  if (typeof schema.id !== 'string' || !TYPE_ID.test(schema.id)) errors.push('id must be a URI ending in /major.minor');
  if (!Array.isArray(schema.implements) || !schema.implements.length) errors.push('implements must list at least one type');
  else for (const t of schema.implements) if (!TYPE_ID.test(t)) errors.push(`implements ${t} is not a type id`);
  for (const [name, p] of Object.entries((schema.properties ?? {}) as Record<string, { type?: string }>)) {
    if (!['string', 'integer', 'number', 'boolean', 'array', 'object'].includes(p.type ?? '')) errors.push(`property ${name}: unknown type ${p.type}`);
  }
  for (const [name, op] of Object.entries((schema.operations ?? {}) as Record<string, { verb?: string; path?: string }>)) {
    if (!['GET', 'POST', 'PUT', 'DELETE'].includes(op.verb ?? '')) errors.push(`operation ${name}: verb must be GET, POST, PUT or DELETE`);
    if (!op.path?.startsWith('/')) errors.push(`operation ${name}: path must start with /`);
  }
  return errors;
}

/** IntegrationVendorInsightModel, minus what Autotask sets itself (id, createDateTime, lastModifiedDateTime). */
export const INSIGHT_FIELDS = ['title', 'description', 'insightKey', 'insightCategory', 'referenceUrl', 'height', 'isActive', 'secret', 'vendorSuppliedID'];
const TEMPLATE_URL = /^(\{\{publicUrl\}\}|https:\/\/[^\s{}]+)\/[^\s]*$/;

export function checkInsight(m: Record<string, any>): string[] {
  const errors: string[] = [];
  if (m.entity !== 'IntegrationVendorInsights') errors.push('entity must be IntegrationVendorInsights');
  const r = m.record ?? {};
  for (const k of Object.keys(r)) if (!INSIGHT_FIELDS.includes(k)) errors.push(`record.${k} is not a writable IntegrationVendorInsights field`);
  for (const k of ['title', 'insightKey', 'insightCategory', 'referenceUrl', 'secret']) if (r[k] === undefined || r[k] === '') errors.push(`record.${k} is required`);
  if (typeof r.referenceUrl !== 'string' || !TEMPLATE_URL.test(r.referenceUrl)) errors.push('record.referenceUrl must be an https URL (or {{publicUrl}}/...)');
  if (!Number.isInteger(r.height) || r.height < 100 || r.height > 2000) errors.push('record.height must be an integer of pixels');
  if (typeof r.isActive !== 'boolean') errors.push('record.isActive must be a boolean');
  if (typeof r.secret !== 'string' || !/^\{\{[^}]+\}\}$/.test(r.secret)) errors.push('record.secret must be a per-tenant placeholder, never a literal secret');
  if (!(Number.isInteger(r.insightCategory) || (typeof r.insightCategory === 'string' && /^\{\{picklist:insightCategory:[A-Za-z ]+\}\}$/.test(r.insightCategory)))) {
    errors.push('record.insightCategory must be a picklist value or {{picklist:insightCategory:<label>}}');
  }
  return errors;
}

export const POD_FIELDS = ['description', 'screen', 'type', 'url', 'podHeight', 'disabled'];
export const POD_SCREENS = ['Agreement', 'Company', 'Contact', 'Opportunity', 'Project', 'Sales Order', 'Service Ticket', 'Time Entry'];

export function checkPod(m: Record<string, any>): string[] {
  const errors: string[] = [];
  if (m.table !== 'Manage Hosted API') errors.push('table must be "Manage Hosted API"');
  const r = m.row ?? {};
  for (const k of Object.keys(r)) if (!POD_FIELDS.includes(k)) errors.push(`row.${k} is not a Manage Hosted API field`);
  if (!r.description) errors.push('row.description is required');
  if (!POD_SCREENS.includes(r.screen)) errors.push(`row.screen must be one of ${POD_SCREENS.join(', ')}`);
  if (r.type !== 'Pod' && r.type !== 'Tab') errors.push('row.type must be Pod or Tab');
  if (typeof r.url !== 'string' || !TEMPLATE_URL.test(r.url)) errors.push('row.url must be an https URL (or {{publicUrl}}/...)');
  if (r.type === 'Pod' && (!Number.isInteger(r.podHeight) || r.podHeight < 100 || r.podHeight > 2000)) errors.push('row.podHeight must be an integer of pixels');
  if (typeof r.disabled !== 'boolean') errors.push('row.disabled must be a boolean');
  return errors;
}
