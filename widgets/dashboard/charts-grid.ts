/** Home's two charts, each opening its report; in their own chunk with uPlot. */
import { html } from 'htm/preact';
import { Chart } from '../ui/chart.js';
import { reportHref } from '../shell/routes.js';
import { buildAdjustmentsChart, buildLicensesChart, licensesChartHeight, topCustomers } from './chart.js';
import type { Dashboard, PsaKind } from '../types.js';

export function HomeCharts({ d, kind }: { d: Dashboard; kind: PsaKind | null }) {
  return html`<div class="grid-2">
    <${Chart}
      title="Adjustments over time"
      dataKey=${JSON.stringify(d.adjustmentsByDay)}
      build=${() => buildAdjustmentsChart(d.adjustmentsByDay, new Date().toISOString().slice(0, 10))}
      headers=${['Date', 'Adjustments', 'Unit change']} keys=${['date', 'adjustments', 'unitChange']}
      rows=${d.adjustmentsByDay.map((r) => [r.date, r.count, r.units])}
      link=${{ href: reportHref('adjustments', kind), label: 'Open the Adjustments log' }}
    />
    <${Chart}
      title="Licenses per customer"
      dataKey=${JSON.stringify(d.licensesPerCustomer)}
      build=${() => buildLicensesChart(d.licensesPerCustomer)} height=${licensesChartHeight(topCustomers(d.licensesPerCustomer).length)}
      headers=${['Customer', 'Licenses']} keys=${['companyName', 'licenses']}
      rows=${topCustomers(d.licensesPerCustomer).map((r) => [r.name, r.licenses])}
      link=${{ href: reportHref('subscriptions', kind), label: 'Open the Subscriptions report' }}
    />
  </div>`;
}
