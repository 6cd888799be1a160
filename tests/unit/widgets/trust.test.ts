// @vitest-environment happy-dom
/**
 * The trust screens (issue 14): review queue, next cycle preview, margins. The product's fake server
 * answers sign-in; the trust routes are answered here by a small in-memory queue that keeps what the
 * screens send, so each test sees the exact requests and the screen's answer to them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { html } from 'htm/preact';
import { ApiClient, type FetchLike } from '../../../widgets/api.js';
import { ReviewView } from '../../../widgets/trust/review.js';
import { PreviewView } from '../../../widgets/trust/preview.js';
import { MarginsView } from '../../../widgets/trust/margins.js';
import { parseRoute, buildNav, SHELL_PATHS } from '../../../widgets/shell/routes.js';
import { createFakeApi, FAKE_ADMIN } from '../../browser/fake-api/app.js';
import { button, byLabel, click, renderView, setupScratch, teardown, text, type, waitFor } from './helpers.js';

const COLS = [
  { key: 'companyName', label: 'Company', type: 'text' },
  { key: 'resourceName', label: 'Resource', type: 'text' },
  { key: 'fromCount', label: 'PSA units', type: 'number' },
  { key: 'toCount', label: 'New units', type: 'number' },
  { key: 'unitChange', label: 'Change', type: 'number' },
  { key: 'effectiveDate', label: 'Effective date', type: 'date' },
  { key: 'estimatedAmount', label: 'Estimated prorated amount', type: 'money' },
  { key: 'id', label: 'Id', type: 'text', detail: true },
];

function heldRow(id: string, resourceName: string, fromCount: number, toCount: number) {
  return { id, companyName: 'Venture Logistics', resourceName, fromCount, toCount, unitChange: toCount - fromCount, effectiveDate: '2026-12-03', estimatedAmount: 12.5 };
}

async function trustSession(role: 'admin' | 'viewer' = 'admin') {
  const fake = createFakeApi({ role });
  let held = [heldRow('a1', 'Microsoft 365 E3', 10, 40), heldRow('a2', 'Exchange Online', 5, 3), heldRow('a3', 'Teams Phone', 2, 9)];
  const calls: { method: string; path: string; body: unknown }[] = [];
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetch: FetchLike = async (input, init = {}) => {
    const method = init.method ?? 'GET';
    const body = init.body ? JSON.parse(init.body as string) : undefined;
    if (!/^\/api\/(review|preview|margins)/.test(input)) return fake.fetch(input, init);
    calls.push({ method, path: input, body });
    if (input.endsWith('?format=csv')) return new Response('outcome,companyName\npost,Venture Logistics\n', { headers: { 'content-type': 'text/csv' } });
    if (input.startsWith('/api/review?')) return json({ columns: COLS, rows: held, total: held.length, page: 1, pageSize: 500 });
    const settle = (ids: string[], status: string) => {
      const results = ids.map((id) => (held.some((r) => r.id === id) ? { id, ok: true, status } : { id, ok: false, error: { code: 'conflict', message: `${id} is not held` } }));
      held = held.filter((r) => !ids.includes(r.id));
      return results;
    };
    if (input === '/api/review/approve') {
      // Exchange Online waits behind an earlier change of its resource: the server refuses it, keeps it held.
      const refused = body.ids.filter((id: string) => id === 'a2' && body.effectiveDate);
      const results = settle(body.ids.filter((id: string) => !refused.includes(id)), 'planned');
      return json({ results: [...results, ...refused.map((id: string) => ({ id, ok: false, error: { code: 'conflict', message: 'An earlier held change of this resource must go first' } }))], runId: 'run-1' });
    }
    if (input === '/api/review/dismiss') return json({ results: settle(body.ids, 'dismissed') });
    const edit = /^\/api\/review\/([^/]+)\/edit$/.exec(input);
    if (edit) return json({ result: settle([edit[1]!], 'planned')[0], runId: 'run-2' });
    if (input === '/api/preview')
      return json({ today: '2026-12-03', columns: [{ key: 'outcome', label: 'Next cycle', type: 'text' }, ...COLS], rows: [{ outcome: 'post', ...heldRow('p1', 'Defender', 1, 4) }, { outcome: 'held', ...heldRow('p2', 'Intune', 8, 2) }], totals: { toPost: 1, held: 1, reconciliations: 0, estimatedAmount: 12.5, monthlyChange: 30 } });
    if (input.startsWith('/api/margins'))
      return json({
        columns: [{ key: 'companyName', label: 'Customer', type: 'text' }, { key: 'resourceName', label: 'Resource', type: 'text' }, { key: 'unitCost', label: 'Marketplace unit cost', type: 'money' }, { key: 'unitPrice', label: 'PSA unit price', type: 'money' }, { key: 'warning', label: 'Warning', type: 'text' }],
        rows: [{ companyName: 'Venture Logistics', resourceName: 'E3', unitCost: 20, unitPrice: 18, belowCost: true, warning: 'PSA price 18.00 is below the Marketplace cost 20.00' }, { companyName: 'Venture Logistics', resourceName: 'E5', unitCost: 30, unitPrice: 40, belowCost: false, warning: null }],
        totals: { monthlyCost: 50, monthlyRevenue: 58, monthlyMargin: 8, belowCost: 1, unknown: 0 }, period: { start: '2026-12-01', end: '2026-12-31' }, adjustmentsThisPeriod: 25,
      });
    return json({ error: { code: 'not_found', message: 'no such route', requestId: 'r' } }, 404);
  };
  const api = new ApiClient(fetch);
  await api.login(FAKE_ADMIN.email, FAKE_ADMIN.password);
  const me = await api.me();
  return { s: { fake, api, me, calls: [] }, calls, held: () => held };
}

describe('trust screens', () => {
  let scratch: HTMLElement;
  beforeEach(() => {
    scratch = setupScratch();
  });
  afterEach(() => teardown(scratch));
  const named = (name: string) => scratch.querySelector(`button[aria-label="${name}"]`) as HTMLButtonElement;
  const bodyRows = () => [...scratch.querySelectorAll('.trust-table tbody tr:not(.empty-row)')];

  it('has its addresses under Billing, served by the shell', () => {
    expect(parseRoute('/billing/review')).toEqual({ screen: 'review' });
    expect(parseRoute('/billing/preview')).toEqual({ screen: 'preview' });
    expect(parseRoute('/billing/margins')).toEqual({ screen: 'margins' });
    expect(SHELL_PATHS).toEqual(expect.arrayContaining(['/billing/review', '/billing/preview', '/billing/margins']));
    const billing = buildNav('autotask').find((n) => n.label === 'Billing')!;
    expect(billing.children!.map((c) => c.label)).toEqual(['Mapping', 'Manage Relations', 'Review queue', 'Next cycle preview', 'Margins', 'Audit trail']);
  });

  it('review: shows the held rows, approves one, dismisses one with its reason, edits one', async () => {
    const t = await trustSession();
    await renderView(scratch, html`<${ReviewView} />`, t.s);
    await waitFor(() => expect(bodyRows()).toHaveLength(3));
    expect(text(bodyRows()[0])).toContain('Microsoft 365 E3');
    expect(text(bodyRows()[0])).toContain('+30');

    await click(named('Approve Venture Logistics Microsoft 365 E3'));
    await waitFor(() => expect(bodyRows()).toHaveLength(2));
    expect(t.calls.find((c) => c.path === '/api/review/approve')!.body).toEqual({ ids: ['a1'] });
    expect(text(scratch.querySelector('.status, [role=status]'))).toContain('1 adjustment approved. A sync cycle started to post them.');

    await click(named('Dismiss Venture Logistics Exchange Online'));
    const dismiss = button(scratch, /^Dismiss$/);
    expect(dismiss.disabled).toBe(true);
    await type(byLabel(scratch, 'Reason'), 'Customer cancelled the order');
    await click(dismiss);
    await waitFor(() => expect(bodyRows()).toHaveLength(1));
    expect(t.calls.find((c) => c.path === '/api/review/dismiss')!.body).toEqual({ ids: ['a2'], reason: 'Customer cancelled the order' });

    await click(named('Edit Venture Logistics Teams Phone'));
    expect(byLabel(scratch, 'New units').value).toBe('9');
    await type(byLabel(scratch, 'New units'), '6');
    await type(byLabel(scratch, 'Effective date'), '2026-12-10');
    await click(button(scratch, 'Approve with changes'));
    await waitFor(() => expect(text(scratch.querySelector('.trust-table tbody'))).toContain('Nothing waits for review'));
    expect(t.calls.find((c) => c.path === '/api/review/a3/edit')!.body).toEqual({ effectiveDate: '2026-12-10', toCount: 6 });
  });

  it('review: approves the selected rows in bulk with the bulk date, and reports the refused ones', async () => {
    const t = await trustSession();
    await renderView(scratch, html`<${ReviewView} />`, t.s);
    await waitFor(() => expect(bodyRows()).toHaveLength(3));
    expect(button(scratch, 'Approve selected').disabled).toBe(true);
    await click(byLabel(scratch, 'Select all rows'));
    await click(byLabel(scratch, 'Select Venture Logistics Teams Phone'));
    expect(text(scratch.querySelector('[aria-label="Selected adjustments"]'))).toContain('2 selected adjustments');
    await type(byLabel(scratch, 'Bulk effective date'), '2026-12-15');
    await click(button(scratch, 'Approve selected'));
    await waitFor(() => expect(bodyRows()).toHaveLength(2));
    expect(t.calls.find((c) => c.path === '/api/review/approve')!.body).toEqual({ ids: ['a1', 'a2'], effectiveDate: '2026-12-15' });
    expect(t.held().map((r) => r.id)).toEqual(['a2', 'a3']);
    expect(text(scratch.querySelector('.page'))).toContain('1 adjustment approved.');
    expect(text(scratch.querySelector('.page'))).toContain('1 adjustment not approved: An earlier held change of this resource must go first');
  });

  it('review: a viewer sees the queue without actions', async () => {
    const t = await trustSession('viewer');
    await renderView(scratch, html`<${ReviewView} />`, t.s);
    await waitFor(() => expect(bodyRows()).toHaveLength(3));
    expect(scratch.querySelectorAll('.col-actions, .col-select')).toHaveLength(0);
  });

  it('preview: totals and what each row will do, with a CSV export', async () => {
    const t = await trustSession();
    await renderView(scratch, html`<${PreviewView} />`, t.s);
    await waitFor(() => expect(bodyRows()).toHaveLength(2));
    expect(text(scratch.querySelector('.totals'))).toContain('To post1 adjustment');
    expect(text(scratch.querySelector('.totals'))).toContain('$30.00');
    // What each row will do reads as a status pill, in words.
    expect(bodyRows().map((r) => text(r.querySelector('.pill')))).toEqual(['Posts', 'Held']);
    await click(button(scratch, 'Export to CSV'));
    await waitFor(() => expect(text(scratch.querySelector('.export'))).toMatch(/Saved .*preview.*\.csv/));
    expect(t.calls.map((c) => c.path)).toEqual(['/api/preview', '/api/preview?format=csv']);
    expect(t.calls.every((c) => c.method === 'GET')).toBe(true);
  });

  it('margins: warns where the PSA price is below cost, marks the row, shows the period totals', async () => {
    const t = await trustSession();
    await renderView(scratch, html`<${MarginsView} />`, t.s);
    await waitFor(() => expect(bodyRows()).toHaveLength(2));
    expect(text(scratch.querySelector('.page'))).toContain('1 resource billed below cost');
    expect(bodyRows()[0]!.className).toBe('row-warn');
    expect(bodyRows()[1]!.className).toBe('');
    expect(text(scratch.querySelector('.totals'))).toContain('Billing period2026-12-01 – 2026-12-31');
    await click(button(scratch, 'Refresh prices'));
    await waitFor(() => expect(t.calls.some((c) => c.path === '/api/margins?refresh=1')).toBe(true));
  });
});
