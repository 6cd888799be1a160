/**
 * Builder for ConnectWise `conditions` query strings (research 1, "Query parameters"): strings in double
 * quotes, datetimes in square brackets, booleans true/false, `null`, nested fields with `/`, e.g.
 * `company/id=250 and cancelledFlag=false`. Building through here means a value is always written in the
 * form the server expects, so a stray number never meets a boolean field ("Expected a boolean value...").
 */
export type CondLiteral = string | number | boolean | null | CwDateTime;

/** A datetime literal; `at` is an ISO date (YYYY-MM-DD, midnight UTC) or a full ISO datetime. */
export interface CwDateTime {
  at: string;
}

export type CondOperator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'like' | 'contains';

const FIELD = /^[A-Za-z_][A-Za-z0-9_]*(\/[A-Za-z_][A-Za-z0-9_]*)*$/;

export const dateTime = (at: string): CwDateTime => ({ at });

/** One literal, written the way ConnectWise parses it. */
export function literal(value: CondLiteral): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`conditions: ${value} is not a finite number`);
    return String(value);
  }
  if (typeof value === 'string') return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const at = value.at.length === 10 ? `${value.at}T00:00:00Z` : value.at;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(at)) throw new Error(`conditions: bad datetime ${value.at}`);
  return `[${at}]`;
}

export function condition(field: string, op: CondOperator, value: CondLiteral): string {
  if (!FIELD.test(field)) throw new Error(`conditions: bad field name ${field}`);
  return `${field}${op === 'like' || op === 'contains' ? ` ${op} ` : op}${literal(value)}`;
}

/** `field in (a,b,c)`; an empty list matches nothing, which `id in ()` cannot say, so callers skip it. */
export function isIn(field: string, values: readonly CondLiteral[]): string {
  if (!FIELD.test(field)) throw new Error(`conditions: bad field name ${field}`);
  if (values.length === 0) throw new Error('conditions: `in` needs at least one value');
  return `${field} in (${values.map(literal).join(',')})`;
}

const group = (joiner: 'and' | 'or', parts: (string | null | undefined | false)[]): string => {
  const kept = parts.filter((p): p is string => typeof p === 'string' && p.length > 0);
  if (kept.length === 0) return '';
  if (kept.length === 1) return kept[0]!;
  return kept.map((p) => (/\s(and|or)\s/i.test(p) && !isWrapped(p) ? `(${p})` : p)).join(` ${joiner} `);
};

/** True when the whole string is one parenthesised group, so it needs no more parentheses. */
function isWrapped(p: string): boolean {
  if (!p.startsWith('(') || !p.endsWith(')')) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < p.length; i++) {
    const ch = p[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0 && i < p.length - 1) return false;
  }
  return true;
}

export const and = (...parts: (string | null | undefined | false)[]): string => group('and', parts);
export const or = (...parts: (string | null | undefined | false)[]): string => group('or', parts);
