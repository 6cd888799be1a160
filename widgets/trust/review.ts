/**
 * Review queue (issue 14 §1): the held adjustments, each with Approve, Dismiss (a reason is kept) and
 * Edit (date, units); several at once with a bulk date. Approved rows post through the same exactly-once
 * path as any planned adjustment (the server starts a cycle).
 */
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { isAdmin, useApp } from '../ui/context.js';
import { moneyOf, plural } from '../ui/format.js';
import { useAsync, useFocusHeading } from '../ui/hooks.js';
import { Alert, Loading, PageHeader, Status } from '../ui/parts.js';
import { CsvButton } from './csv.js';
import { TrustGrid } from './grid.js';
import { ReviewForm, type Pending } from './review-form.js';
import type { ReviewResults } from '../types.js';

const ALL = new URLSearchParams({ pageSize: '500' });
const label = (r: Record<string, unknown>) => `${r.companyName ?? ''} ${r.resourceName ?? ''}`.trim() || String(r.id);

/** "2 approved; 1 refused: <why>" from the per-row results. */
export function resultText(verb: string, res: ReviewResults): { ok: string | null; failed: string | null } {
  const good = res.results.filter((r) => r.ok).length;
  const bad = res.results.filter((r) => !r.ok);
  return {
    ok: good ? `${plural(good, 'adjustment')} ${verb}.${res.runId ? ' A sync cycle started to post them.' : ''}` : null,
    failed: bad.length ? `${plural(bad.length, 'adjustment')} not ${verb}: ${bad.map((r) => r.error?.message ?? r.error?.code ?? 'refused').join('; ')}` : null,
  };
}

export function ReviewView() {
  const { api, me } = useApp();
  const [version, setVersion] = useState(0);
  const queue = useAsync(() => api.review(ALL), `review#${version}`);
  const heading = useFocusHeading('review');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [pending, setPending] = useState<Pending | null>(null);
  const [bulkDate, setBulkDate] = useState('');
  const [notice, setNotice] = useState<{ ok: string | null; failed: string | null } | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const admin = isAdmin(me);
  const rows = queue.data?.rows ?? [];

  const act = async (verb: string, run: () => Promise<ReviewResults>) => {
    setError(null);
    setNotice(null);
    try {
      setNotice(resultText(verb, await run()));
      setPending(null);
      setSelected(new Set());
    } catch (e) {
      setError(e as Error);
    }
    setVersion((v) => v + 1);
  };
  const approve = (ids: string[], date?: string) => act('approved', () => api.approveHeld(ids, date || undefined));
  const ids = [...selected];

  return html`<section class="page">
    <${PageHeader} title="Review queue" headingRef=${heading} crumbs=${[{ label: 'IDSync® Cloud', href: '/' }, { label: 'Billing', href: '/billing' }, { label: 'Review queue' }]}>
      <${CsvButton} path="/api/review" name="review" />
    </${PageHeader}>
    <p class="muted">Adjustments held by your review policy wait here. Nothing below reaches the PSA until it is approved.</p>
    ${admin && rows.length
      ? html`<div class="toolbar" role="group" aria-label="Selected adjustments">
          <span>${plural(ids.length, 'selected adjustment')}</span>
          <label class="inline">Bulk effective date <input type="date" value=${bulkDate} onInput=${(e: Event) => setBulkDate((e.target as HTMLInputElement).value)} /></label>
          <button type="button" class="btn btn-primary btn-small" disabled=${!ids.length} onClick=${() => approve(ids, bulkDate)}>Approve selected</button>
          <button type="button" class="btn btn-small" disabled=${!ids.length} onClick=${() => setPending({ kind: 'dismiss', ids })}>Dismiss selected</button>
        </div>`
      : null}
    ${pending
      ? html`<${ReviewForm} pending=${pending} rows=${rows} onCancel=${() => setPending(null)}
          onDismiss=${(reason: string) => act('dismissed', () => api.dismissHeld(pending.ids, reason))}
          onEdit=${(body: { effectiveDate?: string; toCount?: number }) =>
            act('approved with your changes', async () => {
              const r = await api.editHeld(pending.ids[0]!, body);
              return { results: [r.result], runId: r.runId };
            })} />`
      : null}
    <${Alert} error=${queue.error} />
    <${Alert} error=${error} title="Review failed:" />
    ${notice?.ok ? html`<${Status} tone="ok">${notice.ok}</${Status}>` : null}
    ${notice?.failed ? html`<${Status} tone="warn">${notice.failed}</${Status}>` : null}
    ${!queue.data && queue.loading ? html`<${Loading} />` : null}
    ${queue.data
      ? html`<${TrustGrid} caption=${`Held adjustments: ${rows.length}`} columns=${queue.data.columns} rows=${rows} money=${moneyOf(me)} timeZone=${me?.tenant.timeZone}
          empty=${html`Nothing waits for review: every change posts under your policy. See what the next cycle will post in the <a href="/billing/preview">Next cycle preview</a>.`}
          rowLabel=${label}
          selected=${admin ? selected : undefined} onSelect=${setSelected}
          actions=${admin
            ? (r: Record<string, unknown>) => html`<span class="row-actions">
                <button type="button" class="btn btn-small" aria-label=${`Approve ${label(r)}`} onClick=${() => approve([String(r.id)])}>Approve</button>
                <button type="button" class="btn btn-small" aria-label=${`Dismiss ${label(r)}`} onClick=${() => setPending({ kind: 'dismiss', ids: [String(r.id)] })}>Dismiss</button>
                <button type="button" class="btn btn-small" aria-label=${`Edit ${label(r)}`} onClick=${() => setPending({ kind: 'edit', ids: [String(r.id)] })}>Edit</button>
              </span>`
            : undefined} />`
      : null}
  </section>`;
}
