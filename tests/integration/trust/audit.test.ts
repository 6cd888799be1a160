/**
 * The audit trail through the HTTP API (issue 14 item 6): linking, clearing (one and in bulk) and a
 * connection change are recorded with who, when, before and after; the trail is filterable, exportable
 * as CSV, and outlives the relation it names.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { AUTOTASK_TENANT, call, linkItems, pairs, world, type Json, type Pair } from '../e2e/world.js';

describe('audit trail', () => {
  const w = world(AUTOTASK_TENANT);
  let link: Pair;
  const trail = async (q: Record<string, string> = {}) => (await call(w.admin, 'GET', `/api/audit?${new URLSearchParams({ pageSize: '500', ...q })}`)).rows as Json[];

  it('records each relation set through the single-relation API, with before and after', async () => {
    link = (await pairs(w.admin, '1200000504', 'MCS Trucking Inc', [[0, 0]]))[0]!;
    const [resource, subscription, company] = linkItems([link]);
    await call(w.admin, 'PUT', `/api/mapping/companies/${company!.odinAccountId}`, { psaAccountId: company!.psaAccountId });
    await call(w.admin, 'PUT', `/api/mapping/subscriptions/${subscription!.odinSubscriptionId}`, { psaContractId: subscription!.psaContractId });
    const { level: _l, odinSubscriptionId, odinResourceId, ...body } = resource!;
    await call(w.admin, 'PUT', `/api/mapping/resources/${odinSubscriptionId}/${odinResourceId}`, body);
    // The same PUT again moves nothing and records nothing.
    await call(w.admin, 'PUT', `/api/mapping/companies/${company!.odinAccountId}`, { psaAccountId: company!.psaAccountId });
    // One clock instant for all three (the test clock stands still): compare as a set.
    const rows = await trail({ sort: 'subjectType' });
    expect(rows.map((r) => [r.action, r.subjectType, r.subject])).toEqual([
      ['link', 'company', link.res.odinAccountId],
      ['link', 'resource', `${odinSubscriptionId}/${odinResourceId}`],
      ['link', 'subscription', link.res.odinSubscriptionId],
    ]);
    expect(rows.every((r) => r.actor === AUTOTASK_TENANT.admin && r.before === null)).toBe(true);
    expect(JSON.parse(rows[1]!.after)).toMatchObject({ psaServiceId: link.cs.serviceId, decreasePolicy: 'next_period' });
  });

  it('records a change of policy on a relation as before -> after', async () => {
    w.p.clock.advance(1000);
    const { odinSubscriptionId, odinResourceId } = link.res;
    await call(w.admin, 'PUT', `/api/mapping/resources/${odinSubscriptionId}/${odinResourceId}`, { psaServiceId: link.cs.serviceId, psaContractServiceId: link.cs.contractServiceId, decreasePolicy: 'immediate' });
    const [last] = await trail({ 'filter.subjectType': 'resource' });
    expect(JSON.parse(last!.before).decreasePolicy).toBe('next_period');
    expect(JSON.parse(last!.after).decreasePolicy).toBe('immediate');
  });

  it('records clears (bulk too) and keeps the history once the relation is gone', async () => {
    w.p.clock.advance(1000);
    await call(w.admin, 'POST', '/api/mapping/bulk', { clear: [{ level: 'company', odinAccountId: link.res.odinAccountId }] });
    const clears = await trail({ 'filter.action': 'clear' });
    expect(clears).toEqual([expect.objectContaining({ subjectType: 'company', subject: link.res.odinAccountId, after: null, note: 'Manage Relations' })]);
    expect(JSON.parse(clears[0]!.before)).toMatchObject({ psaAccountId: link.accountId });
    // The resource relation went with its company; its trail did not.
    const resourceRows = await trail({ 'filter.subject': `${link.res.odinSubscriptionId}/${link.res.odinResourceId}` });
    expect(resourceRows).toHaveLength(2);
  });

  it('records a connection change without any secret value', async () => {
    const before = await call(w.admin, 'GET', '/api/connections/marketplace');
    await call(w.admin, 'PUT', '/api/connections/marketplace', { ...before.settings, password: 'a-new-secret-value' });
    const [row] = await trail({ 'filter.action': 'connection' });
    expect(row).toMatchObject({ subjectType: 'connection', subject: 'marketplace', note: 'secrets replaced: password' });
    expect(JSON.stringify(row)).not.toContain('a-new-secret-value');
  });

  it('filters by who and by date, and exports exactly the filtered rows as CSV', async () => {
    expect(await trail({ 'filter.actor': 'nobody@' })).toEqual([]);
    const today = w.p.clock.now().toISOString().slice(0, 10);
    const all = await trail({ from: today, to: today });
    expect(all.length).toBe(6);
    const res = await w.admin.request('GET', '/api/audit?format=csv&filter.action=link');
    expect(res.status).toBe(200);
    const records = parse(await res.text(), { bom: true }) as string[][];
    expect(records[0]).toEqual(['When', 'Who', 'Action', 'Object', 'Ids', 'Before', 'After', 'Note']);
    expect(records.slice(1).map((r) => r[2])).toEqual(['link', 'link', 'link', 'link']);
  });

  it('answers 422 for an unknown filter column and 401 without a session', async () => {
    const bad = await w.admin.request('GET', '/api/audit?filter.secret=x');
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.code).toBe('validation_failed');
    const anon = await w.p.app.request('/api/audit');
    expect(anon.status).toBe(401);
  });
});
