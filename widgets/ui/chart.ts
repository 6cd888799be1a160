/**
 * Mounts a uPlot chart built by a pure builder, sized to its box. Every chart is a <figure> with a
 * caption and its numbers as a table inside <details>: the canvas means nothing to a screen reader, and
 * the table is also what shows if the canvas cannot be drawn.
 */
import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { formatNumber } from './format.js';
import type { ComponentChildren } from 'preact';

export interface ChartSpec {
  opts: Omit<uPlot.Options, 'width' | 'height'>;
  data: uPlot.AlignedData;
}

export interface ChartProps {
  title: string;
  build: () => ChartSpec;
  /** Key that changes when the data changes, so the chart is rebuilt. */
  dataKey: string;
  headers: string[];
  /** Each column's key in the report vocabulary (the table under the chart names things as the reports do). */
  keys: string[];
  rows: (string | number)[][];
  height?: number;
  link?: { href: string; label: string };
  children?: ComponentChildren;
}

/** uPlot draws after construction, so a DOM without a 2D canvas is detected up front, not caught. */
const canDraw = () => {
  try {
    return !!document.createElement('canvas').getContext('2d');
  } catch {
    return false;
  }
};

export function Chart(p: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || p.rows.length === 0 || !canDraw()) return;
    let plot: uPlot | null = null;
    try {
      const spec = p.build();
      const width = Math.max(260, el.clientWidth || 600);
      plot = new uPlot({ ...spec.opts, width, height: p.height ?? 240 } as uPlot.Options, spec.data, el);
    } catch {
      return; // no canvas (e.g. a DOM without 2D context): the data table below still carries the numbers
    }
    const ro = typeof ResizeObserver === 'function'
      ? new ResizeObserver(() => plot?.setSize({ width: Math.max(260, el.clientWidth), height: p.height ?? 240 }))
      : null;
    ro?.observe(el);
    return () => {
      ro?.disconnect();
      plot?.destroy();
    };
  }, [p.dataKey]);
  // A column of numbers is right-aligned, header included, as in the report tables.
  const numeric = p.headers.map((_, i) => p.rows.length > 0 && p.rows.every((r) => typeof r[i] === 'number'));
  return html`<figure class="chart card">
    <figcaption>
      <span class="chart-title">${p.title}</span>
      ${p.link && p.rows.length ? html`<a class="chart-link" href=${p.link.href}>${p.link.label}</a>` : null}
    </figcaption>
    ${p.rows.length === 0
      ? html`<p class="empty">No data yet.${p.link ? html` <a href=${p.link.href}>${p.link.label}</a>` : null}</p>`
      : html`<div class="chart-canvas" ref=${box} aria-hidden="true"></div>`}
    ${p.rows.length
      ? html`<details class="chart-data"><summary>Show the numbers</summary>
          <table class="table compact"><thead><tr>${p.headers.map((h, i) => html`<th scope="col" class=${numeric[i] ? 'col-number' : ''} data-key=${p.keys[i]}>${h}</th>`)}</tr></thead>
            <tbody>${p.rows.map((r) => html`<tr>${r.map((c) => (typeof c === 'number' ? html`<td class="col-number">${formatNumber(c)}</td>` : html`<td>${c}</td>`))}</tr>`)}</tbody></table>
        </details>`
      : null}
    ${p.children}
  </figure>`;
}
