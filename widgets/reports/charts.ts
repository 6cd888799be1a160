/** The charts under the reports, from the dashboard numbers (all companies), loaded after the table. */
import { html } from 'htm/preact';
import { useApp } from '../ui/context.js';
import { useAsync } from '../ui/hooks.js';
import { useDataVersion } from '../shell/sync.js';
import { Chart } from '../ui/chart.js';
import { buildAdjustmentsChart, buildLicensesChart, licensesChartHeight, topCustomers } from '../dashboard/chart.js';
import type { ReportName } from '../types.js';

/** The guide shows "Licenses per customer" under the subscription reports and activity on the logs. */
export function ReportCharts({ name }: { name: ReportName }) {
  const { api } = useApp();
  const dash = useAsync(() => api.dashboard(), `dashboard:${useDataVersion()}`);
  const d = dash.data;
  if (!d || name === 'failures') return null;
  if (name === 'adjustments') {
    return html`<${Chart} title="Adjustments over time" dataKey=${JSON.stringify(d.adjustmentsByDay)}
      build=${() => buildAdjustmentsChart(d.adjustmentsByDay, new Date().toISOString().slice(0, 10))} headers=${['Date', 'Adjustments', 'Units']}
      rows=${d.adjustmentsByDay.map((r) => [r.date, r.count, r.units])} />`;
  }
  return html`<${Chart} title="All companies: licenses per customer" dataKey=${JSON.stringify(d.licensesPerCustomer)}
    build=${() => buildLicensesChart(d.licensesPerCustomer)} height=${licensesChartHeight(topCustomers(d.licensesPerCustomer).length)} headers=${['Customer', 'Licenses']}
    rows=${topCustomers(d.licensesPerCustomer).map((r) => [r.name, r.licenses])} />`;
}
