// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { html } from 'htm/preact';
import { act } from 'preact/test-utils';
import { MappingView } from '../../../widgets/mapping/view.js';
import { button, byLabel, click, fakeSession, focus, goTo, renderView, setupScratch, teardown, text, type, waitFor } from './helpers.js';

describe('billing (mapping) screen', () => {
  let scratch: HTMLElement;
  beforeEach(() => {
    scratch = setupScratch();
    goTo('/billing');
  });
  afterEach(() => teardown(scratch));

  const rowOf = (name: string) => [...scratch.querySelectorAll('.mrow')].find((r) => text(r.querySelector('.mrow-name > span')) === name) as HTMLElement;

  it('links a company, a subscription and a resource, and reports the reconciliation', async () => {
    const s = await fakeSession();
    await renderView(scratch, html`<${MappingView} />`, s);
    await waitFor(() => expect(rowOf('Venture Logistics')).toBeTruthy());
    const company = s.fake.world.companies.find((c) => c.name === 'Venture Logistics')!;
    const sub = company.subscriptions[0]!;
    const res = sub.resources[0]!;

    const accountSelect = byLabel<HTMLSelectElement>(scratch, 'PSA account for Venture Logistics');
    await waitFor(() => expect(accountSelect.options[0]!.text).toBe('Please select a company/account to map…'));
    expect(accountSelect.options.length).toBe(1);
    await focus(accountSelect);
    expect(accountSelect.options.length).toBe(s.fake.world.accounts.length + 1);
    const setCompany = button(rowOf('Venture Logistics'), 'Set Relation');
    expect(setCompany.disabled).toBe(true);
    await type(accountSelect, [...accountSelect.options].find((o) => o.text === 'Venture Logistics')!.value, 'change');
    await click(button(rowOf('Venture Logistics'), 'Set Relation'));
    await waitFor(() => expect(text(rowOf('Venture Logistics').querySelector('.link-name'))).toBe('Venture Logistics'));
    expect(company.link?.psaAccountName).toBe('Venture Logistics');

    const contractSelect = await waitFor(() => {
      const el = byLabel<HTMLSelectElement>(scratch, `Contract for ${sub.name} (Venture Logistics)`);
      expect(el.options[0]!.text).toContain('Please select');
      return el;
    });
    await focus(contractSelect);
    expect([...contractSelect.options].some((o) => o.text.includes('Legacy'))).toBe(false);
    await type(contractSelect, contractSelect.options[1]!.value, 'change');
    await click(button(rowOf(sub.name), 'Set Relation'));
    await waitFor(() => expect(sub.link).not.toBeNull());

    const serviceSelect = await waitFor(() => {
      const el = byLabel<HTMLSelectElement>(scratch, `Service for ${res.name} (${sub.name}, Venture Logistics)`);
      expect(el.options[0]!.text).toContain('Please select');
      return el;
    });
    await focus(serviceSelect);
    const resRow = serviceSelect.closest('.mrow') as HTMLElement;
    const contract = s.fake.world.accounts.flatMap((a) => a.contracts).find((k) => k.id === sub.link!.psaContractId)!;
    const svc = [...serviceSelect.options].find((o) => o.value === contract.services[0]!.serviceId)!;
    await type(serviceSelect, svc.value, 'change');
    await click(button(resRow, 'Set Relation'));
    const resultOf = () => text([...scratch.querySelectorAll('.mrow-res')].find((r) => r.textContent?.includes(res.name))?.querySelector('.row-result'));
    await waitFor(() => expect(resultOf()).toMatch(/Relation set\. (Reconciled: posted [+-]\d+ units? to the PSA\.|Units already match)/));
    expect(text(scratch.querySelector('[role=status][aria-live=polite].sr-only'))).toContain('Relation set');
    expect(res.link?.psaServiceId).toBe(svc.value);
    const posted = s.fake.world.adjustments.at(-1);
    if (posted) expect(resultOf()).toContain(`posted ${posted.unitChange > 0 ? '+' : ''}${posted.unitChange} unit`);
  });

  it('accepts a suggestion in one click', async () => {
    const s = await fakeSession();
    await renderView(scratch, html`<${MappingView} />`, s);
    await waitFor(() => expect(text(rowOf('Hall Bros. Transportation Co, Inc.'))).toContain('Suggested: Hall Brothers Transportation'));
    await click(button(rowOf('Hall Bros. Transportation Co, Inc.'), /^Accept$/));
    await waitFor(() => expect(s.fake.world.companies[0]!.link?.psaAccountName).toBe('Hall Brothers Transportation'));
    expect(text(rowOf('Hall Bros. Transportation Co, Inc.'))).toContain('Hall Bros. Transportation Co, Inc. linked to Hall Brothers Transportation.');
  });

  it('asks before unsetting, and Cancel keeps the relation', async () => {
    const s = await fakeSession();
    const w = s.fake.world;
    w.companies[1]!.link = { psaAccountId: w.accounts.find((a) => a.name === 'Venture Logistics')!.id, psaAccountName: 'Venture Logistics' };
    await renderView(scratch, html`<${MappingView} />`, s);
    await waitFor(() => button(rowOf('Venture Logistics'), 'Unset Relation'));
    await click(button(rowOf('Venture Logistics'), 'Unset Relation'));
    const dialog = scratch.querySelector('[role=alertdialog]')!;
    expect(text(dialog)).toContain("You're about to unset a company");
    expect(document.activeElement?.textContent).toBe('Cancel');
    await act(() => {
      dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    });
    expect(scratch.querySelector('[role=alertdialog]')).toBeNull();
    expect(w.companies[1]!.link).not.toBeNull();
    await click(button(rowOf('Venture Logistics'), 'Unset Relation'));
    await click(button(scratch.querySelector('[role=alertdialog]')!, 'Cancel'));
    expect(scratch.querySelector('[role=alertdialog]')).toBeNull();
    expect(w.companies[1]!.link).not.toBeNull();
    await click(button(rowOf('Venture Logistics'), 'Unset Relation'));
    await click(button(scratch.querySelector('[role=alertdialog]')!, 'Unset Relation'));
    await waitFor(() => expect(w.companies[1]!.link).toBeNull());
    await waitFor(() => expect(byLabel(scratch, 'PSA account for Venture Logistics')).toBeTruthy());
  });

  it('keeps filter settings and search in the URL and sends them to the API', async () => {
    const s = await fakeSession();
    await renderView(scratch, html`<${MappingView} />`, s);
    await waitFor(() => expect(rowOf('Venture Logistics')).toBeTruthy());
    const hide = byLabel<HTMLInputElement>(scratch, 'Hide completed mappings');
    await click(hide);
    await waitFor(() => expect(window.location.search).toBe('?hideCompleted=1'));
    await waitFor(() => expect(s.calls.some((c) => c.path.startsWith('/api/mapping?hideCompleted=1'))).toBe(true));
    await type(byLabel(scratch, 'Search'), 'venture');
    await waitFor(() => expect(window.location.search).toBe('?hideCompleted=1&search=venture'), 2000);
    await waitFor(() => expect(scratch.querySelectorAll('.mrow-company').length).toBe(1));
  });

  it('renders only a window of rows for 2,000 companies', async () => {
    const s = await fakeSession({ companies: 2000 });
    await renderView(scratch, html`<${MappingView} />`, s);
    await waitFor(() => expect(text(scratch)).toContain('across 2,000 companies'), 8000);
    const rendered = scratch.querySelectorAll('.vrow').length;
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(60);
    const list = scratch.querySelector('.vlist') as HTMLElement;
    expect(parseInt(list.style.height, 10)).toBeGreaterThan(2000 * 50);
    expect(scratch.querySelector('[role=listitem]')?.getAttribute('aria-setsize')).toBe(String(s.fake.world.companies.reduce((n, c) => n + 1 + c.subscriptions.length * 2, 0)));
  });

  it('shows a viewer the relations without any controls', async () => {
    const s = await fakeSession({ role: 'viewer' });
    await renderView(scratch, html`<${MappingView} />`, s);
    await waitFor(() => expect(rowOf('Venture Logistics')).toBeTruthy());
    expect(scratch.querySelectorAll('select').length).toBe(0);
    expect([...scratch.querySelectorAll('button')].some((b) => text(b) === 'Set Relation')).toBe(false);
  });
});
