// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { html } from 'htm/preact';
import { act } from 'preact/test-utils';
import { RelationsView } from '../../../widgets/mapping/relations.js';
import { button, byLabel, click, fakeSession, goTo, renderView, setupScratch, teardown, text, waitFor } from './helpers.js';

describe('manage relations', () => {
  let scratch: HTMLElement;
  beforeEach(() => {
    scratch = setupScratch();
    goTo('/billing/relations');
  });
  afterEach(() => teardown(scratch));

  async function linkedWorld() {
    const s = await fakeSession();
    const w = s.fake.world;
    for (const c of w.companies.slice(0, 3)) {
      const a = w.accounts.find((x) => x.name === c.psaName)!;
      c.link = { psaAccountId: a.id, psaAccountName: a.name };
      c.subscriptions.forEach((sub, i) => (sub.link = { psaContractId: a.contracts[i]!.id, psaContractName: a.contracts[i]!.name }));
    }
    return s;
  }

  it('sets the suggested relations of the checked rows, after saying how many will change', async () => {
    const s = await linkedWorld();
    await renderView(scratch, html`<${RelationsView} />`, s);
    await waitFor(() => expect(scratch.querySelectorAll('tbody tr').length).toBeGreaterThan(3));
    const suggested = [...scratch.querySelectorAll('tbody tr')].filter((r) => text(r).includes('Suggested') && text(r.children[6]) !== '—');
    expect(suggested.length).toBe(s.fake.world.companies.slice(0, 3).reduce((n, c) => n + c.subscriptions.length, 0));
    expect(button(scratch, 'Set Relations (0)').disabled).toBe(true);
    await click(suggested[0]!.querySelector('input')!);
    await click(suggested[1]!.querySelector('input')!);
    expect(text(scratch.querySelector('.bulk-count'))).toBe('Will set 0 company, 0 subscription and 2 resource relations; 0 to clear');
    await click(button(scratch, 'Set Relations (2)'));
    await waitFor(() => expect(text(scratch.querySelector('.status-ok'))).toBe('2 relations changed.'));
    const bulk = s.calls.find((c) => c.path === '/api/mapping/bulk')!;
    expect(JSON.parse(bulk.body!).set).toHaveLength(2);
    expect(s.fake.world.companies.flatMap((c) => c.subscriptions.flatMap((x) => x.resources)).filter((r) => r.link).length).toBe(2);
  });

  it('sets a suggested company link from the rows of an unlinked company, once per company', async () => {
    const s = await fakeSession();
    await renderView(scratch, html`<${RelationsView} />`, s);
    await waitFor(() => expect(scratch.querySelectorAll('tbody tr').length).toBeGreaterThan(3));
    const venture = [...scratch.querySelectorAll('tbody tr')].filter((r) => text(r.children[1]) === 'Venture Logistics');
    expect(venture.length).toBeGreaterThan(1);
    expect(text(venture[0]!.children[4])).toBe('Venture Logistics (100%)');
    for (const r of venture) await click(r.querySelector('input')!);
    expect(text(scratch.querySelector('.bulk-count'))).toContain('Will set 1 company, 0 subscription and 0 resource relations; 0 to clear');
    await click(button(scratch, 'Set Relations (1)'));
    await waitFor(() => expect(s.fake.world.companies[1]!.link?.psaAccountName).toBe('Venture Logistics'));
    const bulk = JSON.parse(s.calls.find((c) => c.path === '/api/mapping/bulk')!.body!);
    expect(bulk.set).toEqual([{ level: 'company', odinAccountId: s.fake.world.companies[1]!.odinAccountId, psaAccountId: expect.any(String), psaAccountName: 'Venture Logistics' }]);
  });

  it('lets every unlinked row be ticked, not only rows with a suggestion', async () => {
    const s = await fakeSession();
    await renderView(scratch, html`<${RelationsView} />`, s);
    await waitFor(() => expect(scratch.querySelectorAll('tbody tr').length).toBeGreaterThan(3));
    const boxes = [...scratch.querySelectorAll<HTMLInputElement>('tbody input[type=checkbox]')];
    expect(boxes.length).toBe(s.fake.world.companies.reduce((n, c) => n + c.subscriptions.reduce((m, x) => m + x.resources.length, 0), 0));
    expect(boxes.filter((b) => b.disabled)).toEqual([]);
  });

  it('sets the company, each subscription and each resource of rows that share one company suggestion, with the PSA side chosen per row', async () => {
    const s = await fakeSession();
    const co = s.fake.world.companies[1]!;
    const acct = s.fake.world.accounts.find((a) => a.name === co.psaName)!;
    await renderView(scratch, html`<${RelationsView} />`, s);
    await waitFor(() => expect(scratch.querySelectorAll('tbody tr').length).toBeGreaterThan(3));
    const rowsOf = () => [...scratch.querySelectorAll('tbody tr')].filter((r) => text(r.children[1]) === co.name);
    const n = rowsOf().length;
    expect(n).toBeGreaterThan(1);
    for (const r of rowsOf()) await click(r.querySelector('input')!);
    // Each checked row offers its contract and service; the company's suggestion is accepted as is.
    // One resource per subscription here, so row i is subscription i (names may repeat).
    for (const [i, sub] of co.subscriptions.entries()) {
      const k = acct.contracts[i]!;
      const contract = await waitFor(() => {
        const el = rowsOf()[i]!.querySelector<HTMLSelectElement>(`select[aria-label="PSA contract for ${sub.name}"]`)!;
        expect([...el.options].some((o) => o.value === k.id)).toBe(true);
        return el;
      });
      contract.value = k.id;
      await act(() => void contract.dispatchEvent(new Event('change', { bubbles: true })));
      const svc = await waitFor(() => {
        const el = rowsOf()[i]!.querySelector<HTMLSelectElement>(`select[aria-label="PSA service for ${sub.resources[0]!.name} (${sub.name})"]`)!;
        expect([...el.options].some((o) => o.value === k.services[0]!.serviceId)).toBe(true);
        return el;
      });
      svc.value = k.services[0]!.serviceId;
      await act(() => void svc.dispatchEvent(new Event('change', { bubbles: true })));
    }
    const total = 1 + co.subscriptions.length + n;
    expect(text(scratch.querySelector('.bulk-count'))).toBe(`Will set 1 company, ${co.subscriptions.length} subscription and ${n} resource relations; 0 to clear`);
    await click(button(scratch, `Set Relations (${total})`));
    await waitFor(() => expect(text(scratch.querySelector('.status-ok'))).toBe(`${total} relations changed.`));
    expect(co.link?.psaAccountId).toBe(acct.id);
    expect(co.subscriptions.every((x) => x.link && x.resources.every((r) => r.link))).toBe(true);
  });

  it('clears checked linked rows only after confirmation; every row can be checked', async () => {
    const s = await linkedWorld();
    const r0 = s.fake.world.companies[0]!.subscriptions[0]!.resources[0]!;
    r0.link = { psaServiceId: '300', psaContractServiceId: null, psaServiceName: 'M365 Business Basic', linkedAt: '2026-11-01' };
    await renderView(scratch, html`<${RelationsView} />`, s);
    await waitFor(() => expect(scratch.querySelectorAll('tbody tr').length).toBeGreaterThan(3));
    await click(byLabel(scratch, 'Show mapped resources'));
    await click(byLabel(scratch, 'Check every row'));
    const counts = text(scratch.querySelector('.bulk-count'));
    expect(counts).toMatch(/^Will set \d+ company, \d+ subscription and \d+ resource relations; 1 to clear/);
    await click(button(scratch, 'Clear Relations (1)'));
    expect(text(scratch.querySelector('[role=alertdialog]'))).toContain("You're about to clear 1 relation.");
    await click(button(scratch.querySelector('[role=alertdialog]')!, 'Clear Relations'));
    await waitFor(() => expect(r0.link).toBeNull());
  });
});
