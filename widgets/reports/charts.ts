/** The charts under the reports, loaded after the table. */
import { html } from 'htm/preact';
import { useApp } from '../ui/context.js';
import { useAsync } from '../ui/hooks.js';
import { useDataVersion } from '../shell/sync.js';
import { Chart } from '../ui/chart.js';
import { buildAdjustmentsChart, buildLicensesChart, licensesChartHeight, topCustomers } from '../dashboard/chart.js';
import type { ReportName } from '../types.js';

/** What changes the rows, not how the table pages or sorts them. */
const PAGING = ['page', 'pageSize', 'sort', 'format'];
export function chartQuery(query: string): URLSearchParams {
  const q = new URLSearchParams(query);
  for (const k of PAGING) q.delete(k);
  return q;
}

/** The guide shows "Licenses per customer" under the subscription reports and activity on the logs. */
export function ReportCharts({ name, query = '' }: { name: ReportName; query?: string }) {
  if (name === 'failures') return null;
  return name === 'adjustments' ? html`<${AdjustmentsChart} query=${query} />` : html`<${LicensesChart} />`;
}

/** Adjustments per day from the log's own filters and dates: the chart counts the rows the table shows. */
function AdjustmentsChart({ query }: { query: string }) {
  const { api } = useApp();
  const q = chartQuery(query);
  const filtered = [...q.keys()].some((k) => k !== 'context');
  const res = useAsync(() => api.adjustmentsByDay(q), `by-day?${q}#${useDataVersion()}`);
  const days = res.data?.days;
  // With no rows the table above says what to do next; an empty chart would only repeat it.
  if (!days?.length) return null;
  return html`<${Chart} title=${filtered ? 'Adjustments over time (the rows the filters keep)' : 'Adjustments over time'} dataKey=${JSON.stringify(days)}
    build=${() => buildAdjustmentsChart(days, filtered ? undefined : new Date().toISOString().slice(0, 10))} headers=${['Date', 'Adjustments', 'Unit change']} keys=${['date', 'adjustments', 'unitChange']}
    rows=${days.map((r) => [r.date, r.count, r.units])} />`;
}

/** Licences per customer, all companies (from the dashboard numbers). */
function LicensesChart() {
  const { api } = useApp();
  const dash = useAsync(() => api.dashboard(), `dashboard:${useDataVersion()}`);
  const d = dash.data;
  if (!d?.licensesPerCustomer.length) return null;
  return html`<${Chart} title="All companies: licenses per customer" dataKey=${JSON.stringify(d.licensesPerCustomer)}
    build=${() => buildLicensesChart(d.licensesPerCustomer)} height=${licensesChartHeight(topCustomers(d.licensesPerCustomer).length)} headers=${['Customer', 'Licenses']} keys=${['companyName', 'licenses']}
    rows=${topCustomers(d.licensesPerCustomer).map((r) => [r.name, r.licenses])} />`;
}
