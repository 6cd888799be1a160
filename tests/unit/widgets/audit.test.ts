// @vitest-environment happy-dom
/**
 * The audit trail screen (issue 14 §6): the server's own audit columns and recorded states, answered by a
 * small fake of GET /api/audit that keeps every request, so each test sees what the screen asked for.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient, type FetchLike } from '../../../widgets/api.js';
import { buildNav, parseRoute, SHELL_PATHS } from '../../../widgets/shell/routes.js';
import { changeText, stateText } from '../../../widgets/trust/audit-model.js';
import { auditReport } from '../../../server/audit/report.js';
import { createFakeApi, FAKE_ADMIN } from '../../browser/fake-api/app.js';
import { button, click, goTo, renderApp, setupScratch, teardown, text, type, waitFor } from './helpers.js';

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
const scope = { tenantId: 't1', psaKind: 'autotask', context: null, timeZone: 'Europe/Berlin' } as never;

const ROWS = [
  {
    id: 'e2', at: '2026-12-03T23:30:00.000Z', actor: 'ops@northwind.example', action: 'policy', subjectType: 'policy', subject: '1000845/100234',
    before: JSON.stringify({ decreasePolicy: 'next_period', customPrice: 4 }), after: JSON.stringify({ decreasePolicy: 'immediate', customPrice: 4 }), note: null,
  },
  {
    id: 'e1', at: '2026-12-01T08:05:00.000Z', actor: 'admin@northwind.example', action: 'dismiss', subjectType: 'adjustment', subject: 'a-17',
    before: JSON.stringify({ status: 'held', toCount: 40 }), after: JSON.stringify({ status: 'dismissed' }), note: 'Customer cancelled the order',
  },
];

async function auditSession(rows = ROWS, role: 'admin' | 'viewer' = 'admin') {
  const fake = createFakeApi({ role });
  const calls: string[] = [];
  const fetch: FetchLike = async (input, init = {}) => {
    if (input === '/api/me') {
      const me = await (await fake.fetch(input, init)).json();
      return json({ ...me, tenant: { ...me.tenant, timeZone: 'Europe/Berlin' } });
    }
    if (!input.startsWith('/api/audit')) return fake.fetch(input, init);
    calls.push(input);
    if (input.includes('format=csv')) return new Response('at,actor\n2026-12-03T23:30:00.000Z,ops@northwind.example\n', { headers: { 'content-type': 'text/csv' } });
    const q = new URLSearchParams(input.split('?')[1] ?? '');
    const actor = q.get('filter.actor');
    const kept = actor ? rows.filter((r) => r.actor.includes(actor)) : rows;
    return json({ columns: auditReport.columns(scope), rows: kept, total: kept.length, page: 1, pageSize: 50 });
  };
  const api = new ApiClient(fetch);
  await api.login(FAKE_ADMIN.email, FAKE_ADMIN.password);
  return { api, calls };
}

const cell = (tr: Element, key: string) => text(tr.querySelector(`td[data-key="${key}"]`));

describe('before → after as people read it', () => {
  it('names only what moved, in words, with nested settings by their own name', () => {
    expect(changeText('{"decreasePolicy":"next_period","customPrice":4}', '{"decreasePolicy":"immediate","customPrice":4}')).toBe('Decrease policy: next period → immediate');
    expect(changeText(null, '{"psaServiceId":"31","psaServiceName":"Exchange Online"}')).toBe('Set PSA service ID: 31; PSA service: Exchange Online');
    expect(changeText('{"psaContractId":"5"}', null)).toBe('Removed PSA contract ID: 5 → (none)');
    expect(changeText('{"settings":{"baseUrl":"a","user":"x"}}', '{"settings":{"baseUrl":"b","user":"x"}}')).toBe('Settings · Base url: a → b');
    expect(changeText('{"status":"held"}', '{"status":"held"}')).toBe('No change');
    expect(stateText('{"status":"held","toCount":40}')).toBe('Status: held; To: 40');
    expect(stateText(null)).toBe('(none)');
  });
});

describe('Audit trail screen', () => {
  let scratch: HTMLElement;
  beforeEach(() => {
    scratch = setupScratch();
  });
  afterEach(() => teardown(scratch));

  it('has a stable URL and a navigation entry next to the other trust screens', () => {
    expect(parseRoute('/billing/audit')).toEqual({ screen: 'audit' });
    expect(SHELL_PATHS).toContain('/billing/audit');
    const billing = buildNav('autotask').find((n) => n.label === 'Billing')!.children!.map((c) => c.label);
    expect(billing.slice(billing.indexOf('Margins'), billing.indexOf('Margins') + 2)).toEqual(['Margins', 'Audit trail']);
  });

  it('an empty trail says what creates entries, with links to where', async () => {
    const s = await auditSession([]);
    goTo('/billing/audit');
    await renderApp(scratch, s.api);
    await waitFor(() => expect(scratch.querySelector('td.empty')).not.toBeNull(), 10_000);
    const empty = scratch.querySelector('td.empty')!;
    expect(text(empty)).toMatch(/links or clears a relation.*approves, dismisses or edits.*changes a policy or a connection/);
    expect([...empty.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual(['/billing', '/billing/review', '/configuration/ingram-micro']);
  });

  it('is open to every signed-in user, as GET /api/audit is (a viewer reads it too)', async () => {
    const s = await auditSession(ROWS, 'viewer');
    goTo('/billing/audit');
    await renderApp(scratch, s.api);
    await waitFor(() => expect(scratch.querySelectorAll('tbody tr').length).toBe(2), 10_000);
    expect(scratch.querySelector('nav#sidebar a[href="/billing/audit"]')).not.toBeNull();
  });

  // Last: the download's anchor click leaves happy-dom's window at about:blank.
  it('shows who, what, when (tenant zone) and before → after as a short diff; filters and exports through /api/audit', async () => {
    const s = await auditSession();
    goTo('/billing/audit');
    await renderApp(scratch, s.api);
    await waitFor(() => expect(scratch.querySelectorAll('tbody tr').length).toBe(2));
    expect(text(scratch.querySelector('h1'))).toBe('Audit trail');
    expect(scratch.querySelector('nav#sidebar a[href="/billing/audit"]')).not.toBeNull();
    const heads = [...scratch.querySelectorAll('thead tr:first-child th')].map((th) => text(th));
    expect(heads).toEqual(['When', 'Who', 'Action', 'Object', 'Ids', 'Before → after', 'Note']);
    const [first, second] = [...scratch.querySelectorAll('tbody tr')];
    // 23:30 UTC is 00:30 the next day in Berlin.
    expect(cell(first!, 'at')).toBe('2026-12-04 00:30');
    expect(cell(first!, 'actor')).toBe('ops@northwind.example');
    expect(cell(first!, 'action')).toBe('Policy');
    expect(cell(first!, 'after')).toBe('Decrease policy: next period → immediate');
    expect(cell(second!, 'after')).toBe('Status: held → dismissed; To: 40 → (none)');
    expect(cell(second!, 'note')).toBe('Customer cancelled the order');
    expect(text(scratch.querySelector('tbody'))).not.toMatch(/[{}"]/);

    // The full state before is a detail column, readable too.
    await click(button(scratch, /Show IDs and details/));
    expect(cell(scratch.querySelectorAll('tbody tr')[1]!, 'before')).toBe('Status: held; To: 40');

    await type(scratch.querySelector('input[aria-label="Filter Who"]') as HTMLInputElement, 'ops@');
    (scratch.querySelector('input[aria-label="Filter Who"]') as HTMLInputElement).dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await waitFor(() => expect(scratch.querySelectorAll('tbody tr').length).toBe(1));
    expect(s.calls.at(-1)).toBe('/api/audit?filter.actor=ops%40');
    expect(location.search).toBe('?filter.actor=ops%40');

    const orig = URL.createObjectURL;
    URL.createObjectURL = () => 'blob:fake';
    try {
      await click(button(scratch, 'Export to CSV'));
      await waitFor(() => expect(text(scratch)).toMatch(/Saved audit-\d{4}-\d{2}-\d{2}\.csv/));
    } finally {
      URL.createObjectURL = orig;
    }
    expect(s.calls.at(-1)).toBe('/api/audit?filter.actor=ops%40&format=csv');
  });

});
