// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { html } from 'htm/preact';
import { DashboardView } from '../../../widgets/dashboard/view.js';
import { SyncProvider } from '../../../widgets/shell/sync.js';
import { button, click, fakeSession, goTo, renderView, setupScratch, teardown, text, waitFor } from './helpers.js';

describe('home dashboard', () => {
  let scratch: HTMLElement;
  beforeEach(() => {
    scratch = setupScratch();
    goTo('/');
  });
  afterEach(() => teardown(scratch));

  it('shows the headline numbers, each linking to its report', async () => {
    const s = await fakeSession();
    const w = s.fake.world;
    w.companies[0]!.link = { psaAccountId: 'x', psaAccountName: 'X' };
    w.companies[0]!.subscriptions[0]!.link = { psaContractId: 'k', psaContractName: 'K' };
    w.companies[0]!.subscriptions[0]!.resources[0]!.link = { psaServiceId: 's', psaContractServiceId: null, psaServiceName: 'S', linkedAt: '2026-11-01' };
    await renderView(scratch, html`<${SyncProvider}><${DashboardView} /></${SyncProvider}>`, s);
    await waitFor(() => expect(scratch.querySelectorAll('.tiles:not(.tiles-money) .tile').length).toBe(4));
    const tiles = [...scratch.querySelectorAll<HTMLAnchorElement>('.tiles:not(.tiles-money) .tile')].map((a) => [text(a.querySelector('.tile-label')), text(a.querySelector('.tile-value')), a.getAttribute('href')]);
    const total = w.companies.reduce((n, c) => n + c.subscriptions.length, 0);
    expect(tiles).toEqual([
      ['Linked resources', '1', '/reports/linked?context=autotask'],
      ['Unlinked resources', String(total - 1), '/reports/unlinked?context=autotask'],
      ['Adjustments this period', '0', '/reports/adjustments?context=autotask'],
      ['Open failures', '0', '/reports/failures?context=autotask'],
    ]);
  });

  it('puts money first: the period\'s posted total with its run-rate change, and revenue at risk linking to Unlinked', async () => {
    const s = await fakeSession({ companies: 3, currency: 'EUR', locale: 'de-DE' });
    s.fake.world.adjustments.push({ ...sampleAdjustment(), unitChange: 3, estimatedAmount: 10.5 });
    const atRisk = s.fake.world.companies.flatMap((c) => c.subscriptions.flatMap((x) => x.resources)).reduce((n, r) => n + r.count * 4, 0);
    await renderView(scratch, html`<${SyncProvider}><${DashboardView} /></${SyncProvider}>`, s);
    await waitFor(() => expect(scratch.querySelectorAll('.tiles-money .tile').length).toBe(2));
    const [posted, risk] = [...scratch.querySelectorAll<HTMLAnchorElement>('.tiles-money .tile')];
    expect([...posted!.children].map((e) => text(e))).toEqual([expect.stringMatching(/^10,50\s€$/), 'Posted this period', expect.stringMatching(/^Monthly run-rate \+12,00\s€$/)]);
    expect(text(risk!.querySelector('.tile-value'))).toBe(text({ textContent: new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }).format(atRisk) } as Element));
    expect(risk!.getAttribute('href')).toBe('/reports/unlinked?context=autotask');
  });

  it('draws both charts with a link to their report and their numbers as a table', async () => {
    const s = await fakeSession();
    s.fake.world.adjustments.push({ ...sampleAdjustment(), date: '2026-11-20', unitChange: 7 }, { ...sampleAdjustment(), date: '2026-11-22', unitChange: -2 });
    await renderView(scratch, html`<${SyncProvider}><${DashboardView} /></${SyncProvider}>`, s);
    await waitFor(() => expect(scratch.querySelectorAll('figure.chart').length).toBe(2));
    const [adj, lic] = [...scratch.querySelectorAll('figure.chart')];
    expect(text(adj!.querySelector('figcaption'))).toContain('Adjustments over time');
    expect(adj!.querySelector('a')!.getAttribute('href')).toBe('/reports/adjustments?context=autotask');
    expect([...adj!.querySelectorAll('.chart-data tbody tr')].map((r) => [...r.children].map((td) => text(td)).join(' '))).toEqual(['2026-11-20 1 7', '2026-11-22 1 -2']);
    expect(lic!.querySelector('a')!.getAttribute('href')).toBe('/reports/subscriptions?context=autotask');
    expect(lic!.querySelectorAll('.chart-data tbody tr').length).toBe(12);
    // Numbers line up on the right, with thousands separators, like the report tables.
    expect([...adj!.querySelectorAll('.chart-data tr > :nth-child(2)')].every((c) => c.classList.contains('col-number'))).toBe(true);
    expect(adj!.querySelector('.chart-data tr > :first-child')!.classList.contains('col-number')).toBe(false);
  });

  it('shows the last sync and runs Sync now with progress until it ends', async () => {
    const s = await fakeSession({ companies: 40 });
    await renderView(scratch, html`<${SyncProvider}><${DashboardView} /></${SyncProvider}>`, s);
    await waitFor(() => expect(text(scratch.querySelector('.sync-card'))).toContain('Last sync ok'));
    await click(button(scratch.querySelector('.sync-card')!, 'Sync now'));
    await waitFor(() => expect(scratch.querySelector('.sync-card progress')).not.toBeNull());
    expect(text(scratch.querySelector('.sync-card .progress'))).toMatch(/Syncing: reading the Marketplace \(\d+ of 40\)/);
    expect(button(scratch.querySelector('.sync-card')!, 'Sync running…').disabled).toBe(true);
    await waitFor(() => expect(text(scratch.querySelector('.sync-card'))).toContain('Last sync ok, just now'), 4000);
    expect(s.calls.filter((c) => c.path === '/api/sync').length).toBeGreaterThan(3);
  });

  it('stays true without a reload: when a cycle ends, the tiles show what it did (the stale-Home defect)', async () => {
    const s = await fakeSession({ companies: 10 });
    await renderView(scratch, html`<${SyncProvider}><${DashboardView} /></${SyncProvider}>`, s);
    const failures = () => text(scratch.querySelectorAll('.tiles:not(.tiles-money) .tile')[3]?.querySelector('.tile-value'));
    await waitFor(() => expect(failures()).toBe('0'));
    await click(button(scratch.querySelector('.sync-card')!, 'Sync now'));
    // What the cycle does: the PSA refuses a post, the row lands in the Failure log.
    s.fake.world.adjustments.push({ ...sampleAdjustment(), id: 'f', status: 'failed', lastError: 'HTTP 500' });
    await waitFor(() => expect(text(scratch.querySelector('.sync-card'))).toContain('Last sync ok, just now'), 4000);
    await waitFor(() => expect(failures()).toBe('1'));
    expect(text(scratch.querySelectorAll('.tiles:not(.tiles-money) .tile')[3]?.querySelector('.tile-hint'))).toBe('Check before invoicing');
  });
});

function sampleAdjustment() {
  return {
    id: 'a', date: '2026-11-20', effectiveDate: '2026-11-20', odinAccountId: '1', companyName: 'C', odinSubscriptionId: '2', subscriptionName: 'S', odinResourceId: '3',
    resourceName: 'R', psaAccountId: '4', psaAccountName: 'A', psaContractId: '5', psaContractName: 'K', psaServiceId: '6', psaServiceName: 'V', unitChange: 1,
    estimatedAmount: 1, status: 'posted' as const, lastError: null, attempts: 1, nextAttemptAt: null,
  };
}
