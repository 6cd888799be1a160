// @vitest-environment happy-dom
/**
 * Home's renewal notice (issue 12 item 4): when GET /api/renewals lists an ended contract whose renewal waits
 * for the user, Home says so with a link that opens the confirmation; confirming posts the user's choice of
 * services and the notice goes once the list is empty. No renewal waiting, no notice.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { html } from 'htm/preact';
import { ApiClient } from '../../../widgets/api.js';
import { DashboardView } from '../../../widgets/dashboard/view.js';
import type { PendingRenewal } from '../../../widgets/dashboard/renewal-notice.js';
import { SyncProvider } from '../../../widgets/shell/sync.js';
import { createFakeApi, FAKE_ADMIN } from '../../browser/fake-api/app.js';
import { button, click, goTo, renderView, setupScratch, teardown, text, type, waitFor } from './helpers.js';

const pending = (): PendingRenewal => ({
  contract: { id: '29747611', name: 'Venture Logistics - Cloud Services', endDate: '2026-12-31' },
  renewal: { id: '29747614', name: 'Renewal of Venture Logistics - Cloud Services', startDate: '2027-01-01', endDate: '2027-12-31' },
  matchesOneToOne: false,
  blockedBy: null,
  changesAfterEnd: 2,
  resources: [
    { odinSubscriptionId: '1000801', odinResourceId: '100232', resourceName: 'Microsoft 365 Business Premium', psaServiceId: '2003', proposed: null },
    { odinSubscriptionId: '1000803', odinResourceId: '100233', resourceName: 'Exchange Online (Plan 1)', psaServiceId: '2004', proposed: { serviceId: '2004', contractServiceId: '6009', name: 'Exchange Online (Plan 1)' } },
  ],
  renewalServices: [
    { serviceId: '2004', contractServiceId: '6009', name: 'Exchange Online (Plan 1)' },
    { serviceId: '2001', contractServiceId: '6010', name: 'M365 Business Basic' },
  ],
});

/** The fake API, with /api/renewals served from `items` and the confirmations recorded. */
async function session(items: PendingRenewal[]) {
  const fake = createFakeApi();
  const confirmed: unknown[] = [];
  const api = new ApiClient(async (input, init = {}) => {
    if (input === '/api/renewals') return Response.json({ items });
    if (input === '/api/renewals/confirm' && init.method === 'POST') {
      confirmed.push(JSON.parse(String(init.body)));
      items.length = 0;
      return Response.json({ followed: 2 });
    }
    return fake.fetch(input, init);
  });
  await api.login(FAKE_ADMIN.email, FAKE_ADMIN.password);
  const me = await api.me();
  return { s: { fake, api, me, calls: [] }, confirmed };
}

describe('Home: renewal notice', () => {
  let scratch: HTMLElement;
  beforeEach(() => {
    scratch = setupScratch();
    goTo('/');
  });
  afterEach(() => teardown(scratch));

  it('names the ended contract and its renewal, and its link opens the confirmation, which posts the chosen services', async () => {
    const { s, confirmed } = await session([pending()]);
    await renderView(scratch, html`<${SyncProvider}><${DashboardView} /></${SyncProvider}>`, s);
    const notice = await waitFor(() => {
      const n = scratch.querySelector('.renewal-notice');
      expect(n).toBeTruthy();
      return n!;
    });
    expect(text(notice)).toContain('Contract “Venture Logistics - Cloud Services” ended on 2026-12-31.');
    expect(text(notice)).toContain('“Renewal of Venture Logistics - Cloud Services” (from 2027-01-01) renews it');
    expect(text(notice)).toContain('2 changes dated after its end wait for it.');
    const link = [...notice.querySelectorAll('a')].find((a) => text(a) === 'Confirm the renewal')!;
    expect(link.getAttribute('href')).toBe('#renewal-29747611');
    expect(notice.querySelector('form')).toBeNull();

    await click(link);
    const selects = [...notice.querySelectorAll('select')];
    expect(selects.map((x) => text(x.closest('label')!.querySelector('span')))).toEqual(['Microsoft 365 Business Premium', 'Exchange Online (Plan 1)']);
    // The proposed service is chosen already; the other waits for the user, and so does the button.
    expect(selects.map((x) => x.value)).toEqual(['', '2004|6009']);
    expect(button(notice, 'Confirm renewal').disabled).toBe(true);
    await type(selects[0]!, '2001|6010', 'change');
    expect(button(notice, 'Confirm renewal').disabled).toBe(false);
    await click(button(notice, 'Confirm renewal'));
    await waitFor(() => expect(confirmed).toHaveLength(1));
    expect(confirmed[0]).toEqual({
      contractId: '29747611', renewalContractId: '29747614',
      services: [{ fromServiceId: '2003', toServiceId: '2001', toContractServiceId: '6010' }, { fromServiceId: '2004', toServiceId: '2004', toContractServiceId: '6009' }],
    });
    // Home reads the list again: nothing waits any more, the notice is gone.
    await waitFor(() => expect(scratch.querySelector('.renewal-notice')).toBeNull());
  });

  it('an ended contract without a renewal points to Manage Relations; a change that must post first is shown and blocks', async () => {
    const blocked = { ...pending(), blockedBy: 'A change dated 2026-12-20 still posts to the old contract first.' };
    const { s } = await session([{ ...pending(), contract: { id: '1', name: 'Old', endDate: '2026-06-30' }, renewal: null, changesAfterEnd: 1 }, blocked]);
    await renderView(scratch, html`<${SyncProvider}><${DashboardView} /></${SyncProvider}>`, s);
    await waitFor(() => expect(scratch.querySelectorAll('.renewal-notice')).toHaveLength(2));
    const [none, wait] = [...scratch.querySelectorAll('.renewal-notice')];
    expect(text(none)).toContain('No renewal of it was found in the PSA');
    expect(text(none)).toContain('1 change dated after its end waits for it.');
    expect(none!.querySelector('a')!.getAttribute('href')).toBe('/billing/relations');
    await click([...wait!.querySelectorAll('a')].find((a) => text(a) === 'Confirm the renewal')!);
    expect(text(wait!.querySelector('.alert'))).toContain('still posts to the old contract first');
    expect(button(wait!, 'Confirm renewal').disabled).toBe(true);
  });

  it('shows no notice when no renewal waits', async () => {
    const { s } = await session([]);
    await renderView(scratch, html`<${SyncProvider}><${DashboardView} /></${SyncProvider}>`, s);
    await waitFor(() => expect(scratch.querySelectorAll('.tiles:not(.tiles-money) .tile').length).toBe(4));
    expect(scratch.querySelector('.renewal-notice')).toBeNull();
  });
});
