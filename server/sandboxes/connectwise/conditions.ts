/**
 * The sandbox's reading of ConnectWise `conditions`: comparisons (= != < <= > >=, like, contains, in),
 * and/or/not, parentheses, literals "string" / 'string' / [datetime] / number / true / false / null
 * (research 1, "Query parameters"). A literal of the wrong kind for its field is refused with ConnectWise's
 * own text ("Expected a boolean value, not a numeric. String values should be enclosed ..."); fields the
 * sandbox does not know are refused too, so a client typo shows up in tests instead of matching nothing.
 */
import { CW_TEXTS } from './vendor.js';

export type FieldType = 'number' | 'string' | 'boolean' | 'datetime';
export type FieldTypes = Record<string, FieldType>;

type Lit = { kind: 'string'; v: string } | { kind: 'number'; v: number } | { kind: 'boolean'; v: boolean } | { kind: 'null' } | { kind: 'datetime'; v: number; text: string };
export type Node =
  | { t: 'and' | 'or'; l: Node; r: Node }
  | { t: 'not'; e: Node }
  | { t: 'cmp'; field: string; op: string; value: Lit }
  | { t: 'in'; field: string; values: Lit[]; negate: boolean };

export class ConditionsError extends Error {}

type Tok = { k: 'lp' | 'rp' | 'comma' | 'op' | 'word' | 'lit'; s: string; lit?: Lit; at: number };

const KIND_WORD: Record<Lit['kind'], string> = { string: 'string', number: 'numeric', boolean: 'boolean', null: 'null', datetime: 'datetime' };
const TYPE_WORD: Record<FieldType, string> = { string: 'string', number: 'numeric', boolean: 'boolean', datetime: 'datetime' };

export const expectedMessage = (want: string, got: string) => `Expected a ${want} value, not a ${got}. ${CW_TEXTS.conditionsTail}`;

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const at = i;
    if (ch === '(' || ch === ')' || ch === ',') {
      out.push({ k: ch === '(' ? 'lp' : ch === ')' ? 'rp' : 'comma', s: ch, at });
      i++;
    } else if (ch === '"' || ch === "'") {
      let v = '';
      i++;
      while (i < src.length && src[i] !== ch) {
        if (src[i] === '\\' && i + 1 < src.length) i++;
        v += src[i++];
      }
      if (i >= src.length) throw new ConditionsError(`Unterminated string starting at position ${at} in conditions.`);
      i++;
      out.push({ k: 'lit', s: v, lit: { kind: 'string', v }, at });
    } else if (ch === '[') {
      const end = src.indexOf(']', i);
      if (end < 0) throw new ConditionsError(`Unterminated datetime starting at position ${at} in conditions.`);
      const text = src.slice(i + 1, end).trim();
      const v = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
      if (Number.isNaN(v)) throw new ConditionsError(`'${text}' is not a valid datetime. ${CW_TEXTS.conditionsTail}`);
      out.push({ k: 'lit', s: text, lit: { kind: 'datetime', v, text }, at });
      i = end + 1;
    } else if (/[=!<>]/.test(ch)) {
      const two = src.slice(i, i + 2);
      const op = ['!=', '<=', '>=', '<>'].includes(two) ? two : ch;
      if (op === '!') throw new ConditionsError(`Unexpected character '!' at position ${at} in conditions.`);
      out.push({ k: 'op', s: op === '<>' ? '!=' : op, at });
      i += op.length;
    } else if (/[-\d]/.test(ch)) {
      const m = /^-?\d+(\.\d+)?/.exec(src.slice(i));
      if (!m) throw new ConditionsError(`Unexpected character '${ch}' at position ${at} in conditions.`);
      out.push({ k: 'lit', s: m[0], lit: { kind: 'number', v: Number(m[0]) }, at });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*(\/[A-Za-z_][A-Za-z0-9_]*)*/.exec(src.slice(i))!;
      const w = m[0];
      const lower = w.toLowerCase();
      if (lower === 'true' || lower === 'false') out.push({ k: 'lit', s: w, lit: { kind: 'boolean', v: lower === 'true' }, at });
      else if (lower === 'null') out.push({ k: 'lit', s: w, lit: { kind: 'null' }, at });
      else out.push({ k: 'word', s: w, at });
      i += w.length;
    } else {
      throw new ConditionsError(`Unexpected character '${ch}' at position ${at} in conditions.`);
    }
  }
  return out;
}

export function parseConditions(src: string, fields: FieldTypes): Node | null {
  const toks = tokenize(src);
  if (toks.length === 0) return null;
  let p = 0;
  const peek = () => toks[p];
  const isWord = (w: string) => peek()?.k === 'word' && peek()!.s.toLowerCase() === w;
  const unexpected = (): never => {
    const t = peek();
    throw new ConditionsError(t ? `Unexpected '${t.s}' at position ${t.at} in conditions.` : 'Unexpected end of conditions.');
  };

  const literalFor = (field: string, type: FieldType): Lit => {
    const t = peek();
    if (!t) unexpected();
    if (t!.k === 'word') throw new ConditionsError(expectedMessage(TYPE_WORD[type], `word '${t!.s}'`));
    if (t!.k !== 'lit') unexpected();
    p++;
    const lit = t!.lit!;
    if (lit.kind !== 'null' && lit.kind !== type) throw new ConditionsError(expectedMessage(TYPE_WORD[type], KIND_WORD[lit.kind]));
    void field;
    return lit;
  };

  const comparison = (): Node => {
    const t = peek();
    if (!t || t.k !== 'word') unexpected();
    const field = t!.s;
    const type = lookup(fields, field);
    if (!type) throw new ConditionsError(`Unknown field '${field}' in conditions.`);
    p++;
    let negate = false;
    if (isWord('not')) {
      negate = true;
      p++;
    }
    if (isWord('in')) {
      p++;
      if (peek()?.k !== 'lp') unexpected();
      p++;
      const values: Lit[] = [literalFor(field, type)];
      while (peek()?.k === 'comma') {
        p++;
        values.push(literalFor(field, type));
      }
      if (peek()?.k !== 'rp') unexpected();
      p++;
      return { t: 'in', field, values, negate };
    }
    if (isWord('like') || isWord('contains')) {
      const op = peek()!.s.toLowerCase();
      p++;
      if (type !== 'string') throw new ConditionsError(`The '${op}' operator applies to string fields only, not '${field}'.`);
      const node: Node = { t: 'cmp', field, op, value: literalFor(field, type) };
      return negate ? { t: 'not', e: node } : node;
    }
    if (negate || peek()?.k !== 'op') unexpected();
    const op = peek()!.s;
    p++;
    const value = literalFor(field, type);
    if (value.kind === 'null' && op !== '=' && op !== '!=') throw new ConditionsError(`null can only be compared with = or != ('${field}').`);
    return { t: 'cmp', field, op, value };
  };

  const unary = (): Node => {
    if (isWord('not')) {
      p++;
      return { t: 'not', e: unary() };
    }
    if (peek()?.k === 'lp') {
      p++;
      const e = orExpr();
      if (peek()?.k !== 'rp') unexpected();
      p++;
      return e;
    }
    return comparison();
  };
  const andExpr = (): Node => {
    let l = unary();
    while (isWord('and')) {
      p++;
      l = { t: 'and', l, r: unary() };
    }
    return l;
  };
  const orExpr = (): Node => {
    let l = andExpr();
    while (isWord('or')) {
      p++;
      l = { t: 'or', l, r: andExpr() };
    }
    return l;
  };
  const tree = orExpr();
  if (p < toks.length) unexpected();
  return tree;
}

/** Field type, case-insensitively (ConnectWise field names are not case-sensitive in conditions). */
export function lookup(fields: FieldTypes, field: string): FieldType | undefined {
  if (fields[field]) return fields[field];
  const lower = field.toLowerCase();
  for (const [k, v] of Object.entries(fields)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

export function valueAt(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('/')) {
    if (cur == null || typeof cur !== 'object') return undefined;
    const rec = cur as Record<string, unknown>;
    const key = part in rec ? part : Object.keys(rec).find((k) => k.toLowerCase() === part.toLowerCase());
    cur = key === undefined ? undefined : rec[key];
  }
  return cur;
}

function compare(actual: unknown, op: string, lit: Lit): boolean {
  if (lit.kind === 'null') return op === '=' ? actual == null : actual != null;
  if (actual == null) return op === '!=';
  let a: number | string | boolean;
  let b: number | string | boolean;
  if (lit.kind === 'datetime') {
    a = Date.parse(String(actual));
    b = lit.v;
  } else if (lit.kind === 'string') {
    // ConnectWise runs on SQL Server's case-insensitive collation.
    a = String(actual).toLowerCase();
    b = lit.v.toLowerCase();
    if (op === 'like') {
      const re = new RegExp(`^${b.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.')}$`, 's');
      return re.test(a);
    }
    if (op === 'contains') return a.includes(b);
  } else {
    a = actual as number | boolean;
    b = lit.v;
  }
  switch (op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    default:
      return false;
  }
}

export function matches(node: Node | null, row: unknown): boolean {
  if (!node) return true;
  switch (node.t) {
    case 'and':
      return matches(node.l, row) && matches(node.r, row);
    case 'or':
      return matches(node.l, row) || matches(node.r, row);
    case 'not':
      return !matches(node.e, row);
    case 'in': {
      const v = valueAt(row, node.field);
      const hit = node.values.some((lit) => compare(v, '=', lit));
      return node.negate ? !hit : hit;
    }
    case 'cmp':
      return compare(valueAt(row, node.field), node.op, node.value);
  }
}
