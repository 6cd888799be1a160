/**
 * Pure builders of uPlot options and data from API rows (docs/api.md GET /api/dashboard). Kept free of
 * DOM so the numbers on the charts are unit-tested.
 */
import uPlot from 'uplot';
import type { ChartSpec } from '../ui/chart.js';
import type { Dashboard } from '../types.js';

const ACCENT = '#1f5fbf';
const ACCENT_FILL = 'rgba(31,95,191,0.55)';
const GRID = { stroke: '#e3e8ef', width: 1 };
const AXIS = { stroke: '#4a5565', grid: GRID, ticks: { stroke: '#cfd6df', width: 1 } };

const DAY_MS = 86_400_000;
/** Tick steps of whole days (in seconds), so the axis never lands between days at a clock time. */
const DAY_INCRS = [1, 2, 7, 14, 30, 91].map((d) => d * 86_400);
const dayOf = (ts: number) => new Date(ts * 1000).toISOString().slice(0, 10);
/** A value on hover; blank (not "--") before the pointer is on a day. */
const shown = (_u: uPlot, v: number | null) => (v == null ? '' : String(v));

/**
 * Days as epoch seconds (uPlot's time axis) with adjustments and units per day, gaps filled with zero.
 * The range fits the data: from the first day with an adjustment (days of zeros before it are dropped),
 * and with `today` at least the `minDays` days up to today, so one busy day is not a lone clipped bar.
 */
export function adjustmentsSeries(days: Dashboard['adjustmentsByDay'], today?: string, minDays = 7): [number[], number[], number[]] {
  const sorted = [...days].filter((d) => d.count !== 0 || d.units !== 0).sort((a, b) => a.date.localeCompare(b.date));
  const xs: number[] = [];
  const counts: number[] = [];
  const units: number[] = [];
  if (sorted.length === 0 && !today) return [xs, counts, units];
  const byDate = new Map(sorted.map((d) => [d.date, d]));
  const day = (d: string) => Date.parse(d + 'T00:00:00Z');
  let first = sorted[0] ? day(sorted[0].date) : Infinity;
  let last = sorted.length ? day(sorted[sorted.length - 1]!.date) : -Infinity;
  if (today) {
    first = Math.min(first, day(today) - (minDays - 1) * DAY_MS);
    last = Math.max(last, day(today));
  }
  for (let t = first; t <= last; t += DAY_MS) {
    const d = byDate.get(new Date(t).toISOString().slice(0, 10));
    xs.push(t / 1000);
    counts.push(d?.count ?? 0);
    units.push(d?.units ?? 0);
  }
  return [xs, counts, units];
}

export function buildAdjustmentsChart(days: Dashboard['adjustmentsByDay'], today?: string): ChartSpec {
  const [xs, counts, units] = adjustmentsSeries(days, today);
  return {
    opts: {
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      // Daily bars: dates without clock times, on the axis and in the legend.
      /** Units (often tens) get their own right-hand scale so a day's handful of adjustments stays visible. */
      scales: {
        /** Half a day either side, so the first and last days' bars are drawn whole. */
        x: { time: true, range: (_u, min, max) => [min - 43_200, max + 43_200] },
        y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] },
        units: { range: (_u, min, max) => [Math.min(0, min * 1.1), Math.max(1, max * 1.1)] },
      },
      series: [
        { label: 'Day', value: (_u, ts) => (ts == null ? '' : dayOf(ts)) },
        { label: 'Adjustments', stroke: ACCENT, fill: ACCENT_FILL, paths: uPlot.paths.bars!({ size: [0.7, 28] }), points: { show: false }, value: shown },
        { label: 'Units changed', scale: 'units', stroke: '#d9822b', width: 2, points: { show: false }, value: shown },
      ],
      axes: [
        { ...AXIS, space: 48, incrs: DAY_INCRS, values: (_u, splits) => splits.map((ts) => dayOf(ts).slice(5)), label: 'Day (MM-DD)', labelSize: 20 },
        { ...AXIS, size: 44, label: 'Adjustments', labelSize: 20 },
        { ...AXIS, scale: 'units', side: 1, size: 44, grid: { show: false }, label: 'Units changed', labelSize: 20 },
      ],
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
    },
    data: [xs, counts, units],
  };
}

export interface LicenseBar {
  name: string;
  licenses: number;
}

/** The biggest customers first; the tail folded into "Others" so the labels stay readable. */
export function topCustomers(rows: Dashboard['licensesPerCustomer'], limit = 12): LicenseBar[] {
  const sorted = [...rows].sort((a, b) => b.licenses - a.licenses || a.name.localeCompare(b.name));
  const top = sorted.slice(0, limit).map((r) => ({ name: r.name, licenses: r.licenses }));
  const rest = sorted.slice(limit).reduce((s, r) => s + r.licenses, 0);
  if (sorted.length > limit) top.push({ name: `Others (${sorted.length - limit})`, licenses: rest });
  return top;
}

export const shortLabel = (s: string, max = 14) => (s.length > max ? s.slice(0, max - 1) + '…' : s);

/** Room for one bar per customer: the chart grows with the list instead of squeezing the names. */
export const licensesChartHeight = (bars: number) => 56 + 28 * Math.max(1, bars);

/** Long enough for nearly every company name; a longer one keeps its start and shows whole on hover. */
const NAME_MAX = 36;

/**
 * Horizontal bars, the biggest customer on top: names read on the left in full instead of rotated and
 * cut under narrow vertical bars, and the licence count runs along a labelled bottom axis.
 */
export function buildLicensesChart(rows: Dashboard['licensesPerCustomer'], limit = 12): ChartSpec {
  const bars = topCustomers(rows, limit);
  const names = bars.map((b) => b.name);
  const longest = Math.max(4, ...names.map((n) => Math.min(n.length, NAME_MAX)));
  return {
    opts: {
      scales: {
        x: { time: false, ori: 1, dir: -1, range: (_u, _a, _b) => [-0.5, bars.length - 0.5] },
        y: { ori: 0, dir: 1, range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] },
      },
      series: [
        { label: 'Customer', value: (_u, i) => (i == null ? '' : names[Math.round(i)] ?? '') },
        { label: 'Licenses', stroke: ACCENT, fill: ACCENT_FILL, paths: uPlot.paths.bars!({ size: [0.7, 24] }), points: { show: false } },
      ],
      axes: [
        {
          ...AXIS,
          scale: 'x',
          side: 3,
          grid: { show: false },
          // About 7 px per character of the axis font, capped so the bars keep most of the width.
          size: Math.min(260, 16 + 7 * longest),
          /** One tick per bar: the default spacing would skip customers. */
          splits: () => bars.map((_, i) => i),
          values: (_u, splits) => splits.map((i) => shortLabel(names[Math.round(i)] ?? '', NAME_MAX)),
        },
        { ...AXIS, scale: 'y', side: 2, size: 40, label: 'Licenses', labelSize: 20 },
      ],
      legend: { show: false },
      padding: [8, 24, 0, 0],
      cursor: { drag: { x: false, y: false } },
    },
    data: [bars.map((_, i) => i), bars.map((b) => b.licenses)],
  };
}
