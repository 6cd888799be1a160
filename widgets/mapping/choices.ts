/**
 * What each dropdown option says, pure so the tests read the same text: accounts sorted by name with the
 * ones already linked marked (and to which company), services with the PSA's current units and price.
 */
import { formatMoney, formatNumber, type MoneyFormat } from '../ui/format.js';
import type { PsaAccount, PsaService } from '../types.js';

export interface Choice {
  id: string;
  name: string;
  /** The option's text; the name when absent. */
  label?: string;
  contractServiceId?: string | null;
}

const byName = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

export function accountChoices(items: PsaAccount[], linkedTo: ReadonlyMap<string, string>): Choice[] {
  return [...items]
    .sort((a, b) => byName.compare(a.name, b.name))
    .map((a) => {
      const company = linkedTo.get(a.id);
      return { id: a.id, name: a.name, label: company ? `${a.name} (linked: ${company})` : a.name };
    });
}

export function serviceChoices(items: PsaService[], money?: MoneyFormat): Choice[] {
  return items.map((s) => {
    const units = s.units === null || s.units === undefined ? 'units unknown' : `${formatNumber(s.units)} unit${s.units === 1 ? '' : 's'}`;
    const price = s.unitPrice === null || s.unitPrice === undefined ? 'no price' : `${formatMoney(s.unitPrice, money)} each`;
    return { id: s.serviceId, name: s.name, contractServiceId: s.contractServiceId, label: `${s.name} (${units}, ${price})` };
  });
}

/** Case-insensitive contains on what the option shows. */
export function searchChoices<T extends Choice>(items: T[], text: string): T[] {
  const q = text.trim().toLowerCase();
  return q ? items.filter((i) => (i.label ?? i.name).toLowerCase().includes(q)) : items;
}
