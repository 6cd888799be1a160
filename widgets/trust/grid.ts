/**
 * The trust screens' table: every row on one page (the review queue, the next cycle and the margins are
 * short lists staff read whole), optional row selection for bulk actions and a per-row actions cell,
 * placed first so the buttons stay in view when a wide table scrolls.
 */
import { html } from 'htm/preact';
import { cellBody, cellClass } from '../ui/cells.js';
import type { MoneyFormat } from '../ui/format.js';
import type { ComponentChildren } from 'preact';
import type { ReportColumn } from '../types.js';

export interface GridProps {
  caption: string;
  columns: ReportColumn[];
  rows: Record<string, unknown>[];
  money?: MoneyFormat;
  /** The tenant's time zone: instants are shown in it, as in the reports. */
  timeZone?: string;
  empty: ComponentChildren;
  /** Row selection (bulk actions): the selected ids and how to change them. */
  selected?: Set<string>;
  onSelect?: (ids: Set<string>) => void;
  /** What a row offers (buttons); its label names the row for screen readers. */
  actions?: (row: Record<string, unknown>) => ComponentChildren;
  /** A row that needs attention (below cost): shown with a warning tone. */
  warn?: (row: Record<string, unknown>) => boolean;
  rowLabel?: (row: Record<string, unknown>) => string;
}

const idOf = (r: Record<string, unknown>) => String(r.id ?? '');

export function TrustGrid(p: GridProps) {
  const columns = p.columns.filter((c) => !c.detail);
  const sel = p.selected;
  const all = sel && p.rows.length > 0 && p.rows.every((r) => sel.has(idOf(r)));
  const toggle = (id: string) => {
    const next = new Set(sel);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    p.onSelect!(next);
  };
  const span = columns.length + (sel ? 1 : 0) + (p.actions ? 1 : 0);
  return html`<div class="table-wrap card"><div class="table-scroll" tabindex="0" role="region" aria-label=${p.caption}>
    <table class="table report-table trust-table">
      <caption class="sr-only">${p.caption}</caption>
      <thead><tr>
        ${sel ? html`<th scope="col" class="col-select"><input type="checkbox" aria-label="Select all rows" checked=${!!all}
          onChange=${() => p.onSelect!(all ? new Set() : new Set(p.rows.map(idOf)))} /></th>` : null}
        ${p.actions ? html`<th scope="col" class="col-actions">Actions</th>` : null}
        ${columns.map((c) => html`<th scope="col" class=${cellClass(c)} data-key=${c.key}>${c.label}</th>`)}
      </tr></thead>
      <tbody>
        ${p.rows.length === 0
          ? html`<tr class="empty-row"><td colspan=${span} class="empty">${p.empty}</td></tr>`
          : p.rows.map((r) => html`<tr class=${p.warn?.(r) ? 'row-warn' : ''}>
              ${sel ? html`<td class="col-select"><input type="checkbox" aria-label=${`Select ${p.rowLabel?.(r) ?? idOf(r)}`}
                checked=${sel.has(idOf(r))} onChange=${() => toggle(idOf(r))} /></td>` : null}
              ${p.actions ? html`<td class="col-actions">${p.actions(r)}</td>` : null}
              ${columns.map((c) => html`<td class=${cellClass(c)} data-key=${c.key} data-label=${c.label}>${cellBody(c, r[c.key], p.timeZone, p.money)}</td>`)}
            </tr>`)}
      </tbody>
    </table>
  </div></div>`;
}
