/** Home: the month's headline numbers, sync state, PSA differences, and two charts that each open their report. */
import { html } from 'htm/preact';
import { useApp } from '../ui/context.js';
import { useAsync, useFocusHeading } from '../ui/hooks.js';
import { Alert, Loading, PageHeader } from '../ui/parts.js';
import { formatMoney, formatNumber, moneyOf, type MoneyFormat } from '../ui/format.js';
import { reportHref } from '../shell/routes.js';
import { SyncStatus, useDataVersion } from '../shell/sync.js';
import { DriftLine, DriftPanel } from './drift.js';
import { useDrift } from './drift-state.js';
import { Lazy } from '../shell/lazy.js';
import { RenewalNotices } from './renewal-notice.js';

/** The charts (and uPlot) come in their own chunk, after the figures: the numbers are what staff came for. */
const loadCharts = () => import('./charts-grid.js').then((m) => m.HomeCharts);
import type { Dashboard } from '../types.js';

function Tile(p: { label: string; value: number; href: string; tone?: string; hint: string }) {
  return html`<a class=${`tile card ${p.tone ?? ''}`} href=${p.href}>
    <span class="tile-value">${formatNumber(p.value)}</span>
    <span class="tile-label">${p.label}</span>
    <span class="tile-hint">${p.hint}</span>
  </a>`;
}

export function DashboardView() {
  const { api, me } = useApp();
  const dash = useAsync(() => api.dashboard(), `dashboard:${useDataVersion()}`);
  const drift = useDrift(dash.reload);
  const heading = useFocusHeading('home');
  const kind = me?.tenant.psaKind ?? null;
  const d = dash.data;
  return html`<section class="page">
    <${PageHeader} title="Welcome" crumbs=${[{ label: 'IDSync® Cloud' }]} headingRef=${heading} />
    <${Alert} error=${dash.error} />
    <${RenewalNotices} />
    ${!d && dash.loading ? html`<${Loading} />` : null}
    ${d?.money ? html`<${MoneyTiles} m=${d.money} kind=${kind} fmt=${moneyOf(me)} />` : null}
    ${d ? html`<${Headlines} d=${d} kind=${kind} />` : null}
    <div class="card sync-card"><h2>Sync</h2><${SyncStatus} detailed=${true} /><${DriftLine} drift=${drift} /></div>
    <${DriftPanel} drift=${drift} />
    ${d ? html`<${Lazy} load=${loadCharts} props=${{ d, kind }} />` : null}
  </section>`;
}

/** Money first: what this period posted (and how it moved the monthly run-rate), and what is not billed. */
function MoneyTiles({ m, kind, fmt }: { m: NonNullable<Dashboard['money']>; kind: Parameters<typeof reportHref>[1]; fmt: MoneyFormat }) {
  const change = `${m.runRateChange > 0 ? '+' : ''}${formatMoney(m.runRateChange, fmt)}`;
  return html`<div class="tiles tiles-money">
    <a class="tile card" href=${reportHref('adjustments', kind)}>
      <span class="tile-value">${formatMoney(m.postedThisPeriod, fmt)}</span>
      <span class="tile-label">Posted this period</span>
      <span class="tile-hint">Monthly run-rate ${change}</span>
    </a>
    <a class=${`tile card ${m.revenueAtRisk > 0 ? 'tile-warn' : ''}`} href=${reportHref('unlinked', kind)}>
      <span class="tile-value">${formatMoney(m.revenueAtRisk, fmt)}</span>
      <span class="tile-label">Revenue at risk a month</span>
      <span class="tile-hint">${m.revenueAtRisk > 0 ? 'Unlinked licences are not invoiced: link them' : 'Every priced licence is linked'}${m.unpricedUnlinked ? ` (${formatNumber(m.unpricedUnlinked)} without a price)` : ''}</span>
    </a>
  </div>`;
}

function Headlines({ d, kind }: { d: Dashboard; kind: Parameters<typeof reportHref>[1] }) {
  return html`<div class="tiles">
    <${Tile} label="Linked resources" value=${d.linkedResources} href=${reportHref('linked', kind)} hint="Kept in step with the PSA" />
    <${Tile} label="Unlinked resources" value=${d.unlinkedResources} href=${reportHref('unlinked', kind)}
      tone=${d.unlinkedResources > 0 ? 'tile-warn' : ''} hint=${d.unlinkedResources > 0 ? 'Not billed until linked' : 'Everything is linked'} />
    <${Tile} label="Adjustments this period" value=${d.adjustmentsThisPeriod} href=${reportHref('adjustments', kind)} hint="Posted to the PSA" />
    <${Tile} label="Open failures" value=${d.openFailures} href=${reportHref('failures', kind)}
      tone=${d.openFailures > 0 ? 'tile-error' : ''} hint=${d.openFailures > 0 ? 'Check before invoicing' : 'Nothing stuck'} />
  </div>`;
}
