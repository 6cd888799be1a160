/**
 * Export to CSV: the same query with format=csv, read as a stream so a long export shows how far it
 * has got, then handed to the browser as a download.
 */
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { useApp } from '../ui/context.js';
import { Alert, Progress, Status } from '../ui/parts.js';
import { csvFileName } from './model.js';
import type { ReportName } from '../types.js';

export async function readWithProgress(res: Response, onRows: (rows: number) => void): Promise<Blob> {
  if (!res.body) return res.blob();
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let rows = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    for (const b of value) if (b === 10) rows++;
    onRows(rows);
  }
  return new Blob(chunks as BlobPart[], { type: 'text/csv;charset=utf-8' });
}

/** Hand `blob` to the browser as a download named `fileName`; returns the name. */
export function saveDownload(blob: Blob, fileName: string): string {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return fileName;
}

/** `csv` reads a report kept at its own address (the audit trail); by default /api/reports/<name>. */
export function ExportButton({ name, query, csv }: { name: ReportName | 'audit'; query: URLSearchParams; csv?: (q: URLSearchParams) => Promise<Response> }) {
  const { api } = useApp();
  const [rows, setRows] = useState<number | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const run = async () => {
    setError(null);
    setDone(null);
    setRows(0);
    try {
      const res = await (csv ? csv(query) : api.reportCsv(name as ReportName, query));
      const blob = await readWithProgress(res, setRows);
      setDone(saveDownload(blob, csvFileName(name, new Date())));
    } catch (e) {
      setError(e as Error);
    } finally {
      setRows(null);
    }
  };
  return html`<div class="export">
    <button type="button" class="btn" onClick=${run} disabled=${rows !== null}>Export to CSV</button>
    ${rows !== null ? html`<${Progress} label=${`Exporting… ${rows.toLocaleString('en-US')} lines`} />` : null}
    ${done ? html`<${Status} tone="ok">Saved ${done}</${Status}>` : null}
    <${Alert} error=${error} title="Export failed:" />
  </div>`;
}
