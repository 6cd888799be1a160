import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../../server/db/open-node.js';
import { createAutotaskClient } from '../../../server/psa/autotask/client.js';
import { clearMappingLists, getAccounts, getContracts, getServices, type ListDeps } from '../../../server/psa/mapping-lists.js';
import { startSandbox } from './serve.js';

type Started = Awaited<ReturnType<typeof startSandbox>>;

describe('mapping lists cached per tenant in psa_cache', () => {
  let s: Started;
  let deps: ListDeps;
  let now = new Date('2026-11-24T12:00:00Z');
  beforeAll(async () => {
    s = await startSandbox();
    deps = { store: openSqlite(':memory:').store, clock: { now: () => now } };
  });
  afterAll(async () => s?.close());

  it('reads the PSA once, then serves the screen from the cache', async () => {
    const client = createAutotaskClient(s.conn, { clock: s.clock });
    const accounts = await getAccounts(deps, 't1', client);
    expect(accounts).toMatchObject({ fromCache: false });
    expect(accounts.items).toHaveLength(10);
    const contracts = await getContracts(deps, 't1', client, accounts.items[0]!.id);
    expect(contracts.items.map((c) => c.expired)).toEqual([false, true]);
    const services = await getServices(deps, 't1', client, contracts.items.map((c) => c.id));
    expect(services.items.map((x) => x.name)).toContain('M365 Business Basic');
    const spent = s.sandbox.stats.requests;

    const again = createAutotaskClient(s.conn, { clock: s.clock });
    expect(await getAccounts(deps, 't1', again)).toMatchObject({ fromCache: true, items: accounts.items, fetchedAt: accounts.fetchedAt });
    expect((await getContracts(deps, 't1', again, accounts.items[0]!.id)).items).toEqual(contracts.items);
    expect((await getServices(deps, 't1', again, contracts.items.map((c) => c.id))).items).toEqual(services.items);
    expect(s.sandbox.stats.requests).toBe(spent);
  });

  it('reads only the contracts missing from the cache, and another tenant has its own cache', async () => {
    const client = createAutotaskClient(s.conn, { clock: s.clock });
    const all = (await getContracts(deps, 't1', client, null)).items;
    s.sandbox.controls.resetStats();
    const listed = await getServices(deps, 't1', client, all.map((c) => c.id));
    expect(listed.fromCache).toBe(false);
    expect(s.sandbox.stats.byRoute['POST v1.0/contractservices/query']).toBe(1);
    expect((await getAccounts(deps, 't2', client)).fromCache).toBe(false);
  });

  it('refresh reads again and marks contracts expired by today\'s date', async () => {
    const client = createAutotaskClient(s.conn, { clock: s.clock });
    // The demo contract runs to its customer's last Marketplace renewal (the cache still says so after an extension).
    const end = s.sandbox.state.contracts.find((c) => c.id === 29747601)!.endDate.slice(0, 10);
    expect(end < '2027-12-31').toBe(true);
    s.sandbox.controls.extendContract(29747601, '2027-12-31');
    const cached = await getContracts(deps, 't1', client, '29683501');
    expect(cached.items[0]!.endDate).toBe(end);
    now = new Date(Date.parse(`${end}T00:00:00Z`) + 2 * 86_400_000);
    expect((await getContracts(deps, 't1', client, '29683501')).items[0]!.expired).toBe(true);
    const fresh = await getContracts(deps, 't1', client, '29683501', { refresh: true });
    expect(fresh).toMatchObject({ fromCache: false });
    expect(fresh.items[0]).toMatchObject({ endDate: '2027-12-31', expired: false });
    await clearMappingLists(deps, 't1', 'autotask');
    expect((await getAccounts(deps, 't1', client)).fromCache).toBe(false);
  });
});
