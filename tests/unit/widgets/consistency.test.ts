// @vitest-environment happy-dom
/**
 * One look across every screen (issue 13 §8): each report and screen is rendered with fixture data (the
 * trust screens with the server's own column lists) and, once more, empty; every one must pass the same
 * rules, so a new screen that breaks them fails here:
 * - column headers carry their key and the vocabulary's name (server/domain/columns.ts), never a retired word;
 * - a status shows as the one pill component, never as raw status text;
 * - numbers sit in right-aligned cells with tabular figures;
 * - dates read YYYY-MM-DD (and HH:MM), never 12/03/2026, an ISO instant or "12:00am";
 * - an empty table says what to do next with a link or a button;
 * - no control shows twice (same name, same place to go).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient, type FetchLike } from '../../../widgets/api.js';
import { REPORTS } from '../../../widgets/shell/routes.js';
import { reviewQueueReport } from '../../../server/review/queue.js';
import { PREVIEW_COLUMNS } from '../../../server/review/preview.js';
import { MARGIN_COLUMNS } from '../../../server/margins/read.js';
import { auditReport } from '../../../server/audit/report.js';
import { RETIRED_WORDS, wordFor } from '../../../server/domain/columns.js';
import { createFakeApi, FAKE_ADMIN } from '../../browser/fake-api/app.js';
import { goTo, renderApp, setupScratch, teardown, text, waitFor } from './helpers.js';
import type { ReportColumn } from '../../../server/domain/report-query.js';
import type { FAdjustment } from '../../browser/fake-api/world.js';

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function adjustment(id: string, status: FAdjustment['status'], extra: Partial<FAdjustment> = {}): FAdjustment {
  return {
    id, date: '2026-11-20T09:15:00.000Z', effectiveDate: '2026-11-20', odinAccountId: '1200000500', companyName: 'Repair and Wear', odinSubscriptionId: '1000845',
    subscriptionName: 'Exchange Online (Plan 1)', odinResourceId: '100234', resourceName: 'Exchange Online (Plan 1)', psaAccountId: '29683000',
    psaAccountName: 'Repair and Wear LLC', psaContractId: '29747601', psaContractName: '2018 Cloud Services', psaServiceId: '31', psaServiceName: 'Exchange Online',
    unitChange: 7, fromCount: 1, toCount: 8, dateReason: 'Increase: from the day it was seen', estimatedAmount: 1234.5, status, lastError: null, attempts: 1, nextAttemptAt: null,
    ...extra,
  };
}

const held = (id: string, resourceName: string, from: number, to: number) => ({
  id, companyName: 'Venture Logistics', subscriptionName: 'Microsoft 365', resourceName, psaContractName: 'Cloud Services', fromCount: from, toCount: to,
  unitChange: to - from, effectiveDate: '2026-12-03', why: 'Above the 5 units threshold', heldUntil: null, estimatedAmount: 12.5, monthlyChange: 30,
  psaServiceName: 'E3', odinAccountId: '1', odinSubscriptionId: '2', odinResourceId: '3', psaAccountName: 'Venture', psaAccountId: '4', psaContractId: '5', psaServiceId: '6',
});

const POD = {
  contract: { psaContractId: 'C1', name: 'Venture Logistics - Cloud', subscriptions: [] },
  resources: [{ odinSubscriptionId: 'S1', subscriptionName: 'Office', odinResourceId: 'R1', name: 'Office 365 E3', marketplaceCount: 8, marketplacePrice: 22, psaServiceName: 'O365', psaUnits: 5, psaPrice: 22 }],
  adjustments: [
    { id: 'A0', resourceName: 'Office 365 E3', unitChange: -2, effectiveDate: '2026-03-01', estimatedAmount: -40, status: 'posted' },
    { id: 'A1', resourceName: 'Office 365 E3', unitChange: 3, effectiveDate: '2026-03-15', estimatedAmount: 36.19, status: 'failed' },
  ],
  failures: [{ id: 'A1', resourceName: 'Office 365 E3', unitChange: 3, effectiveDate: '2026-03-15', estimatedAmount: 36.19, status: 'failed', lastError: 'EffectiveDate must be between the start date and end date', attempts: 2, nextAttemptAt: null }],
  drift: [{ id: 'D1', resourceName: 'Office 365 E3', ledgerUnits: 5, psaUnits: 6, marketplaceCount: 8, foundAt: '2026-03-16T10:00:00.000Z' }],
};

/** Audit entries as the server stores them: states as JSON text, subjects as ids. */
const AUDIT = [
  { id: 'e1', at: '2026-12-03T09:15:00.000Z', actor: 'admin@northwind.example', action: 'link', subjectType: 'company', subject: '1200000500', before: null, after: '{"psaKind":"autotask","psaAccountId":"29683000","psaAccountName":"Repair and Wear LLC"}', note: null },
  { id: 'e2', at: '2026-12-03T10:00:00.000Z', actor: 'admin@northwind.example', action: 'dismiss', subjectType: 'adjustment', subject: 'a1', before: '{"status":"held","toCount":40}', after: '{"status":"dismissed"}', note: 'Order cancelled' },
];

const DRIFT = [{ id: 'D1', odinSubscriptionId: '1000845', odinResourceId: '100234', resourceName: 'Exchange Online (Plan 1)', ledgerUnits: 5, psaUnits: 6, marketplaceCount: 8, foundAt: '2026-11-21T10:00:00.000Z' }];

/** The product's fake server, with the trust routes, the pod and drift answered from fixtures (filled or empty). */
async function session(filled: boolean) {
  const fake = createFakeApi({ companies: filled ? undefined : 0 });
  if (filled) {
    fake.world.adjustments.push(
      adjustment('a1', 'posted'),
      adjustment('a2', 'failed', { lastError: 'Invalid credentials', lastErrorKind: 'auth', errorCause: 'The PSA refused our sign-in', attempts: 3, nextAttemptAt: '2099-11-24T10:15:00.000Z' }),
      adjustment('a3', 'failed', { resourceName: 'Office 365 E3', lastError: 'EffectiveDate must be between the start date and end date', lastErrorKind: 'rule', attempts: 1, nextAttemptAt: '2026-01-01T00:00:00.000Z' }),
    );
  }
  const scope = { tenantId: 't1', psaKind: 'autotask' as const, context: 'autotask' as const, timeZone: 'UTC' };
  const rows = filled ? [held('h1', 'Microsoft 365 E3', 10, 40), held('h2', 'Exchange Online', 5, 3)] : [];
  const fetch: FetchLike = async (input, init = {}) => {
    if (input.startsWith('/api/review?')) return json({ columns: reviewQueueReport.columns(scope as never), rows, total: rows.length, page: 1, pageSize: 500 });
    if (input === '/api/preview')
      return json({ today: '2026-12-03', columns: PREVIEW_COLUMNS, rows: rows.map((r, i) => ({ ...r, outcome: i ? 'held' : 'post' })), totals: { toPost: 1, held: 1, reconciliations: 0, estimatedAmount: 12.5, monthlyChange: 30 } });
    if (input.startsWith('/api/margins'))
      return json({
        columns: MARGIN_COLUMNS,
        rows: filled ? [{ companyName: 'Venture Logistics', resourceName: 'E3', count: 12, unitCost: 20, unitPrice: 18, monthlyCost: 240, monthlyRevenue: 216, monthlyMargin: -24, marginPercent: -11.1, belowCost: true, warning: 'PSA price below cost' }] : [],
        totals: { monthlyCost: 240, monthlyRevenue: 216, monthlyMargin: -24, belowCost: filled ? 1 : 0, unknown: 0 }, period: { start: '2026-12-01', end: '2026-12-31' }, adjustmentsThisPeriod: 25,
      });
    if (input.startsWith('/api/pod/contracts/')) return json(filled ? POD : { ...POD, resources: [], adjustments: [], failures: [], drift: [] });
    if (input === '/api/drift') return json({ items: filled ? DRIFT : [], lastCheck: null });
    if (input.startsWith('/api/audit')) return json({ columns: auditReport.columns(scope as never), rows: filled ? AUDIT : [], total: filled ? AUDIT.length : 0, page: 1, pageSize: 50 });
    return fake.fetch(input, init);
  };
  const api = new ApiClient(fetch);
  await api.login(FAKE_ADMIN.email, FAKE_ADMIN.password);
  return { fake, api, me: await api.me(), calls: [] };
}

const RAW_STATUS = /^(posted|planned|posting|unknown|failed|superseded|cancelled|held|sync_failed|active|hold|pending|terminated|removed|post|retry|settle|waits|reconcile|in step|not reconciled yet)$/;
const STATUS_KEYS = new Set(['status', 'subscriptionStatus', 'outcome', 'state']);
const NUMBER = /^[+\-−]?\s?[$€£]?\s?\d[\d,.\s]*\s?[€$£%]?$/;
const FOREIGN_DATES = [/\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/, /\d{4}-\d{2}-\d{2}T\d/, /\b\d{1,2}:\d{2}\s?(am|pm)\b/i, /\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}\b/];

/** Column headers: the key, and the label as the user reads it (without sort marks or hidden text). */
function headers(root: Element) {
  return [...root.querySelectorAll('table thead tr:first-child th')]
    .filter((th) => !th.classList.contains('col-select') && !th.classList.contains('col-actions') && text(th).length > 0 && !th.querySelector('.sr-only:only-child'))
    .map((th) => ({ th, key: th.getAttribute('data-key'), label: text(th) }));
}

function nameOf(el: Element): string {
  return el.getAttribute('aria-label') ?? text(el);
}

/** Every rule, for one rendered screen; returns what breaks them, so a failure names all at once. */
function problems(screen: string, root: Element): string[] {
  const out: string[] = [];
  for (const h of headers(root)) {
    if (!h.key) out.push(`${screen}: header "${h.label}" has no column key`);
    else {
      const word = wordFor(h.key, 'autotask');
      if (word && word !== h.label) out.push(`${screen}: ${h.key} reads "${h.label}", the vocabulary says "${word}"`);
    }
    if (RETIRED_WORDS.includes(h.label)) out.push(`${screen}: header "${h.label}" is a retired word`);
  }
  for (const td of root.querySelectorAll('td, th[scope="row"]')) {
    const key = td.getAttribute('data-key');
    const t = text(td);
    if (key && STATUS_KEYS.has(key) && t && !td.querySelector('.pill')) out.push(`${screen}: ${key} "${t}" is not a status pill`);
    if (t && NUMBER.test(t) && !/\bcol-(number|money|id)\b/.test(td.className)) out.push(`${screen}: number "${t}" in a cell not right-aligned (${td.className || 'no class'})`);
  }
  const walker = root.ownerDocument.createTreeWalker(root, 4 /* text */);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = (n.textContent ?? '').trim();
    if (RAW_STATUS.test(t)) out.push(`${screen}: raw status text "${t}"`);
    for (const re of FOREIGN_DATES) if (re.test(t)) out.push(`${screen}: date not YYYY-MM-DD in "${t}"`);
  }
  for (const e of root.querySelectorAll('.empty')) if (!e.querySelector('a[href], button')) out.push(`${screen}: empty state "${text(e)}" offers nothing to do next`);
  const seen = new Map<string, number>();
  for (const c of root.querySelectorAll('button, a[href]')) {
    // The sidebar and the breadcrumbs are way-finding, not controls of the screen: a link there may repeat one below.
    if (c.closest('nav[aria-label="Breadcrumb"], nav#sidebar')) continue;
    const id = `${c.tagName === 'A' ? `link ${c.getAttribute('href')}` : 'button'} "${nameOf(c)}"`;
    seen.set(id, (seen.get(id) ?? 0) + 1);
  }
  for (const [id, n] of seen) if (n > 1) out.push(`${screen}: ${id} shows ${n} times`);
  return out;
}

type Shot = { screen: string; path: string; ready: (root: Element) => boolean };

const tableReady = (root: Element) => !!root.querySelector('table tbody tr') && !root.querySelector('.loading');
const SCREENS: Shot[] = [
  ...REPORTS.map((r) => ({ screen: r.label, path: `/reports/${r.name}?context=autotask`, ready: tableReady })),
  { screen: 'Review queue', path: '/billing/review', ready: tableReady },
  { screen: 'Next cycle preview', path: '/billing/preview', ready: tableReady },
  { screen: 'Margins', path: '/billing/margins', ready: tableReady },
  { screen: 'Audit trail', path: '/billing/audit', ready: tableReady },
  { screen: 'Home', path: '/', ready: (r) => !!r.querySelector('.tiles') && !!r.querySelector('#drift-summary') },
  { screen: 'Pod', path: '/pod/contract/C1', ready: (r) => !!r.querySelector('#pod-linked') },
  { screen: 'Mapping', path: '/billing', ready: (r) => !!r.querySelector('h1') && !r.querySelector('.loading') },
  { screen: 'Manage Relations', path: '/billing/relations', ready: (r) => !!r.querySelector('table tbody tr') && !/Loading/.test(text(r.querySelector('tbody'))) },
  { screen: 'Configuration', path: '/configuration/autotask', ready: (r) => !!r.querySelector('form') },
];

describe('one look across every screen (issue 13 §8)', () => {
  let scratch: HTMLElement;
  beforeEach(() => {
    scratch = setupScratch();
  });
  afterEach(() => teardown(scratch));

  for (const filled of [true, false]) {
    for (const shot of SCREENS) {
      it(`${shot.screen} ${filled ? 'with rows' : 'empty'}: vocabulary, pills, aligned numbers, one date format, empty state, no control twice`, async () => {
        const s = await session(filled);
        goTo(shot.path);
        // The whole app at that URL (header, sidebar and screen): a control the header repeats counts too.
        await renderApp(scratch, s.api);
        await waitFor(() => expect(shot.ready(scratch)).toBe(true), 20_000);
        expect(problems(shot.screen, scratch)).toEqual([]);
      });
    }
  }

  it('numbers are right-aligned with tabular figures by one rule', () => {
    const css = fs.readFileSync(path.resolve(__dirname, '../../../widgets/styles.css'), 'utf8');
    const rule = /\.col-number,\s*\.col-money\s*\{([^}]*)\}/.exec(css)?.[1] ?? '';
    expect(rule).toMatch(/text-align:\s*right/);
    expect(rule).toMatch(/font-variant-numeric:\s*tabular-nums/);
    // Home's tiles and the trust screens' totals are figures too: digits of one width, so they line up.
    for (const sel of ['.tile-value', '.totals dd']) expect(new RegExp(`${sel.replace('.', '\\.')} \\{[^}]*tabular-nums`).test(css), sel).toBe(true);
  });

  it('the audit trail and the trust reports speak the vocabulary in their own column lists too', () => {
    const scope = { tenantId: 't1', psaKind: 'connectwise', context: 'connectwise', timeZone: 'UTC' } as never;
    const lists: [string, ReportColumn[]][] = [
      ['audit', auditReport.columns(scope)], ['review', reviewQueueReport.columns(scope)], ['preview', PREVIEW_COLUMNS], ['margins', MARGIN_COLUMNS],
    ];
    for (const [name, cols] of lists) {
      for (const c of cols) {
        const word = wordFor(c.key, 'connectwise');
        if (word && !['preview'].includes(name)) expect(`${name}.${c.key}: ${c.label}`).toBe(`${name}.${c.key}: ${word}`);
        expect(RETIRED_WORDS, `${name}.${c.key}`).not.toContain(c.label);
      }
    }
  });
});
