/**
 * Margins (issue 14 §5): per customer and resource, the Marketplace unit cost against the PSA unit price,
 * the period's totals, and a warning where the PSA price is below cost.
 */
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { useApp } from '../ui/context.js';
import { formatMoney, moneyOf, plural } from '../ui/format.js';
import { useAsync, useFocusHeading } from '../ui/hooks.js';
import { Alert, Loading, PageHeader, Status } from '../ui/parts.js';
import { CsvButton } from './csv.js';
import { TrustGrid } from './grid.js';

export function MarginsView() {
  const { api, me } = useApp();
  const [refresh, setRefresh] = useState(0);
  const margins = useAsync(() => api.margins(refresh > 0), `margins#${refresh}`);
  const heading = useFocusHeading('margins');
  const money = moneyOf(me);
  const d = margins.data;
  return html`<section class="page">
    <${PageHeader} title="Margins" headingRef=${heading} crumbs=${[{ label: 'IDSync® Cloud', href: '/' }, { label: 'Billing', href: '/billing' }, { label: 'Margins' }]}>
      <button type="button" class="btn" onClick=${() => setRefresh((n) => n + 1)} disabled=${margins.loading}>Refresh prices</button>
      <${CsvButton} path="/api/margins" name="margins" />
    </${PageHeader}>
    <p class="muted">Monthly Marketplace cost against the PSA price for every linked resource.</p>
    <${Alert} error=${margins.error} />
    ${!d && margins.loading ? html`<${Loading} />` : null}
    ${d
      ? html`${d.totals.belowCost
          ? html`<${Status} tone="warn">${plural(d.totals.belowCost, 'resource')} billed below cost: raise the PSA price or check the relation's price.</${Status}>`
          : null}
        <dl class="totals" aria-label="Margin totals">
          <div><dt>Monthly cost</dt><dd>${formatMoney(d.totals.monthlyCost, money)}</dd></div>
          <div><dt>Monthly revenue</dt><dd>${formatMoney(d.totals.monthlyRevenue, money)}</dd></div>
          <div><dt>Monthly margin</dt><dd>${formatMoney(d.totals.monthlyMargin, money)}</dd></div>
          <div><dt>Price unknown</dt><dd>${d.totals.unknown}</dd></div>
          ${d.period ? html`<div><dt>Billing period</dt><dd>${d.period.start} – ${d.period.end}</dd></div>` : null}
          <div><dt>Adjustments this period</dt><dd>${formatMoney(d.adjustmentsThisPeriod, money)}</dd></div>
        </dl>
        <${TrustGrid} caption=${`Margins: ${d.rows.length} resources`} columns=${d.columns} rows=${d.rows} money=${money} timeZone=${me?.tenant.timeZone}
          warn=${(r: Record<string, unknown>) => r.belowCost === true}
          empty=${html`No linked resources yet. Link resources on <a href="/billing">Billing</a> to see their margins.`} />`
      : null}
  </section>`;
}
