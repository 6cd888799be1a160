/**
 * The audit trail's before and after as people read them (issue 14 §6): the stored JSON states become a
 * short diff, "Decrease policy: next period → immediate", naming only what moved. Pure.
 */
/** Fields of the recorded states in the user's words (the vocabulary's names where it has one). */
const FIELD_WORDS: Record<string, string> = {
  psaKind: 'PSA kind',
  psaAccountId: 'PSA account ID',
  psaAccountName: 'PSA account',
  psaContractId: 'PSA contract ID',
  psaContractName: 'PSA contract',
  psaServiceId: 'PSA service ID',
  psaServiceName: 'PSA service',
  status: 'Status',
  fromCount: 'From',
  toCount: 'To',
  unitChange: 'Unit change',
  effectiveDate: 'Effective date',
  estimatedAmount: 'Estimated amount',
  psaContractServiceId: 'PSA contract service ID',
  decreasePolicy: 'Decrease policy',
  priceSource: 'Price source',
  customPrice: 'Custom price',
  statusPolicy: 'Status policy',
  settings: 'Settings',
  mode: 'Review',
  threshold: 'Threshold',
  reason: 'Reason',
};

const NONE = '(none)';

/** "decreasePolicy" reads "Decrease policy"; a nested field reads "Settings · Base URL". */
export function fieldLabel(path: string): string {
  return path
    .split('.')
    .map((k) => FIELD_WORDS[k] ?? (k.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().replace(/^./, (c) => c.toUpperCase())))
    .join(' · ');
}

function parse(v: unknown): unknown {
  if (typeof v !== 'string' || v === '') return v ?? null;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

/** Nested objects flatten to dotted paths, so a settings change names the one setting that moved. */
function flatten(v: unknown, prefix = '', out: Map<string, unknown> = new Map()): Map<string, unknown> {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v)) flatten(x, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) out.set(prefix, v);
  return out;
}

function valueText(v: unknown): string {
  if (v === null || v === undefined || v === '') return NONE;
  if (Array.isArray(v)) return v.length ? v.map(valueText).join(', ') : NONE;
  return String(v).replace(/_/g, ' ');
}

/**
 * "PSA service: (none) → Exchange Online; Custom price: 4 → 5". A whole state that appears or goes
 * (a link, a clear) lists its fields once, as added or removed, rather than a row of "(none)".
 */
export function changeText(beforeJson: unknown, afterJson: unknown): string {
  const before = parse(beforeJson);
  const after = parse(afterJson);
  if (before == null && after == null) return '';
  if (typeof before !== 'object' || typeof after !== 'object') return `${valueText(before)} → ${valueText(after)}`;
  const a = flatten(before);
  const b = flatten(after);
  const keys = [...new Set([...a.keys(), ...b.keys()])];
  const parts: string[] = [];
  for (const k of keys) {
    const x = a.get(k);
    const y = b.get(k);
    if (JSON.stringify(x ?? null) === JSON.stringify(y ?? null)) continue;
    if (before == null) parts.push(`${fieldLabel(k)}: ${valueText(y)}`);
    else if (after == null) parts.push(`${fieldLabel(k)}: ${valueText(x)} → ${NONE}`);
    else parts.push(`${fieldLabel(k)}: ${valueText(x)} → ${valueText(y)}`);
  }
  const text = parts.join('; ');
  if (before == null) return text ? `Set ${text}` : 'Set';
  if (after == null) return text ? `Removed ${text}` : 'Removed';
  return text || 'No change';
}

/** A recorded state in full as "key: value" text (the Before detail column), never raw JSON. */
export function stateText(json: unknown): string {
  const v = parse(json);
  if (v == null) return NONE;
  if (typeof v !== 'object') return valueText(v);
  return [...flatten(v)].map(([k, x]) => `${fieldLabel(k)}: ${valueText(x)}`).join('; ') || NONE;
}

/** "link" reads "Link": the stored word, so the Action filter finds what the cell shows. */
export const actionText = (v: unknown) => (typeof v === 'string' && v ? v[0]!.toUpperCase() + v.slice(1) : '');
