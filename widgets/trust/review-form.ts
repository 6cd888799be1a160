/** The review queue's two forms: Dismiss (with the reason kept) and Edit (date, units) of one held row. */
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { plural } from '../ui/format.js';

export interface Pending {
  kind: 'dismiss' | 'edit';
  ids: string[];
}

export interface FormProps {
  pending: Pending;
  rows: Record<string, unknown>[];
  onCancel: () => void;
  onDismiss: (reason: string) => void;
  onEdit: (body: { effectiveDate?: string; toCount?: number }) => void;
}

export function ReviewForm({ pending, rows, onCancel, onDismiss, onEdit }: FormProps) {
  const row = rows.find((r) => String(r.id) === pending.ids[0]);
  const [reason, setReason] = useState('');
  const [date, setDate] = useState(String(row?.effectiveDate ?? ''));
  const [units, setUnits] = useState(String(row?.toCount ?? ''));
  const submit = (e: Event) => {
    e.preventDefault();
    if (pending.kind === 'dismiss') onDismiss(reason.trim());
    else onEdit({ ...(date ? { effectiveDate: date } : {}), ...(units !== '' ? { toCount: Number(units) } : {}) });
  };
  const title = pending.kind === 'dismiss' ? `Dismiss ${plural(pending.ids.length, 'adjustment')}` : `Edit ${row?.resourceName ?? 'adjustment'}`;
  return html`<form class="card review-form" aria-label=${title} onSubmit=${submit}>
    <h2>${title}</h2>
    ${pending.kind === 'dismiss'
      ? html`<p class="muted">A dismissed adjustment never reaches the PSA. The reason is kept in the audit trail.</p>
          <label>Reason <input type="text" required maxlength="500" value=${reason} onInput=${(e: Event) => setReason((e.target as HTMLInputElement).value)} /></label>`
      : html`<p class="muted">Approves this adjustment with your numbers (PSA units now: ${String(row?.fromCount ?? '?')}).</p>
          <label>Effective date <input type="date" value=${date} onInput=${(e: Event) => setDate((e.target as HTMLInputElement).value)} /></label>
          <label>New units <input type="number" min="0" step="1" value=${units} onInput=${(e: Event) => setUnits((e.target as HTMLInputElement).value)} /></label>`}
    <div class="form-actions">
      <button type="submit" class="btn btn-primary" disabled=${pending.kind === 'dismiss' && !reason.trim()}>${pending.kind === 'dismiss' ? 'Dismiss' : 'Approve with changes'}</button>
      <button type="button" class="btn btn-ghost" onClick=${onCancel}>Cancel</button>
    </div>
  </form>`;
}
