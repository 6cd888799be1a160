// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { html } from 'htm/preact';
import { ReportView } from '../../../widgets/reports/view.js';
import { button, byLabel, click, fakeSession, goTo, renderView, setupScratch, teardown, text, type, waitFor } from './helpers.js';

describe('report screens', () => {
  let scratch: HTMLElement;
  beforeEach(() => {
    scratch = setupScratch();
  });
  afterEach(() => teardown(scratch));

  const headers = () => [...scratch.querySelectorAll('.report-table thead th')].map((th) => text(th));
  const column = (i: number) => [...scratch.querySelectorAll('.report-table tbody tr:not(.message-row)')].map((tr) => text(tr.children[i]));

  it('opens the report the URL names, with its context, and keeps sort and filters in the URL', async () => {
    const s = await fakeSession();
    goTo('/reports/unlinked?context=autotask');
    await renderView(scratch, html`<${ReportView} name="unlinked" />`, s);
    await waitFor(() => expect(headers()).toContain('Customer'));
    expect(text(scratch.querySelector('h1'))).toBe('Unlinked subscriptions');
    expect(s.calls.find((c) => c.path.startsWith('/api/reports/unlinked'))!.path).toBe('/api/reports/unlinked?context=autotask');
    expect(text(scratch.querySelector('.pager'))).toContain(`of ${s.fake.world.companies.reduce((n, c) => n + c.subscriptions.length, 0)}`);

    const sortBtn = [...scratch.querySelectorAll('th button.sort')].find((b) => text(b) === 'Units') as HTMLButtonElement;
    await click(sortBtn);
    await waitFor(() => expect(window.location.search).toBe('?context=autotask&sort=count'));
    await waitFor(() => expect(sortBtn.closest('th')!.getAttribute('aria-sort')).toBe('ascending'));
    await waitFor(() => {
      const counts = column(headers().indexOf('Units')).map((c) => Number(c.replace(/,/g, '')));
      expect(counts).toEqual([...counts].sort((a, b) => a - b));
    });
    await click(sortBtn);
    await waitFor(() => expect(window.location.search).toBe('?context=autotask&sort=-count'));

    await type(byLabel(scratch, 'Filter Customer'), 'venture');
    await waitFor(() => expect(new URLSearchParams(window.location.search).get('filter.companyName')).toBe('venture'), 2000);
    await waitFor(() => expect(column(headers().indexOf('Customer')).every((c) => c === 'Venture Logistics')).toBe(true));
    expect(text(button(scratch, /^Clear filters/))).toBe('Clear filters (1)');
  });

  it('a link for the other PSA opens this tenant\'s report with a notice, never an empty table', async () => {
    const s = await fakeSession({ psaKind: 'connectwise' });
    goTo('/reports/unlinked?context=autotask');
    await renderView(scratch, html`<${ReportView} name="unlinked" />`, s);
    await waitFor(() => expect(scratch.querySelectorAll('.report-table tbody tr:not(.empty-row)').length).toBeGreaterThan(0));
    expect(s.calls.find((c) => c.path.startsWith('/api/reports/unlinked'))!.path).toBe('/api/reports/unlinked?context=connectwise');
    expect(text(scratch.querySelector('.notice'))).toBe('This link asked for the Autotask report; your tenant bills from ConnectWise, so its ConnectWise report is shown.');
    expect(text(scratch.querySelector('.page-actions .badge'))).toBe('ConnectWise');
  });

  it('pages through rows with Next and Previous', async () => {
    const s = await fakeSession({ companies: 60 });
    goTo('/reports/subscriptions?pageSize=25');
    await renderView(scratch, html`<${ReportView} name="subscriptions" />`, s);
    await waitFor(() => expect(scratch.querySelectorAll('.report-table tbody tr').length).toBe(25));
    const first = column(1)[0];
    await click(button(scratch, 'Next'));
    await waitFor(() => expect(new URLSearchParams(window.location.search).get('page')).toBe('2'));
    await waitFor(() => expect(column(1)[0]).not.toBe(first));
    expect(text(scratch.querySelector('.pager'))).toContain('Rows 26–50');
    await click(button(scratch, 'Previous'));
    await waitFor(() => expect(new URLSearchParams(window.location.search).get('page')).toBeNull());
  });

  it('shows the PSA message, attempts and next retry in the Failure log, with a date range', async () => {
    const s = await fakeSession({ currency: 'EUR', locale: 'de-DE' });
    s.fake.world.adjustments.push({
      id: 'a1', date: '2026-11-20', effectiveDate: '2026-11-20', odinAccountId: '1', companyName: 'Repair and Wear', odinSubscriptionId: '2',
      subscriptionName: 'Exchange Online (Plan 1)', odinResourceId: '3', resourceName: 'Exchange Online (Plan 1)', psaAccountId: '4', psaAccountName: 'Repair and Wear LLC',
      psaContractId: '5', psaContractName: '2018 Cloud Services', psaServiceId: '6', psaServiceName: 'Exchange Online (Plan 1)', unitChange: 7, estimatedAmount: 28,
      status: 'failed', lastError: 'ContractServiceAdjustment EffectiveDate must be between the start date and end date of the contract referenced by ContractID.',
      attempts: 3, nextAttemptAt: '2099-11-24T10:15:00.000Z', lastErrorKind: 'rule', errorCause: 'The PSA refused it on a business rule: read its message',
    });
    goTo('/reports/failures?context=autotask');
    await renderView(scratch, html`<${ReportView} name="failures" />`, s);
    await waitFor(() => expect(headers()).toEqual(expect.arrayContaining(['Customer', 'Estimated amount', 'Status'])));
    // Ids and the PSA side are details: hidden until asked.
    expect(headers()).not.toContain('Adjustment ID');
    const message = text(scratch.querySelector('.message-row'));
    expect(message).toContain('PSA message: ContractServiceAdjustment EffectiveDate must be between the start date and end date');
    expect(message).toContain('The PSA refused it on a business rule');
    expect(message).toContain('Attempts: 3 · Next retry: 2099-11-24 10:15');
    expect(column(headers().indexOf('Estimated amount'))[0]).toMatch(/^28,00\s€$/);
    await click(button(scratch, /^Show IDs and details/));
    await waitFor(() => expect(headers()).toContain('Adjustment ID'));
    expect(column(headers().indexOf('Attempts'))).toEqual(['3']);
    await type(scratch.querySelector('input[type=date]') as HTMLInputElement, '2026-11-21', 'change');
    await waitFor(() => expect(new URLSearchParams(window.location.search).get('from')).toBe('2026-11-21'));
    await waitFor(() => expect(text(scratch.querySelector('.report-table tbody'))).toBe('No rows match these filters. Clear filters'));
    await click(button(scratch.querySelector('.report-table tbody')!, 'Clear filters'));
    await waitFor(() => expect(new URLSearchParams(window.location.search).get('from')).toBeNull());
  });

  it('the Adjustments chart counts only the rows the table\'s filters keep', async () => {
    const s = await fakeSession();
    const posted = (id: string, date: string, companyName: string, unitChange: number) => s.fake.world.adjustments.push({
      id, date, effectiveDate: date, odinAccountId: '1', companyName, odinSubscriptionId: '2', subscriptionName: 'Exchange', odinResourceId: '3', resourceName: 'Exchange',
      psaAccountId: '4', psaAccountName: companyName, psaContractId: '5', psaContractName: 'Cloud', psaServiceId: '6', psaServiceName: 'Exchange', unitChange, estimatedAmount: 4 * unitChange,
      status: 'posted', lastError: null, attempts: 0, nextAttemptAt: null,
    });
    posted('b1', '2026-11-20', 'Repair and Wear', 7);
    posted('b2', '2026-11-21', 'Venture Logistics', -2);
    posted('b3', '2026-11-21', 'Repair and Wear', 1);
    goTo('/reports/adjustments?context=autotask&filter.companyName=repair');
    await renderView(scratch, html`<${ReportView} name="adjustments" />`, s);
    const numbers = () => [...scratch.querySelectorAll('figure.chart .chart-data tbody tr')].map((r) => [...r.children].map((td) => text(td)).join(' '));
    await waitFor(() => expect(numbers()).toEqual(['2026-11-20 1 7', '2026-11-21 1 1']));
    expect(s.calls.some((c) => c.path === '/api/reports/adjustments/by-day?context=autotask&filter.companyName=repair')).toBe(true);
    await click(button(scratch, /^Clear filters/));
    await waitFor(() => expect(numbers()).toEqual(['2026-11-20 1 7', '2026-11-21 2 -1']));
  });

  it('a failed row says when it is really retried, links to the fix, and Retry now makes it due and starts a cycle', async () => {
    const s = await fakeSession();
    s.fake.world.adjustments.push({
      id: 'a2', date: '2026-11-20T10:00:00.000Z', effectiveDate: '2026-11-21', odinAccountId: '1', companyName: 'Repair and Wear', odinSubscriptionId: '2',
      subscriptionName: 'Exchange', odinResourceId: '3', resourceName: 'Exchange Online (Plan 1)', psaAccountId: '4', psaAccountName: 'Repair and Wear LLC',
      psaContractId: '5', psaContractName: '2018 Cloud Services', psaServiceId: '6', psaServiceName: 'Exchange Online (Plan 1)', unitChange: 2, estimatedAmount: 8.5,
      fromCount: 5, toCount: 7, dateReason: 'Moved to the next free day (Autotask takes one adjustment per service per day)',
      status: 'failed', lastError: 'Login failed', lastErrorKind: 'auth', errorCause: 'The PSA refused the sign-in: check the credentials in Configuration',
      attempts: 2, nextAttemptAt: '2020-01-01T10:03:00.000Z',
    });
    goTo('/reports/failures');
    await renderView(scratch, html`<${ReportView} name="failures" />`, s);
    await waitFor(() => expect(scratch.querySelector('.message-row')).not.toBeNull());
    const first = scratch.querySelector('.report-table tbody tr')!;
    expect([...first.children].map((td) => text(td))).toEqual([
      'Repair and Wear', 'Exchange Online (Plan 1)', '5', '7', '+2', '2026-11-21',
      'Moved to the next free day (Autotask takes one adjustment per service per day)', '$8.50', 'Failed', '2026-11-20 10:00',
    ]);
    expect(first.querySelector('.badge-error')).not.toBeNull();
    // The retry time has passed: it waits for the next cycle, whose time is known (GET /api/sync).
    const message = text(scratch.querySelector('.message-row'));
    expect(message).toMatch(/Next retry: At the next cycle(, about \d{2}:\d{2})?/);
    expect(message).not.toContain('10:03');
    expect(message).toContain('The PSA refused the sign-in');
    expect(scratch.querySelector('.message-row a')!.getAttribute('href')).toBe('/configuration/autotask');
    await click(button(scratch, 'Retry now'));
    await waitFor(() => expect(s.calls.some((c) => c.method === 'POST' && c.path === '/api/adjustments/a2/retry')).toBe(true));
    await waitFor(() => expect(text(scratch.querySelector('.status'))).toBe('Retrying now: a sync cycle started.'));
  });

  it('a whole sync that could not run reads as such: what happened, a link to Home, and no Retry now', async () => {
    const s = await fakeSession();
    s.fake.world.adjustments.push({
      id: 'run-1', date: '2026-11-20T10:00:00.000Z', companyName: 'All customers', resourceName: 'Queued sync (given up)', status: 'sync_failed',
      lastError: 'The sync for this tenant could not run: D1_ERROR: too many requests; the queue gave up after 4 attempts. The next scheduled sync tries again.',
      errorCause: 'The queue gave up on this tenant’s sync; the next scheduled sync tries again',
    } as unknown as (typeof s.fake.world.adjustments)[number]); // a sync row has no adjustment fields
    goTo('/reports/failures');
    await renderView(scratch, html`<${ReportView} name="failures" />`, s);
    await waitFor(() => expect(scratch.querySelector('.message-row')).not.toBeNull());
    const first = scratch.querySelector('.report-table tbody tr')!;
    expect(text(first)).toContain('All customers');
    expect(text(first.querySelector('.badge-error'))).toBe('Sync failed');
    const message = text(scratch.querySelector('.message-row'));
    expect(message).toContain('What happened: The sync for this tenant could not run: D1_ERROR: too many requests; the queue gave up after 4 attempts');
    expect(message).not.toContain('PSA message');
    expect(scratch.querySelector('.message-row a')!.getAttribute('href')).toBe('/');
    expect([...scratch.querySelectorAll('button')].some((b) => text(b) === 'Retry now')).toBe(false);
  });

  it('exports exactly the filtered rows: the same query with format=csv', async () => {
    const s = await fakeSession();
    goTo('/reports/subscriptions?context=autotask&filter.companyName=venture&sort=-count&page=1');
    const created: Blob[] = [];
    const orig = URL.createObjectURL;
    URL.createObjectURL = (b: Blob) => (created.push(b), 'blob:fake');
    try {
      await renderView(scratch, html`<${ReportView} name="subscriptions" />`, s);
      await waitFor(() => expect(scratch.querySelectorAll('.report-table tbody tr').length).toBeGreaterThan(0));
      await click(button(scratch, 'Export to CSV'));
      await waitFor(() => expect(text(scratch.querySelector('.export [role=status]'))).toMatch(/^Saved subscriptions-\d{4}-\d{2}-\d{2}\.csv$/));
      const call = s.calls.find((c) => c.path.includes('format=csv'))!;
      expect(call.path).toBe('/api/reports/subscriptions?context=autotask&filter.companyName=venture&sort=-count&format=csv');
      const csv = await created[0]!.text();
      const lines = csv.trim().split(/\r\n/);
      expect(lines.length - 1).toBe(scratch.querySelectorAll('.report-table tbody tr').length);
      expect(lines.slice(1).every((l) => l.includes('"Venture Logistics"'))).toBe(true);
    } finally {
      URL.createObjectURL = orig;
    }
  });

  it('puts the server message on screen when the report fails', async () => {
    const s = await fakeSession();
    goTo('/reports/linked?sort=nope');
    await s.api.logout();
    await renderView(scratch, html`<${ReportView} name="linked" />`, s);
    await waitFor(() => expect(text(scratch.querySelector('[role=alert]'))).toBe('Sign in first: no valid session'));
  });
});

describe('the estimated amount tooltip', () => {
  it('gives the estimate in actual days and in 30-day months when the row has both', async () => {
    const { amountTitle } = await import('../../../widgets/reports/table.js');
    expect(amountTitle({ estimatedAmount: 12.06, estimatedAmount360: 11.73 })).toMatch(/^Actual days: .*12\.06 · 30-day months \(30\/360\): .*11\.73$/);
    expect(amountTitle({ estimatedAmount: 12.06, estimatedAmount360: null })).toBeUndefined();
    expect(amountTitle({ estimatedAmount: null })).toBeUndefined();
  });
});
