/** The fake's mapping routes (docs/api.md "Mapping"): links, the one-time reconciliation, bulk, suggestions. */
import { Fail, findAccount, findContract, findSub } from './world.js';
import type { Context, Hono } from 'hono';
import type { FAdjustment, World } from './world.js';

export function registerMapping(app: Hono, world: World, auth: (c: Context, w?: boolean) => string, body: (c: Context) => Promise<Record<string, any>>, today: string) {
  let adj = 0;
  app.get('/api/mapping', (c) => {
    auth(c);
    const q = new URL(c.req.url).searchParams;
    const search = (q.get('search') ?? '').toLowerCase();
    let list = world.companies;
    if (search) list = list.filter((co) => co.name.toLowerCase().includes(search) || co.subscriptions.some((s) => s.name.toLowerCase().includes(search)));
    if (q.get('hideCompleted') === '1') list = list.filter((co) => !(co.link && co.subscriptions.every((s) => s.link && s.resources.every((r) => r.link))));
    const page = Math.max(1, Number(q.get('page')) || 1);
    const pageSize = Number(q.get('pageSize')) || 50;
    const companies = list.slice((page - 1) * pageSize, page * pageSize).map(({ psaName: _p, ...co }) => co);
    return c.json({ psaKind: 'autotask', total: list.length, page, pageSize, companies });
  });
  app.put('/api/mapping/companies/:id', async (c) => {
    auth(c, true);
    const co = world.companies.find((x) => x.odinAccountId === c.req.param('id'));
    const b = await body(c);
    const acct = findAccount(world, b.psaAccountId);
    if (!co || !acct) throw new Fail(404, 'not_found', 'Company or PSA account not found');
    co.link = { psaAccountId: acct.id, psaAccountName: acct.name };
    return c.json({ link: co.link });
  });
  app.put('/api/mapping/subscriptions/:id', async (c) => {
    auth(c, true);
    const f = findSub(world, c.req.param('id'));
    if (!f) throw new Fail(404, 'not_found', 'Subscription not found');
    if (!f.company.link) throw new Fail(409, 'conflict', 'Link the company before its subscriptions');
    const k = findContract(world, (await body(c)).psaContractId);
    if (!k) throw new Fail(404, 'not_found', 'Contract not found');
    f.sub.link = { psaContractId: k.id, psaContractName: k.name };
    return c.json({ link: f.sub.link });
  });
  const linkResource = (subId: string, resId: string, b: Record<string, any>) => {
    const f = findSub(world, subId);
    const r = f?.sub.resources.find((x) => x.odinResourceId === resId);
    if (!f || !r) throw new Fail(404, 'not_found', 'Resource not found');
    if (!f.sub.link) throw new Fail(409, 'conflict', 'Link the subscription before its resources');
    const k = findContract(world, f.sub.link.psaContractId)!;
    const svc = k.services.find((s) => s.serviceId === b.psaServiceId);
    if (!svc) throw new Fail(404, 'not_found', 'Service not on this contract');
    r.link = { psaServiceId: svc.serviceId, psaContractServiceId: svc.contractServiceId, psaServiceName: svc.name, linkedAt: today };
    const unitChange = r.count - svc.units;
    if (unitChange === 0) return { link: r.link, reconciliation: { status: 'none', unitChange: 0, adjustmentId: null } };
    const failed = world.failPosts;
    const a: FAdjustment = {
      id: `adj-${++adj}`, date: today, effectiveDate: today, odinAccountId: f.company.odinAccountId, companyName: f.company.name,
      odinSubscriptionId: subId, subscriptionName: f.sub.name, odinResourceId: resId, resourceName: r.name,
      psaAccountId: f.company.link!.psaAccountId, psaAccountName: f.company.link!.psaAccountName, psaContractId: k.id, psaContractName: k.name,
      psaServiceId: svc.serviceId, psaServiceName: svc.name, unitChange, estimatedAmount: Math.round(unitChange * svc.unitPrice * 100) / 100,
      status: failed ? 'failed' : 'posted', lastError: failed, attempts: failed ? 1 : 0, nextAttemptAt: failed ? new Date(Date.now() + 120_000).toISOString() : null,
    };
    world.adjustments.push(a);
    if (!failed) svc.units = r.count;
    return { link: r.link, reconciliation: { status: a.status, unitChange, adjustmentId: a.id, message: failed ?? undefined } };
  };
  app.put('/api/mapping/resources/:sub/:res', async (c) => {
    auth(c, true);
    return c.json(linkResource(c.req.param('sub'), c.req.param('res'), await body(c)));
  });
  const clear = (level: string, ids: Record<string, string>) => {
    if (level === 'company') {
      const co = world.companies.find((x) => x.odinAccountId === ids.odinAccountId);
      if (!co) throw new Fail(404, 'not_found', 'Company not found');
      co.link = null;
      for (const s of co.subscriptions) {
        s.link = null;
        for (const r of s.resources) r.link = null;
      }
    } else {
      const f = findSub(world, ids.odinSubscriptionId!);
      if (!f) throw new Fail(404, 'not_found', 'Subscription not found');
      if (level === 'subscription') {
        f.sub.link = null;
        for (const r of f.sub.resources) r.link = null;
      } else {
        const r = f.sub.resources.find((x) => x.odinResourceId === ids.odinResourceId);
        if (!r) throw new Fail(404, 'not_found', 'Resource not found');
        r.link = null;
      }
    }
  };
  app.delete('/api/mapping/companies/:id', (c) => (auth(c, true), clear('company', { odinAccountId: c.req.param('id') }), c.body(null, 204)));
  app.delete('/api/mapping/subscriptions/:id', (c) => (auth(c, true), clear('subscription', { odinSubscriptionId: c.req.param('id') }), c.body(null, 204)));
  app.delete('/api/mapping/resources/:sub/:res', (c) => (auth(c, true), clear('resource', { odinSubscriptionId: c.req.param('sub'), odinResourceId: c.req.param('res') }), c.body(null, 204)));
  app.post('/api/mapping/bulk', async (c) => {
    auth(c, true);
    const b = await body(c);
    const results: unknown[] = [];
    let changed = 0;
    for (const item of (b.set ?? []) as Record<string, any>[]) {
      const ids = item.level === 'company' ? { odinAccountId: item.odinAccountId } : item.level === 'subscription' ? { odinSubscriptionId: item.odinSubscriptionId } : { odinSubscriptionId: item.odinSubscriptionId, odinResourceId: item.odinResourceId };
      try {
        if (item.level === 'company') {
          const co = world.companies.find((x) => x.odinAccountId === item.odinAccountId);
          const acct = findAccount(world, item.psaAccountId);
          if (!co || !acct) throw new Fail(404, 'not_found', 'Company or PSA account not found');
          co.link = { psaAccountId: acct.id, psaAccountName: acct.name };
        } else if (item.level === 'subscription') {
          const f = findSub(world, item.odinSubscriptionId);
          const k = findContract(world, item.psaContractId);
          if (!f || !k) throw new Fail(404, 'not_found', 'Subscription or contract not found');
          if (!f.company.link) throw new Fail(409, 'conflict', 'Link the company before its subscriptions');
          f.sub.link = { psaContractId: k.id, psaContractName: k.name };
        } else linkResource(item.odinSubscriptionId, item.odinResourceId, item);
        changed++;
        results.push({ ok: true, level: item.level, ids });
      } catch (e) {
        results.push({ ok: false, level: item.level, ids, error: (e as Error).message });
      }
    }
    for (const item of (b.clear ?? []) as Record<string, any>[]) {
      const { level, ...ids } = item;
      try {
        clear(level, ids);
        changed++;
        results.push({ ok: true, level, ids });
      } catch (e) {
        results.push({ ok: false, level, ids, error: (e as Error).message });
      }
    }
    return c.json({ results, changed });
  });
  app.get('/api/mapping/suggestions', (c) => {
    auth(c);
    const companies = [];
    const resources = [];
    for (const co of world.companies) {
      const acct = co.psaName ? world.accounts.find((a) => a.name === co.psaName) : undefined;
      if (!co.link && acct) companies.push({ odinAccountId: co.odinAccountId, name: co.name, psaAccountId: acct.id, psaAccountName: acct.name, score: co.psaName === co.name ? 1 : 0.82 });
      for (const s of co.subscriptions) {
        if (!s.link) continue;
        const k = findContract(world, s.link.psaContractId);
        for (const r of s.resources) {
          const svc = !r.link && k?.services.find((x) => x.units > 0);
          if (svc) resources.push({ odinSubscriptionId: s.odinSubscriptionId, odinResourceId: r.odinResourceId, name: r.name, psaServiceId: svc.serviceId, psaServiceName: svc.name, score: 0.9 });
        }
      }
    }
    return c.json({ companies, resources });
  });
}
