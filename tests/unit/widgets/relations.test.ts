// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { html } from 'htm/preact';
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
    expect(text(scratch.querySelector('.bulk-count'))).toBe('2 relations to set, 0 relations to clear');
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
    expect(text(scratch.querySelector('.bulk-count'))).toBe('1 relation to set, 0 relations to clear');
    await click(button(scratch, 'Set Relations (1)'));
    await waitFor(() => expect(s.fake.world.companies[1]!.link?.psaAccountName).toBe('Venture Logistics'));
    const bulk = JSON.parse(s.calls.find((c) => c.path === '/api/mapping/bulk')!.body!);
    expect(bulk.set).toEqual([{ level: 'company', odinAccountId: s.fake.world.companies[1]!.odinAccountId, psaAccountId: expect.any(String), psaAccountName: 'Venture Logistics' }]);
  });

  it('clears checked linked rows only after confirmation; rows that cannot change stay unchecked', async () => {
    const s = await linkedWorld();
    const r0 = s.fake.world.companies[0]!.subscriptions[0]!.resources[0]!;
    r0.link = { psaServiceId: '300', psaContractServiceId: null, psaServiceName: 'M365 Business Basic', linkedAt: '2026-11-01' };
    await renderView(scratch, html`<${RelationsView} />`, s);
    await waitFor(() => expect(scratch.querySelectorAll('tbody tr').length).toBeGreaterThan(3));
    const incomplete = [...scratch.querySelectorAll('tbody tr')].find((r) => text(r).includes('Link in Billing first'))!;
    expect(incomplete.querySelector('input')!.disabled).toBe(true);
    await click(byLabel(scratch, 'Show mapped resources'));
    await click(byLabel(scratch, 'Check every row'));
    const counts = text(scratch.querySelector('.bulk-count'));
    expect(counts).toMatch(/^\d+ relations to set, 1 relation to clear$/);
    await click(button(scratch, 'Clear Relations (1)'));
    expect(text(scratch.querySelector('[role=alertdialog]'))).toContain("You're about to clear 1 relation.");
    await click(button(scratch.querySelector('[role=alertdialog]')!, 'Clear Relations'));
    await waitFor(() => expect(r0.link).toBeNull());
  });
});
