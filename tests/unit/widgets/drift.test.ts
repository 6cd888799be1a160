// @vitest-environment happy-dom
/**
 * "PSA differences" on Home against an injected fake server: the docs/api.md fake for the rest of Home,
 * and here the drift endpoints (GET /api/drift, POST /api/drift/check -> 202 then a background read,
 * POST /api/drift/{id}/fix) with the real server's rules: CSRF and the admin role on writes, the
 * {error:{code,message}} body, a fix that posts `marketplace count - PSA units` and closes the finding.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { html } from 'htm/preact';
import { ApiClient } from '../../../widgets/api.js';
import { DashboardView } from '../../../widgets/dashboard/view.js';
import { SyncProvider } from '../../../widgets/shell/sync.js';
import { createFakeApi, FAKE_ADMIN } from '../../browser/fake-api/app.js';
import { button, click, jarFetch, renderView, setupScratch, teardown, text, waitFor } from './helpers.js';
import { changedByLabel, confirmFixLabel, confirmFixMessage, describeFix } from '../../../widgets/dashboard/drift-model.js';
import type { DriftItem, Reconciliation } from '../../../widgets/types.js';

const finding = (over: Partial<DriftItem> = {}): DriftItem => ({
  id: 'd1', odinSubscriptionId: '1000123', odinResourceId: '2001', resourceName: 'Microsoft 365 Business Premium',
  ledgerUnits: 12, psaUnits: 9, marketplaceCount: 12, foundAt: '2026-11-24T08:30:00Z', changedBy: null, changedAt: null, change: null, ...over,
});

/** The drift endpoints over a list of open findings; `refuse` answers a fix as the server does on a PSA error. */
function driftServer(open: DriftItem[], opts: { role: 'admin' | 'viewer'; found?: DriftItem[] }) {
  const state = { open: [...open], posted: [] as { id: string; unitChange: number }[], refuse: null as null | { status: number; message: string }, failed: null as Reconciliation | null };
  const answer = (status: number, body?: unknown) => new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fail = (status: number, code: string, message: string) => answer(status, { error: { code, message, requestId: 'fake' } });
  const fetch = async (path: string, init: RequestInit = {}): Promise<Response> => {
    const method = init.method ?? 'GET';
    if (method === 'GET' && path === '/api/drift') return answer(200, { items: state.open });
    if (!(init.headers as Record<string, string>)['x-csrf-token']) return fail(403, 'csrf_failed', 'Missing or wrong CSRF token');
    if (opts.role !== 'admin') return fail(403, 'forbidden', 'This action needs the admin role');
    if (method === 'POST' && path === '/api/drift/check') {
      // The real check reads the PSA after answering 202: the findings appear a moment later.
      setTimeout(() => state.open.push(...(opts.found ?? [])), 30);
      return answer(202, { started: true });
    }
    const m = /^\/api\/drift\/([^/]+)\/fix$/.exec(path);
    if (method === 'POST' && m) {
      const d = state.open.find((x) => x.id === decodeURIComponent(m[1]!));
      if (!d) return fail(404, 'not_found', `Drift finding ${m[1]} not found`);
      if (state.refuse) return fail(state.refuse.status, 'psa_error', state.refuse.message);
      if (state.failed) return answer(200, { reconciliation: state.failed });
      const unitChange = d.marketplaceCount - d.psaUnits;
      state.posted.push({ id: d.id, unitChange });
      state.open = state.open.filter((x) => x !== d);
      return answer(200, { reconciliation: { status: unitChange ? 'posted' : 'none', unitChange, adjustmentId: unitChange ? 'adj-1' : null } });
    }
    return fail(404, 'not_found', `No route ${method} ${path}`);
  };
  return { state, fetch };
}

async function session(role: 'admin' | 'viewer', open: DriftItem[], found?: DriftItem[]) {
  const fake = createFakeApi({ role });
  const drift = driftServer(open, { role, found });
  const jar = jarFetch((input, init) => (input.startsWith('/api/drift') ? drift.fetch(input, init) : fake.fetch(input, init)));
  const api = new ApiClient(jar.fetch);
  await api.login(FAKE_ADMIN.email, FAKE_ADMIN.password);
  const me = await api.me();
  return { fake, api, me, calls: jar.calls, drift };
}

const rows = (root: ParentNode) => [...root.querySelectorAll('.drift-table tbody tr')].map((r) => [...r.children].map((c) => text(c)));
const dialog = () => document.querySelector('[role=alertdialog]');

describe('PSA differences on Home', () => {
  let scratch: HTMLElement;
  beforeEach(() => {
    scratch = setupScratch();
  });
  afterEach(() => teardown(scratch));
  const show = (s: Awaited<ReturnType<typeof session>>) => renderView(scratch, html`<${SyncProvider}><${DashboardView} /></${SyncProvider}>`, s);

  it('lists each finding with the Marketplace count, what we posted, what the PSA shows and when it was found', async () => {
    const s = await session('admin', [finding(), finding({ id: 'd2', resourceName: null, odinResourceId: '2002', ledgerUnits: 5, psaUnits: 7, marketplaceCount: 4, foundAt: '2026-11-23T22:05:00Z',
      changedBy: 'jsmith', changedAt: '2026-11-23T21:40:00Z', change: "IDSync's line 77 was changed (now 7 units); units 5 -> 7" })]);
    await show(s);
    await waitFor(() => expect(rows(scratch)).toHaveLength(2));
    const panel = scratch.querySelector('.drift-panel')!;
    expect(text(panel.querySelector('h2'))).toBe('PSA differences');
    expect([...panel.querySelectorAll('thead th')].map((h) => text(h))).toEqual(['Resource', 'Marketplace units', 'Posted units', 'PSA units', 'Changed by', 'Found', 'Action']);
    expect(rows(scratch)).toEqual([
      ['Microsoft 365 Business Premium Subscription 1000123', '12', '12', '9 +3', '—', '2026-11-24 08:30', 'Fix'],
      ['Resource 2002 Subscription 1000123', '4', '5', '7 -3', "jsmith 2026-11-23 21:40IDSync's line 77 was changed (now 7 units); units 5 -> 7", '2026-11-23 22:05', 'Fix'],
    ]);
    expect(button(panel, 'Fix').getAttribute('aria-label')).toBe('Fix Microsoft 365 Business Premium');
    expect(text(scratch.querySelector('#drift-summary'))).toBe('PSA differences: 2 found, see below.');
  });

  it('hides the panel without findings but keeps Check now in the sync card for admins', async () => {
    const s = await session('admin', []);
    await show(s);
    await waitFor(() => expect(text(scratch.querySelector('#drift-summary'))).toBe('PSA differences: none found.'));
    expect(scratch.querySelector('.drift-panel')).toBeNull();
    expect(button(scratch.querySelector('.sync-card')!, 'Check now').disabled).toBe(false);
  });

  it('shows viewers the list without Fix or Check now', async () => {
    const s = await session('viewer', [finding()]);
    await show(s);
    await waitFor(() => expect(rows(scratch)).toHaveLength(1));
    expect(rows(scratch)[0]).toEqual(['Microsoft 365 Business Premium Subscription 1000123', '12', '12', '9 +3', '—', '2026-11-24 08:30']);
    expect(scratch.querySelector('.drift-panel thead')!.textContent).not.toContain('Action');
    const labels = [...scratch.querySelectorAll('button')].map((b) => text(b));
    expect(labels).not.toContain('Fix');
    expect(labels).not.toContain('Check now');
    expect(text(scratch.querySelector('.drift-panel .hint'))).toContain('An administrator can fix them.');
  });

  it('asks before fixing, stating what is posted; Cancel posts nothing', async () => {
    const s = await session('admin', [finding()]);
    await show(s);
    await waitFor(() => expect(rows(scratch)).toHaveLength(1));
    await click(button(scratch, 'Fix'));
    expect(text(dialog()!.querySelector('#confirm-msg'))).toBe('Microsoft 365 Business Premium: post +3 to make the PSA show 12, as the Marketplace does (it shows 9 now).');
    expect(document.activeElement).toBe(button(dialog()!, 'Cancel'));
    await click(button(dialog()!, 'Cancel'));
    expect(dialog()).toBeNull();
    expect(s.calls.filter((c) => c.method === 'POST' && c.path.startsWith('/api/drift'))).toEqual([]);
  });

  it('fixes a finding after confirmation: posts the difference, announces it and drops the row', async () => {
    const s = await session('admin', [finding(), finding({ id: 'd2', resourceName: 'Exchange Online (Plan 1)', ledgerUnits: 20, psaUnits: 25, marketplaceCount: 20 })]);
    await show(s);
    await waitFor(() => expect(rows(scratch)).toHaveLength(2));
    await click(button(scratch.querySelectorAll('.drift-table tbody tr')[1] as HTMLElement, 'Fix'));
    expect(text(dialog()!.querySelector('#confirm-msg'))).toBe('Exchange Online (Plan 1): post -5 to make the PSA show 20, as the Marketplace does (it shows 25 now).');
    await click(button(dialog()!, 'Post -5'));
    await waitFor(() => expect(rows(scratch)).toHaveLength(1));
    expect(s.drift.state.posted).toEqual([{ id: 'd2', unitChange: -5 }]);
    const fixCall = s.calls.find((c) => c.path === '/api/drift/d2/fix')!;
    expect(fixCall.method).toBe('POST');
    expect(fixCall.headers['x-csrf-token']).toBe(s.me.csrfToken);
    const live = scratch.querySelector('.drift-panel .drift-live')!;
    expect(text(live)).toBe('Exchange Online (Plan 1) fixed: posted -5 to the PSA, which now shows 20, as the Marketplace does.');
    expect(rows(scratch)[0]![0]).toContain('Microsoft 365 Business Premium');

    // The last one: the panel stays to show the result, and says nothing is left open.
    await click(button(scratch, 'Fix'));
    await click(button(dialog()!, 'Post +3'));
    await waitFor(() => expect(rows(scratch)).toHaveLength(0));
    expect(text(scratch.querySelector('.drift-panel .drift-live'))).toBe('Microsoft 365 Business Premium fixed: posted +3 to the PSA, which now shows 12, as the Marketplace does.');
    expect(text(scratch.querySelector('.drift-panel'))).toContain('No differences are open.');
    expect(document.activeElement).toBe(scratch.querySelector('#drift-title'));
    expect(text(scratch.querySelector('#drift-summary'))).toBe('PSA differences: none found.');
  });

  it("shows the server's message when a fix fails, and keeps the row", async () => {
    const s = await session('admin', [finding()]);
    s.drift.state.refuse = { status: 502, message: 'Autotask answered 500: ContractServiceAdjustment EffectiveDate must be between the start date and end date of the contract.' };
    await show(s);
    await waitFor(() => expect(rows(scratch)).toHaveLength(1));
    await click(button(scratch, 'Fix'));
    await click(button(dialog()!, 'Post +3'));
    await waitFor(() => expect(scratch.querySelector('.drift-panel [role=alert]')).not.toBeNull());
    expect(text(scratch.querySelector('.drift-panel [role=alert]'))).toBe(
      'Microsoft 365 Business Premium not fixed: Autotask answered 500: ContractServiceAdjustment EffectiveDate must be between the start date and end date of the contract.',
    );
    expect(rows(scratch)).toHaveLength(1);
    expect(button(scratch, 'Fix').disabled).toBe(false);

    // A fix the server accepted but the PSA refused comes back as a failed reconciliation.
    s.drift.state.refuse = null;
    s.drift.state.failed = { status: 'failed', unitChange: 3, adjustmentId: 'adj-9', message: 'Contract 3001 is inactive' };
    await click(button(scratch, 'Fix'));
    await click(button(dialog()!, 'Post +3'));
    await waitFor(() => expect(text(scratch.querySelector('.drift-panel [role=alert]'))).toContain('Contract 3001 is inactive'));
    expect(text(scratch.querySelector('.drift-panel [role=alert]'))).toBe(
      'Microsoft 365 Business Premium not fixed: Contract 3001 is inactive. The +3 adjustment is retried automatically; see the Failure log.',
    );
  });

  it('Check now starts a check, polls the list until the new findings arrive, and says what it found', async () => {
    const s = await session('admin', [], [finding({ id: 'd9', resourceName: 'Azure plan', ledgerUnits: 1, psaUnits: 4, marketplaceCount: 1 })]);
    await show(s);
    await waitFor(() => expect(text(scratch.querySelector('#drift-summary'))).toBe('PSA differences: none found.'));
    await click(button(scratch.querySelector('.sync-card')!, 'Check now'));
    expect(s.calls.some((c) => c.method === 'POST' && c.path === '/api/drift/check')).toBe(true);
    await waitFor(() => expect(rows(scratch)).toHaveLength(1));
    expect(rows(scratch)[0]!.slice(0, 4)).toEqual(['Azure plan Subscription 1000123', '1', '1', '4 -3']);
    await waitFor(() => expect(text(scratch.querySelector('.sync-card .drift-live'))).toBe('PSA checked: 1 difference found.'));
    expect(button(scratch.querySelector('.sync-card')!, 'Check now').disabled).toBe(false);
    expect(s.calls.filter((c) => c.method === 'GET' && c.path === '/api/drift').length).toBeGreaterThan(2);
  });

  it('Check now with nothing new says so after its polls, and a refused check shows the reason', async () => {
    const s = await session('admin', [finding()]);
    await show(s);
    await waitFor(() => expect(rows(scratch)).toHaveLength(1));
    await click(button(scratch.querySelector('.sync-card')!, 'Check now'));
    await waitFor(() => expect(text(scratch.querySelector('.sync-card .drift-live'))).toBe('PSA checked: nothing new found; 1 difference still open.'));

    s.api.csrfToken = null; // a write without the session's token is refused by the server
    await click(button(scratch.querySelector('.sync-card')!, 'Check now'));
    await waitFor(() => expect(text(scratch.querySelector('.sync-card [role=alert]'))).toBe('The check could not start: Missing or wrong CSRF token'));
  });

  it('words every outcome of a fix and a finding where the PSA already matches the Marketplace', () => {
    const d = finding({ ledgerUnits: 10, psaUnits: 1200, marketplaceCount: 1200 });
    expect(confirmFixMessage(d)).toBe('Microsoft 365 Business Premium: the PSA already shows 1,200, as the Marketplace does. Nothing is posted; IDSync records that the two match again.');
    expect(confirmFixLabel(d)).toBe('Mark as matching');
    const r = (status: Reconciliation['status'], unitChange = 0, message?: string): Reconciliation => ({ status, unitChange, adjustmentId: null, ...(message ? { message } : {}) });
    expect(describeFix(d, r('none'))).toEqual({ tone: 'ok', text: 'Microsoft 365 Business Premium fixed: the PSA already shows 1,200, as the Marketplace does; nothing was posted.' });
    expect(describeFix(d, r('planned', 0, 'A sync is running; it will reconcile this resource'))).toEqual({ tone: 'warn', text: 'Microsoft 365 Business Premium not fixed yet: A sync is running; it will reconcile this resource.' });
    expect(describeFix(d, r('unknown', 4)).text).toBe('Microsoft 365 Business Premium not fixed yet: the PSA did not confirm the +4 adjustment. IDSync checks the PSA before posting again.');
    expect(describeFix(d, r('failed', 0, 'Could not read the PSA'))).toEqual({ tone: 'error', text: 'Microsoft 365 Business Premium not fixed: Could not read the PSA.' });
  });

  it('names who changed the PSA line where the PSA says, and says so where it does not', () => {
    expect(changedByLabel(finding())).toBeNull();
    expect(changedByLabel(finding({ changedBy: 'jsmith', change: 'x' }))).toBe('jsmith');
    expect(changedByLabel(finding({ changedBy: null, changedAt: '2026-11-01', change: "Units are 9 in Autotask: not one of IDSync's adjustments." }))).toBe('Not recorded by the PSA');
  });
});
