/**
 * The three kinds of row on the Billing screen. Each: the Marketplace side on the left, the PSA side on
 * the right (a dropdown and Set Relation, or the linked name and Unset Relation), a suggestion to accept
 * in one click, and the outcome of the last action.
 */
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { Badge } from '../ui/parts.js';
import { StatusPill } from '../ui/status.js';
import { formatNumber } from '../ui/format.js';
import { percent, resourceKey } from './model.js';
import { visibleContracts } from './lists.js';
import { accountChoices, searchChoices, serviceChoices, type Choice } from './choices.js';
import type { MoneyFormat } from '../ui/format.js';
import type { Filters, Row, SuggestionIndex } from './model.js';
import type { Entry, PsaLists } from './lists.js';
import type { MappingCompany, MappingResource, MappingSubscription } from '../types.js';

export type Pick = Choice;

export interface RowCtx {
  lists: PsaLists;
  /** PSA account id -> the company already linked to it (of the companies loaded). */
  linkedAccounts: ReadonlyMap<string, string>;
  money?: MoneyFormat;
  filters: Filters;
  admin: boolean;
  suggestions: SuggestionIndex;
  results: Map<string, { tone: 'ok' | 'warn' | 'error'; text: string }>;
  busy: ReadonlySet<string>;
  toggle: (companyId: string) => void;
  setCompany: (c: MappingCompany, pick: Pick) => void;
  setSubscription: (c: MappingCompany, s: MappingSubscription, pick: Pick) => void;
  setResource: (c: MappingCompany, s: MappingSubscription, r: MappingResource, pick: Pick) => void;
  unset: (row: Row) => void;
}

/**
 * A native dropdown (keyboard and screen-reader friendly) whose options are created only once the user
 * reaches for it (hover, focus, press): 2,000 PSA accounts in every visible row would cost more than the
 * rest of the screen, and a row scrolled past is never touched.
 */
/** Longer lists get a search box next to the dropdown. */
const SEARCH_FROM = 8;

function Chooser(p: { rowKey: string; label: string; placeholder: string; entry: Entry<Pick>; ctx: RowCtx; onSet: (pick: Pick) => void }) {
  const [value, setValue] = useState('');
  const [armed, setArmed] = useState(false);
  const [search, setSearch] = useState('');
  const items = p.entry.items ?? [];
  const chosen = items.find((i) => i.id === value);
  const busy = p.ctx.busy.has(p.rowKey);
  const arm = () => !armed && setArmed(true);
  if (!p.ctx.admin) return html`<span class="muted">Not linked</span>`;
  const found = searchChoices(items, search);
  const shown = armed ? (chosen && !found.includes(chosen) ? [chosen, ...found] : found) : chosen ? [chosen] : [];
  return html`<span class="chooser">
    ${items.length > SEARCH_FROM
      ? html`<input type="search" class="chooser-search" placeholder="Search" aria-label=${`Search: ${p.label}`} value=${search}
          onFocus=${arm} onInput=${(e: Event) => (arm(), setSearch((e.target as HTMLInputElement).value))} />`
      : null}
    <select aria-label=${p.label} value=${value} disabled=${busy} onFocus=${arm} onPointerEnter=${arm} onMouseDown=${arm}
      onChange=${(e: Event) => setValue((e.target as HTMLSelectElement).value)}>
      <option value="">${p.entry.loading ? 'Loading…' : p.entry.error ? 'Could not load the list' : items.length ? p.placeholder : 'Nothing to choose'}</option>
      ${shown.map((i) => html`<option key=${i.id} value=${i.id}>${i.label ?? i.name}</option>`)}
    </select>
    <button type="button" class="btn btn-primary btn-small" disabled=${!chosen || busy} onClick=${() => chosen && p.onSet(chosen)}>Set Relation</button>
    ${p.entry.error ? html`<span class="row-error" role="alert">${p.entry.error.message}</span>` : null}
  </span>`;
}

function Linked({ name, row, ctx }: { name: string; row: Row; ctx: RowCtx }) {
  return html`<span class="linked"><span class="link-arrow" aria-hidden="true">→</span><span class="link-name">${name}</span>
    ${ctx.admin ? html`<button type="button" class="btn btn-ghost btn-small" disabled=${ctx.busy.has(row.key)} onClick=${() => ctx.unset(row)}>Unset Relation</button>` : null}
  </span>`;
}

function Result({ row, ctx }: { row: Row; ctx: RowCtx }) {
  const r = ctx.results.get(row.key);
  return r ? html`<p class=${`row-result result-${r.tone}`}>${r.text}</p>` : null;
}

function Suggestion({ text, score, onAccept, ctx }: { text: string; score: number; onAccept: () => void; ctx: RowCtx }) {
  if (!ctx.admin) return null;
  return html`<span class="suggestion">Suggested: <strong>${text}</strong> <span class="muted">(${percent(score)} match)</span>
    <button type="button" class="btn btn-link btn-small" onClick=${onAccept} aria-label=${`Accept suggestion ${text}`}>Accept</button></span>`;
}

const ACCOUNT = (e: Entry<import('../types.js').PsaAccount>, ctx: RowCtx): Entry<Pick> => ({ ...e, items: e.items ? accountChoices(e.items, ctx.linkedAccounts) : null });

export function CompanyRow({ row, ctx }: { row: Extract<Row, { kind: 'company' }>; ctx: RowCtx }) {
  const c = row.company;
  const sug = !c.link ? ctx.suggestions.company.get(c.odinAccountId) : undefined;
  const { linked, total, complete } = row.progress;
  return html`<div class="mrow mrow-company">
    <div class="mrow-main">
      <button type="button" class="toggle" aria-expanded=${row.expanded} onClick=${() => ctx.toggle(c.odinAccountId)}
        aria-label=${`${row.expanded ? 'Hide' : 'Show'} subscriptions of ${c.name}`}><span aria-hidden="true">${row.expanded ? '▾' : '▸'}</span></button>
      <div class="mrow-name"><span class="company-name">${c.name}</span>
        <span class="mrow-meta"><${Badge} tone=${complete ? 'ok' : total === 0 ? 'muted' : 'warn'}>${linked}/${total} linked</${Badge}>
          ${c.status && c.status !== 'active' ? html`<${StatusPill} status=${c.status} />` : null}
          ${ctx.filters.showBadges ? html`<${Badge} tone="info">ODIN ${c.odinAccountId}</${Badge}>` : null}</span></div>
    </div>
    <div class="mrow-psa">
      ${c.link
        ? html`<${Linked} name=${c.link.psaAccountName ?? c.link.psaAccountId} row=${row} ctx=${ctx} />`
        : html`<${Chooser} rowKey=${row.key} label=${`PSA account for ${c.name}`} placeholder="Please select a company/account to map…"
            entry=${ACCOUNT(ctx.lists.getAccounts(), ctx)} ctx=${ctx} onSet=${(p: Pick) => ctx.setCompany(c, p)} />
          ${sug ? html`<${Suggestion} text=${sug.psaAccountName} score=${sug.score} ctx=${ctx}
            onAccept=${() => ctx.setCompany(c, { id: sug.psaAccountId, name: sug.psaAccountName })} />` : null}`}
      <${Result} row=${row} ctx=${ctx} />
    </div>
  </div>`;
}

export function SubscriptionRow({ row, ctx }: { row: Extract<Row, { kind: 'subscription' }>; ctx: RowCtx }) {
  const { company: c, sub: s } = row;
  let psa;
  if (s.link) psa = html`<${Linked} name=${s.link.psaContractName ?? s.link.psaContractId} row=${row} ctx=${ctx} />`;
  else if (!c.link) psa = html`<span class="muted">Link the company first</span>`;
  else {
    const e = ctx.lists.getContracts(c.link.psaAccountId);
    const entry: Entry<Pick> = { ...e, items: e.items ? visibleContracts(e.items, ctx.filters.showExpired).map((k) => ({ id: k.id, name: k.name + (k.expired ? ' (expired)' : '') })) : null };
    psa = html`<${Chooser} rowKey=${row.key} label=${`Contract for ${s.name} (${c.name})`} placeholder="Please select a contract/agreement to map…"
      entry=${entry} ctx=${ctx} onSet=${(p: Pick) => ctx.setSubscription(c, s, p)} />`;
  }
  return html`<div class="mrow mrow-sub">
    <div class="mrow-main"><div class="mrow-name"><span class="sub-name">${s.name}</span>
      <span class="mrow-meta">${s.billingPeriod ? html`<span class="muted">${s.billingPeriod}</span>` : null}
        ${s.status && s.status !== 'active' ? html`<${StatusPill} status=${s.status} />` : null}
        ${ctx.filters.showBadges ? html`<${Badge} tone="info">Subscription ${s.odinSubscriptionId}</${Badge}>` : null}</span></div></div>
    <div class="mrow-psa">${psa}<${Result} row=${row} ctx=${ctx} /></div>
  </div>`;
}

export function ResourceRow({ row, ctx }: { row: Extract<Row, { kind: 'resource' }>; ctx: RowCtx }) {
  const { company: c, sub: s, res: r } = row;
  const sug = !r.link ? ctx.suggestions.resource.get(resourceKey(s.odinSubscriptionId, r.odinResourceId)) : undefined;
  let psa;
  if (r.link) psa = html`<${Linked} name=${r.link.psaServiceName ?? r.link.psaServiceId} row=${row} ctx=${ctx} />`;
  else if (!s.link) psa = html`<span class="muted">Link the subscription first</span>`;
  else {
    const e = ctx.lists.getServices(s.link.psaContractId);
    const entry: Entry<Pick> = { ...e, items: e.items ? serviceChoices(e.items, ctx.money) : null };
    const accept = sug && entry.items?.find((i) => i.id === sug.psaServiceId);
    psa = html`<${Chooser} rowKey=${row.key} label=${`Service for ${r.name} (${s.name}, ${c.name})`} placeholder="Please select a resource to map…"
        entry=${entry} ctx=${ctx} onSet=${(p: Pick) => ctx.setResource(c, s, r, p)} />
      ${sug ? html`<${Suggestion} text=${sug.psaServiceName} score=${sug.score} ctx=${ctx}
        onAccept=${() => ctx.setResource(c, s, r, accept ?? { id: sug.psaServiceId, name: sug.psaServiceName })} />` : null}`;
  }
  return html`<div class="mrow mrow-res">
    <div class="mrow-main"><div class="mrow-name"><span class="res-name">${r.name}</span>
      <span class="mrow-meta"><span class="muted">${r.unit ? `Unit: ${r.unit} · ` : ''}Count: ${formatNumber(r.count)}</span>
        ${ctx.filters.showBadges && r.mpn ? html`<${Badge} tone="info">MPN ${r.mpn}</${Badge}>` : null}</span></div></div>
    <div class="mrow-psa">${psa}<${Result} row=${row} ctx=${ctx} /></div>
  </div>`;
}
