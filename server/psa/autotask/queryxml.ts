/**
 * REST-style filters -> ATWS 1.6 QueryXML. Paging is by id: each page asks for `id > last id seen`
 * (QueryCall.htm: "returns up to 500 records ... sorted by id"). Pure, unit-tested.
 * Docs: https://www.autotask.net/help/DeveloperHelp/Content/APIs/SOAP/General_Topics/QueryXML.htm
 */
import type { Filter } from './filters.js';
import { SOAP_ENTITY, SOAP_OP, soapField } from './soap-names.js';
import type { AutotaskEntity } from './transport.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function field(entity: AutotaskEntity, name: string, op: string, value: unknown): string {
  const v = value === undefined || value === null ? '' : esc(String(value));
  return `<field>${soapField(entity, name)}<expression op="${op}">${v}</expression></field>`;
}

function condition(entity: AutotaskEntity, f: Filter, operator?: 'OR'): string {
  const open = operator ? `<condition operator="${operator}">` : '<condition>';
  if (f.op === 'and' || f.op === 'or') {
    const inner = (f.items ?? []).map((i, n) => condition(entity, i, f.op === 'or' && n > 0 ? 'OR' : undefined)).join('');
    return `${open}${inner}</condition>`;
  }
  if (f.op === 'in' || f.op === 'notIn') {
    const values = Array.isArray(f.value) ? f.value : [f.value];
    if (f.op === 'notIn') return `${open}${values.map((v) => `<condition>${field(entity, f.field!, 'NotEqual', v)}</condition>`).join('')}</condition>`;
    // One OR per value: callers keep lists at 500 or fewer (SOAP_Thresholds_Limits.htm).
    return `${open}${values.map((v, n) => `<condition${n > 0 ? ' operator="OR"' : ''}>${field(entity, f.field!, 'Equals', v)}</condition>`).join('')}</condition>`;
  }
  const op = SOAP_OP[f.op];
  if (!op) throw new Error(`No QueryXML operator for ${f.op}`);
  return `${open}${field(entity, f.field!, op, f.value)}</condition>`;
}

export function buildQueryXml(entity: AutotaskEntity, filter: Filter[], afterId = 0): string {
  const parts = filter.map((f) => condition(entity, f));
  parts.push(`<condition>${field(entity, 'id', 'GreaterThan', afterId)}</condition>`);
  return `<queryxml><entity>${SOAP_ENTITY[entity]}</entity><query>${parts.join('')}</query></queryxml>`;
}
