import { describe, expect, it } from 'vitest';
import * as R from '../../../widgets/reports/model.js';
import * as M from '../../../widgets/mapping/model.js';
import * as B from '../../../widgets/mapping/bulk.js';
import { adjustmentsSeries, buildAdjustmentsChart, buildLicensesChart, licensesChartHeight, topCustomers, shortLabel } from '../../../widgets/dashboard/chart.js';
import { formBody } from '../../../widgets/configuration/model.js';
import { formatCell, relativeTime } from '../../../widgets/ui/format.js';
import { createWorld } from '../../browser/fake-api/world.js';
import { statusPill } from '../../../widgets/reports/rows.js';
import type { MappingCompany } from '../../../widgets/types.js';

const q = (s: string) => new URLSearchParams(s);

describe('report URL state', () => {
  it('keeps only the API keys and cycles sort ascending, descending, off', () => {
    expect(R.reportQuery(q('next=/x&utm=1&page=2&filter.companyName=a&context=autotask')).toString()).toBe('page=2&filter.companyName=a&context=autotask');
    let s = R.toggleSort(q('page=3'), 'count');
    expect(s.toString()).toBe('sort=count');
    s = R.toggleSort(s, 'count');
    expect(s.toString()).toBe('sort=-count');
    expect(R.toggleSort(s, 'count').toString()).toBe('');
    expect(R.sortOf(q('sort=-date'), 'date')).toBe('descending');
  });
  it('resets the page when a filter or range changes, not when paging', () => {
    expect(R.setFilter(q('page=4'), 'companyName', ' acme ').toString()).toBe('filter.companyName=acme');
    expect(R.setFilter(q('filter.companyName=a'), 'companyName', '').toString()).toBe('');
    expect(R.setPage(q('sort=x'), 3).toString()).toBe('sort=x&page=3');
    expect(R.setRange(q('page=2'), '2026-11-01', 'bad').toString()).toBe('from=2026-11-01');
    expect(R.lastDays(q(''), 30, new Date('2026-11-24T12:00:00Z')).toString()).toBe('from=2026-10-26&to=2026-11-24');
    expect(R.activeFilters(q('filter.a=1&from=2026-01-01&sort=a'))).toBe(2);
    expect(R.clearFilters(q('filter.a=1&from=2026-01-01&sort=a')).toString()).toBe('sort=a');
  });
  it('falls back to the row keys when a page has no columns', () => {
    expect(R.columnsOf({ rows: [{ companyName: 'A', count: 2 }] })).toEqual([
      { key: 'companyName', label: 'companyName', type: 'text' },
      { key: 'count', label: 'count', type: 'number' },
    ]);
    expect(R.columnsOf({ columns: [{ key: 'x', label: 'X', type: 'date' }], rows: [] })).toEqual([{ key: 'x', label: 'X', type: 'date' }]);
    expect(R.columnsOf({ rows: [] })).toEqual([]);
  });
  it('labels ranges and counts pages', () => {
    expect(R.rangeLabel(2, 50, 1234)).toBe('Rows 51–100 of 1,234');
    expect(R.rangeLabel(1, 50, 0)).toBe('No rows');
    expect(R.pageCount(101, 50)).toBe(3);
    expect(R.pageSizeOf(q('pageSize=7'))).toBe(50);
  });
});

function companies(): MappingCompany[] {
  return createWorld(3).companies.map(({ psaName: _p, ...c }) => c) as unknown as MappingCompany[];
}

describe('mapping view-model', () => {
  it('round-trips filter settings through the URL and into the API query', () => {
    const f = M.filtersFromQuery(q('hideCompleted=1&showBadges=1&search=acme'));
    expect(f).toEqual({ hideCompleted: true, showExpired: false, showInactive: false, showUninvoiced: false, showBadges: true, search: 'acme' });
    expect(M.filtersToQuery(f).toString()).toBe('hideCompleted=1&showBadges=1&search=acme');
    expect(M.mappingQuery(f, 2, 250)).toMatchObject({ hideCompleted: true, showExpired: false, search: 'acme', page: 2, pageSize: 250 });
  });
  it('flattens companies, subscriptions and resources, honouring collapsed companies', () => {
    const cs = companies();
    const rows = M.flattenMapping(cs, new Set());
    const expected = cs.reduce((n, c) => n + 1 + c.subscriptions.reduce((m, s) => m + 1 + s.resources.length, 0), 0);
    expect(rows).toHaveLength(expected);
    expect(rows[0]!.kind).toBe('company');
    expect(rows[1]!.kind).toBe('subscription');
    expect(rows[2]!.kind).toBe('resource');
    const collapsed = M.flattenMapping(cs, new Set([cs[0]!.odinAccountId]));
    expect(collapsed.filter((r) => r.company === cs[0]).length).toBe(1);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
  });
  it('counts a resource as linked only when its company and subscription are linked too', () => {
    const c = companies()[0]!;
    c.subscriptions[0]!.resources[0]!.link = { psaServiceId: '1' };
    expect(M.companyProgress(c).linked).toBe(0);
    c.link = { psaAccountId: 'a' };
    c.subscriptions[0]!.link = { psaContractId: 'k' };
    expect(M.companyProgress(c)).toMatchObject({ linked: 1, complete: c.subscriptions.length === 1 });
  });
  it('keeps the best suggestion above the threshold', () => {
    const idx = M.indexSuggestions({
      companies: [
        { odinAccountId: '1', name: 'A', psaAccountId: 'x', psaAccountName: 'X', score: 0.6 },
        { odinAccountId: '1', name: 'A', psaAccountId: 'y', psaAccountName: 'Y', score: 0.9 },
        { odinAccountId: '2', name: 'B', psaAccountId: 'z', psaAccountName: 'Z', score: 0.3 },
      ],
      resources: [],
    });
    expect(idx.company.get('1')?.psaAccountId).toBe('y');
    expect(idx.company.has('2')).toBe(false);
  });
  it('describes every reconciliation outcome in the user\'s words', () => {
    expect(M.describeReconciliation({ status: 'posted', unitChange: 7, adjustmentId: 'a' }).text).toBe('Relation set. Reconciled: posted +7 units to the PSA.');
    expect(M.describeReconciliation({ status: 'posted', unitChange: -1, adjustmentId: 'a' }).text).toBe('Relation set. Reconciled: posted -1 unit to the PSA.');
    expect(M.describeReconciliation({ status: 'failed', unitChange: 2, adjustmentId: 'a', message: 'Contract expired' })).toMatchObject({ tone: 'error' });
    expect(M.describeReconciliation({ status: 'unknown', unitChange: 2, adjustmentId: 'a' }).tone).toBe('warn');
    expect(M.describeReconciliation({ status: 'none', unitChange: 0, adjustmentId: null }).text).toContain('already match');
    // What it did, in figures: PSA before, Marketplace count, the change, its date and why, the amount.
    const details = { marketplaceCount: 8, psaUnitsBefore: 1, effectiveDate: '2026-12-03', dateRule: 'today', estimatedAmount: 58.06 };
    expect(M.describeReconciliation({ status: 'posted', unitChange: 7, adjustmentId: 'a', details }, { currency: 'USD', locale: 'en-US' }).text).toBe(
      'Relation set. PSA had 1 unit, the Marketplace has 8. Reconciled: posted +7 units to the PSA, effective 2026-12-03 (from today), estimated $58.06.',
    );
    expect(M.describeReconciliation({ status: 'posted', unitChange: -6, adjustmentId: 'a', details: { ...details, psaUnitsBefore: 14, effectiveDate: '2027-01-01', dateRule: 'next_period', estimatedAmount: 0 } }, { currency: 'EUR', locale: 'de-DE' }).text)
      .toMatch(/^Relation set\. PSA had 14 units, the Marketplace has 8\. Reconciled: posted -6 units to the PSA, effective 2027-01-01 \(at the next period start\), estimated 0,00\s€\.$/);
  });
  it('applies a cleared company link to its subscriptions and resources locally', () => {
    const cs = companies();
    const c = cs[0]!;
    c.link = { psaAccountId: 'a' };
    c.subscriptions[0]!.link = { psaContractId: 'k' };
    c.subscriptions[0]!.resources[0]!.link = { psaServiceId: 's' };
    const row = M.flattenMapping(cs, new Set())[0]!;
    const next = M.applyLink(cs, row, null);
    expect(next[0]!.link).toBeNull();
    expect(next[0]!.subscriptions[0]!.resources[0]!.link).toBeNull();
    expect(cs[0]!.link).not.toBeNull();
    expect(next[1]).toBe(cs[1]);
  });
});

describe('manage relations', () => {
  it('proposes suggestions only where the contract is linked, and counts what will change', () => {
    const cs = companies();
    const [a, b] = cs;
    a!.link = { psaAccountId: 'x' };
    a!.subscriptions.forEach((s) => (s.link = { psaContractId: 'k' }));
    a!.subscriptions[0]!.resources[0]!.link = { psaServiceId: 's1', psaServiceName: 'S1' };
    const sugg = M.indexSuggestions({
      companies: [],
      resources: [...a!.subscriptions, ...b!.subscriptions].map((s) => ({ odinSubscriptionId: s.odinSubscriptionId, odinResourceId: s.resources[0]!.odinResourceId, name: '', psaServiceId: 'p', psaServiceName: 'P', psaContractId: 'k', psaContractServiceId: null, score: 0.9 })),
    });
    const rows = B.relationRows(cs, sugg, true);
    expect(rows.filter((r) => r.state === 'linked')).toHaveLength(1);
    expect(rows.filter((r) => r.state === 'proposed')).toHaveLength(a!.subscriptions.length - 1);
    expect(rows.filter((r) => r.company === b!.name).every((r) => r.state === 'open')).toBe(true);
    const all = B.toggleAll(rows, new Set());
    expect(B.countChanges(rows, all)).toMatchObject({ toSet: a!.subscriptions.length - 1, resource: a!.subscriptions.length - 1, company: 0, subscription: 0, toClear: 1 });
    expect(B.planBulk(rows, all, 'clear').clear).toEqual([{ level: 'resource', odinSubscriptionId: a!.subscriptions[0]!.odinSubscriptionId, odinResourceId: a!.subscriptions[0]!.resources[0]!.odinResourceId }]);
    expect(B.planBulk(rows, all, 'set').set.every((i) => i.psaServiceId === 'p')).toBe(true);
    expect(B.toggleAll(rows, all).size).toBe(0);
    expect(B.relationRows(cs, sugg, false).some((r) => r.state === 'linked')).toBe(false);
    expect(B.batches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });
});

describe('manage relations from any row', () => {
  it('plans each company and subscription once, top level first, from choices and suggestions', () => {
    const cs = companies();
    const c = cs[0]!;
    // Two resources under one subscription, plus the other subscriptions: every row of one unlinked company.
    c.subscriptions[0]!.resources.push({ ...c.subscriptions[0]!.resources[0]!, odinResourceId: 'extra', name: 'Extra' });
    const sugg = M.indexSuggestions({ companies: [{ odinAccountId: c.odinAccountId, name: c.name, psaAccountId: 'A', psaAccountName: 'Acct', score: 1 }], resources: [] });
    const rows = B.relationRows([c], sugg, false);
    const all = new Set(rows.map((r) => r.key));
    expect(B.countChanges(rows, all)).toMatchObject({ company: 1, subscription: 0, resource: 0, needChoice: rows.length });
    const picks = B.noPicks();
    for (const sub of c.subscriptions) picks.contract.set(sub.odinSubscriptionId, { id: `K${sub.odinSubscriptionId}`, name: 'K' });
    for (const r of rows) picks.service.set(r.key, { id: 'S', name: 'Svc', contractServiceId: 'CS' });
    const plan = B.planBulk(rows, all, 'set', picks).set;
    expect(plan.map((i) => i.level)).toEqual(['company', ...c.subscriptions.map(() => 'subscription'), ...rows.map(() => 'resource')]);
    expect(plan[0]).toEqual({ level: 'company', odinAccountId: c.odinAccountId, psaAccountId: 'A', psaAccountName: 'Acct' });
    expect(plan.at(-1)).toMatchObject({ psaServiceId: 'S', psaContractServiceId: 'CS' });
    expect(B.countChanges(rows, all, picks)).toMatchObject({ company: 1, subscription: c.subscriptions.length, resource: rows.length, needChoice: 0 });
    // A chosen account replaces the suggestion.
    picks.account.set(c.odinAccountId, { id: 'B', name: 'Other' });
    expect(B.planBulk(rows, all, 'set', picks).set[0]).toMatchObject({ psaAccountId: 'B' });
  });

  it('a suggested service follows its own contract only', () => {
    const cs = companies();
    const c = cs[0]!;
    c.link = { psaAccountId: 'A' };
    const s0 = c.subscriptions[0]!;
    const r0 = s0.resources[0]!;
    const sugg = M.indexSuggestions({ companies: [], resources: [{ odinSubscriptionId: s0.odinSubscriptionId, odinResourceId: r0.odinResourceId, name: '', psaServiceId: 'p', psaServiceName: 'P', psaContractId: 'K1', psaContractServiceId: null, score: 0.9 }] });
    const rows = B.relationRows([c], sugg, false);
    const row = rows.find((r) => r.odinResourceId === r0.odinResourceId)!;
    expect(B.resolveRow(row, B.noPicks())).toMatchObject({ contractId: 'K1', service: { id: 'p' } });
    const picks = B.noPicks();
    picks.contract.set(s0.odinSubscriptionId, { id: 'K2', name: 'Other' });
    expect(B.resolveRow(row, picks)).toMatchObject({ contractId: 'K2', service: null });
  });
});

describe('chart builders', () => {
  it('fills missing days with zero on a UTC day axis', () => {
    const [xs, counts, units] = adjustmentsSeries([
      { date: '2026-11-03', count: 2, units: 5 },
      { date: '2026-11-01', count: 1, units: -1 },
    ]);
    expect(xs).toEqual([Date.UTC(2026, 10, 1) / 1000, Date.UTC(2026, 10, 2) / 1000, Date.UTC(2026, 10, 3) / 1000]);
    expect(counts).toEqual([1, 0, 2]);
    expect(units).toEqual([-1, 0, 5]);
    expect(adjustmentsSeries([])).toEqual([[], [], []]);
    const month = adjustmentsSeries([{ date: '2026-11-20', count: 1, units: 7 }], '2026-11-24', 30);
    expect(month[0]).toHaveLength(30);
    expect(month[0]!.at(-1)).toBe(Date.UTC(2026, 10, 24) / 1000);
    expect(month[1]!.reduce((a, b) => a + b, 0)).toBe(1);
  });
  it('fits the range to the data, labels both axes, and shows days without clock times', () => {
    const thirty = Array.from({ length: 30 }, (_, i) => ({ date: new Date(Date.UTC(2026, 10, 4 + i)).toISOString().slice(0, 10), count: 0, units: 0 }));
    thirty[29] = { ...thirty[29]!, count: 4, units: 60 };
    const [xs] = adjustmentsSeries(thirty, '2026-12-03');
    expect(xs).toHaveLength(7); // not 29 days of zeros before one bar
    expect(xs.at(-1)).toBe(Date.UTC(2026, 11, 3) / 1000);
    const spec = buildAdjustmentsChart(thirty, '2026-12-03');
    const axes = spec.opts.axes!;
    expect(axes.map((a) => a.label)).toEqual(['Day (MM-DD)', 'Adjustments', 'Units changed']);
    const values = axes[0]!.values as (u: unknown, splits: number[]) => string[];
    expect(values(null, [Date.UTC(2026, 11, 2) / 1000, Date.UTC(2026, 11, 3) / 1000])).toEqual(['12-02', '12-03']);
    const dayValue = spec.opts.series[0]!.value as (u: unknown, v: number | null) => string;
    expect(dayValue(null, Date.UTC(2026, 11, 3) / 1000)).toBe('2026-12-03');
    expect((spec.opts.series[1]!.value as (u: unknown, v: number | null) => string)(null, null)).toBe('');
  });
  it('shows the biggest customers and folds the rest into Others', () => {
    const rows = Array.from({ length: 15 }, (_, i) => ({ odinAccountId: String(i), name: `C${i}`, licenses: i }));
    const top = topCustomers(rows, 12);
    expect(top[0]).toEqual({ name: 'C14', licenses: 14 });
    expect(top.at(-1)).toEqual({ name: 'Others (3)', licenses: 0 + 1 + 2 });
    const spec = buildLicensesChart(rows, 12);
    expect(spec.data[0]).toEqual([...Array(13).keys()]);
    expect(spec.data[1]).toEqual(top.map((t) => t.licenses));
    const values = spec.opts.axes![0]!.values as (u: unknown, s: number[]) => string[];
    expect(values(null, [0, 12])).toEqual(['C14', 'Others (3)']);
    expect(shortLabel('Hall Bros. Transportation Co, Inc.')).toBe('Hall Bros. Tr…');
  });
});

describe('licenses per customer reads at a glance', () => {
  it('draws horizontal bars, biggest on top, with whole customer names on the left and a labelled value axis', () => {
    const long = 'Hall Bros. Transportation Co, Inc.';
    const rows = [{ odinAccountId: '1', name: long, licenses: 40 }, { odinAccountId: '2', name: 'Acme', licenses: 7 }];
    const spec = buildLicensesChart(rows, 12);
    expect(spec.opts.scales!.x!.ori).toBe(1);
    expect(spec.opts.scales!.x!.dir).toBe(-1);
    const [names, values] = spec.opts.axes!;
    expect(names!.side).toBe(3);
    expect(names!.rotate ?? 0).toBe(0);
    const label = names!.values as (u: unknown, s: number[]) => string[];
    expect(label(null, [0, 1])).toEqual([long, 'Acme']);
    expect(values!.side).toBe(2);
    expect(values!.label).toBe('Licenses');
    expect(licensesChartHeight(2)).toBeLessThan(licensesChartHeight(13));
  });
});

describe('status pills', () => {
  it('say every status in words with a tone, Marketplace subscription statuses included', () => {
    expect(statusPill('posted')).toEqual({ label: 'Posted', tone: 'ok' });
    expect(statusPill('active')).toEqual({ label: 'Active', tone: 'ok' });
    expect(statusPill('hold')).toEqual({ label: 'On hold', tone: 'warn' });
    expect(statusPill('pending')).toEqual({ label: 'Pending', tone: 'warn' });
    expect(statusPill('terminated')).toEqual({ label: 'Terminated', tone: 'muted' });
    expect(statusPill('removed')).toEqual({ label: 'Removed', tone: 'muted' });
    // An unknown status still reads as a word, not a raw code.
    expect(statusPill('in_review')).toEqual({ label: 'In review', tone: 'muted' });
  });
});

describe('configuration and formats', () => {
  it('sends typed secrets only, so an empty box keeps the stored one', () => {
    expect(formBody('connectwise', { site: ' na.myconnectwise.net ', companyId: 'acme', clientId: '', publicKey: '', privateKey: 'pk' })).toEqual({
      site: 'na.myconnectwise.net',
      companyId: 'acme',
      clientId: '',
      privateKey: 'pk',
    });
    expect(formBody('autotask', { discoveryUrl: '', transport: 'rest', apiUser: '', secret: '' })).toEqual({ transport: 'rest' });
  });
  it('formats cells by column type', () => {
    expect(formatCell('money', 24)).toBe('24.00');
    expect(formatCell('number', 1234)).toBe('1,234');
    expect(formatCell('date', '2026-11-24T10:15:30Z')).toBe('2026-11-24 10:15');
    expect(formatCell('date', '2026-11-24')).toBe('2026-11-24');
    expect(formatCell('date', '2026-11-24T10:15:30Z', 'America/New_York')).toBe('2026-11-24 05:15');
    expect(formatCell('date', '2026-11-24', 'America/New_York')).toBe('2026-11-24');
    expect(formatCell('text', null)).toBe('');
    const now = new Date('2026-11-24T12:00:00Z');
    expect(relativeTime('2026-11-24T11:57:00Z', now)).toBe('3 min ago');
    expect(relativeTime('2026-11-24T14:00:00Z', now)).toBe('in 2 h');
    expect(relativeTime(null, now)).toBe('never');
  });
});
