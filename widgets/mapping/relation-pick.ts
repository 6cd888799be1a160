/**
 * The PSA side of one checked row on Manage Relations: a dropdown for each level the row still needs
 * (account, contract, service), preset to the suggestion, each list read once through the shared PsaLists.
 */
import { html } from 'htm/preact';
import { accountChoices, serviceChoices, type Choice } from './choices.js';
import { visibleContracts, type Entry, type PsaLists } from './lists.js';
import { resolveRow, type Picks, type RelationRow } from './bulk.js';
import type { MoneyFormat } from '../ui/format.js';

export interface PickCtx {
  lists: PsaLists;
  picks: Picks;
  linkedAccounts: ReadonlyMap<string, string>;
  money?: MoneyFormat;
  choose: (level: keyof Picks, key: string, choice: Choice | null) => void;
}

function Select(p: { label: string; entry: Entry<Choice>; value: string | null; onPick: (c: Choice | null) => void }) {
  const items = p.entry.items ?? [];
  // The suggestion may name a choice the list does not hold (yet): keep it visible as the current value.
  return html`<select class="relation-pick" aria-label=${p.label} value=${p.value ?? ''}
    onChange=${(e: Event) => p.onPick(items.find((i) => i.id === (e.target as HTMLSelectElement).value) ?? null)}>
    <option value="">${p.entry.loading ? 'Loading…' : p.entry.error ? 'Could not load the list' : items.length ? 'Choose…' : 'Nothing to choose'}</option>
    ${items.map((i) => html`<option key=${i.id} value=${i.id}>${i.label ?? i.name}</option>`)}
  </select>`;
}

const map = <T,>(e: Entry<T>, f: (items: T[]) => Choice[]): Entry<Choice> => ({ ...e, items: e.items ? f(e.items) : null });

/** The three PSA cells (account, contract, service) of a checked row that is not linked yet. */
export function pickCells(r: RelationRow, ctx: PickCtx) {
  const x = resolveRow(r, ctx.picks);
  const account = r.psaAccountId
    ? r.account
    : html`<${Select} label=${`PSA account for ${r.company}`} value=${x.account?.id ?? null}
        entry=${map(ctx.lists.getAccounts(), (items) => accountChoices(items, ctx.linkedAccounts))}
        onPick=${(c: Choice | null) => ctx.choose('account', r.odinAccountId, c)} />`;
  const contract = r.psaContractId
    ? r.contract
    : x.accountId
      ? html`<${Select} label=${`PSA contract for ${r.subscription}`} value=${x.contract?.id ?? null}
          entry=${map(ctx.lists.getContracts(x.accountId), (items) => visibleContracts(items, false).map((k) => ({ id: k.id, name: k.name })))}
          onPick=${(c: Choice | null) => ctx.choose('contract', r.odinSubscriptionId, c)} />`
      : html`<span class="muted">Choose the account first</span>`;
  const service = x.contractId
    ? html`<${Select} label=${`PSA service for ${r.resource} (${r.subscription})`} value=${x.service?.id ?? null}
        entry=${map(ctx.lists.getServices(x.contractId), (items) => serviceChoices(items, ctx.money))}
        onPick=${(c: Choice | null) => ctx.choose('service', r.key, c)} />`
    : html`<span class="muted">Choose the contract first</span>`;
  return { account, contract, service };
}
