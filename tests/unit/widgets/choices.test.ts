// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { html } from 'htm/preact';
import { MappingView } from '../../../widgets/mapping/view.js';
import { accountChoices, searchChoices, serviceChoices } from '../../../widgets/mapping/choices.js';
import { byLabel, fakeSession, focus, goTo, renderView, setupScratch, teardown, text, type, waitFor } from './helpers.js';

describe('dropdown choices on the Billing screen', () => {
  it('accounts sorted by name, linked ones marked; services with their PSA units and price; search on what is shown', () => {
    const accounts = accountChoices(
      [{ id: '2', name: 'venture Logistics', active: true }, { id: '1', name: 'Alpine Outfitters', active: true }, { id: '3', name: 'Blue Light', active: true }],
      new Map([['3', 'Blue Light Company']]),
    );
    expect(accounts.map((a) => a.label)).toEqual(['Alpine Outfitters', 'Blue Light (linked: Blue Light Company)', 'venture Logistics']);
    const services = serviceChoices([
      { contractId: 'k', serviceId: 's1', contractServiceId: 'cs1', name: 'Exchange Online', code: null, unitPrice: 4, unitCost: null, units: 12 },
      { contractId: 'k', serviceId: 's2', contractServiceId: 'cs2', name: 'Visio', code: null, unitPrice: null, unitCost: null, units: null },
    ] as never, { currency: 'USD', locale: 'en-US' });
    expect(services.map((s) => s.label)).toEqual(['Exchange Online (12 units, $4.00 each)', 'Visio (units unknown, no price)']);
    expect(services[0]).toMatchObject({ id: 's1', name: 'Exchange Online', contractServiceId: 'cs1' });
    expect(searchChoices(accounts, 'LIGHT').map((a) => a.id)).toEqual(['3']);
  });
});

describe('the account dropdown on screen', () => {
  let scratch: HTMLElement;
  beforeEach(() => {
    scratch = setupScratch();
    goTo('/billing');
  });
  afterEach(() => teardown(scratch));

  it('is sorted, searchable, and marks the accounts already linked', async () => {
    const s = await fakeSession();
    s.fake.world.accounts.reverse(); // the PSA answers in its own order
    expect(s.fake.world.accounts.length).toBeGreaterThan(8);
    const linked = s.fake.world.companies[0]!;
    const account = s.fake.world.accounts[0]!;
    linked.link = { psaAccountId: account.id, psaAccountName: account.name };
    const other = s.fake.world.companies.find((c) => !c.link && c !== linked)!;
    await renderView(scratch, html`<${MappingView} />`, s);
    const select = await waitFor(() => byLabel<HTMLSelectElement>(scratch, `PSA account for ${other.name}`));
    await focus(select);
    await waitFor(() => expect(select.options.length).toBe(s.fake.world.accounts.length + 1));
    const names = [...select.options].slice(1).map((o) => o.text);
    const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
    expect(names.map((n) => n.replace(/ \(linked: .*\)$/, ''))).toEqual([...names.map((n) => n.replace(/ \(linked: .*\)$/, ''))].sort(collator.compare));
    expect(names).toContain(`${account.name} (linked: ${linked.name})`);
    await type(byLabel(scratch, `Search: PSA account for ${other.name}`), account.name.slice(0, 6));
    await waitFor(() => expect(select.options.length).toBeLessThan(s.fake.world.accounts.length + 1));
    expect([...select.options].slice(1).every((o) => text(o).toLowerCase().includes(account.name.slice(0, 6).toLowerCase()))).toBe(true);
  });
});
