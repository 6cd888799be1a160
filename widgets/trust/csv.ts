/** Export to CSV for the trust screens: the same address with format=csv, saved as a download. */
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { useApp } from '../ui/context.js';
import { Alert, Status } from '../ui/parts.js';
import { csvFileName } from '../reports/model.js';
import { readWithProgress, saveDownload } from '../reports/export.js';

export function CsvButton({ path, name }: { path: '/api/preview' | '/api/margins' | '/api/review'; name: string }) {
  const { api } = useApp();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const run = async () => {
    setError(null);
    setDone(null);
    setBusy(true);
    try {
      const blob = await readWithProgress(await api.csv(path), () => undefined);
      setDone(saveDownload(blob, csvFileName(name, new Date())));
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  return html`<div class="export">
    <button type="button" class="btn" onClick=${run} disabled=${busy}>Export to CSV</button>
    ${done ? html`<${Status} tone="ok">Saved ${done}</${Status}>` : null}
    <${Alert} error=${error} title="Export failed:" />
  </div>`;
}
