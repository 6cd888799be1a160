/** What the next cycle will post (issue 14 §2), read from the last Marketplace snapshot: nothing is posted. */
import { html } from 'htm/preact';
import { useApp } from '../ui/context.js';
import { formatMoney, moneyOf, plural } from '../ui/format.js';
import { useAsync, useFocusHeading } from '../ui/hooks.js';
import { Alert, Loading, PageHeader } from '../ui/parts.js';
import { CsvButton } from './csv.js';
import { TrustGrid } from './grid.js';

export function PreviewView() {
  const { api, me } = useApp();
  const preview = useAsync(() => api.preview(), 'preview');
  const heading = useFocusHeading('preview');
  const money = moneyOf(me);
  const d = preview.data;
  return html`<section class="page">
    <${PageHeader} title="Next cycle preview" headingRef=${heading} crumbs=${[{ label: 'IDSync® Cloud', href: '/' }, { label: 'Billing', href: '/billing' }, { label: 'Next cycle preview' }]}>
      <button type="button" class="btn" onClick=${preview.reload} disabled=${preview.loading}>Refresh</button>
      <${CsvButton} path="/api/preview" name="preview" />
    </${PageHeader}>
    <p class="muted">What the next sync cycle will do with each linked resource, from the last Marketplace read. Nothing on this page is posted.</p>
    <${Alert} error=${preview.error} />
    ${!d && preview.loading ? html`<${Loading} />` : null}
    ${d
      ? html`<dl class="totals" aria-label="Next cycle totals">
          <div><dt>To post</dt><dd>${plural(d.totals.toPost, 'adjustment')}</dd></div>
          <div><dt>Held</dt><dd>${plural(d.totals.held, 'adjustment')}</dd></div>
          <div><dt>Reconciliations</dt><dd>${d.totals.reconciliations}</dd></div>
          <div><dt>Estimated amount</dt><dd>${formatMoney(d.totals.estimatedAmount, money)}</dd></div>
          <div><dt>Monthly run-rate change</dt><dd>${formatMoney(d.totals.monthlyChange, money)}</dd></div>
          <div><dt>As of</dt><dd>${d.today}</dd></div>
        </dl>
        <${TrustGrid} caption=${`Next cycle: ${d.rows.length} rows`} columns=${d.columns} rows=${d.rows} money=${money} timeZone=${me?.tenant.timeZone}
          empty=${html`The next cycle has nothing to post: the PSA matches the Marketplace for every linked resource. Link more on <a href="/billing">Billing</a>.`} />`
      : null}
  </section>`;
}
