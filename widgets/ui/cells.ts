/**
 * One way to show a column's value in every table (the reports, the trust screens): a status as the pill,
 * a unit change with its sign, numbers and money right-aligned (their classes), ids apart, long text wrapping.
 */
import { html } from 'htm/preact';
import { formatCell, type MoneyFormat } from './format.js';
import { STATUS_KEYS, StatusPill } from './status.js';
import type { ReportColumn } from '../types.js';

/** Numbers right-aligned on one line; ids as identifiers (not amounts); text wraps so the table fits its box. */
export function cellClass(c: Pick<ReportColumn, 'key' | 'type'>): string {
  // The audit trail's subject is the ids of what changed ("1000845/100234").
  if (/Id$/.test(c.key) || c.key === 'id' || c.key === 'subject') return 'col-id';
  if (c.key === 'dateReason' || c.key === 'lastError' || c.key === 'errorCause' || c.key === 'why') return 'col-text col-reason';
  return `col-${c.type}`;
}

export function cellBody(c: ReportColumn, v: unknown, timeZone?: string, money?: MoneyFormat | null): unknown {
  if (STATUS_KEYS.has(c.key) && v != null && v !== '') return html`<${StatusPill} status=${v} />`;
  if (c.key === 'unitChange' && typeof v === 'number' && v > 0) return `+${formatCell('number', v)}`;
  return formatCell(c.type, v, timeZone, money);
}
