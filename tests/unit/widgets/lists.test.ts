import { describe, expect, it } from 'vitest';
import { ApiClient } from '../../../widgets/api.js';
import { PsaLists, visibleContracts } from '../../../widgets/mapping/lists.js';
import type { PsaContract } from '../../../widgets/types.js';

describe('PSA dropdown lists', () => {
  it('asks once per key, at most four at a time, and tells the screen when each arrives', async () => {
    // The test answers each request itself, so nothing depends on how fast a loaded machine runs.
    const requests: { url: string; answer: () => void }[] = [];
    let requested: (() => void) | null = null;
    const nextRequest = async () => {
      while (!requests.length) await new Promise<void>((r) => (requested = r));
      return requests.shift()!;
    };
    let inFlight = 0;
    let peak = 0;
    const asked: string[] = [];
    const api = new ApiClient(async (url) => {
      asked.push(url);
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise<void>((answer) => {
        requests.push({ url, answer });
        requested?.();
      });
      inFlight--;
      return new Response(JSON.stringify({ items: [{ id: url }], fetchedAt: '' }), { status: 200 });
    });
    let changes = 0;
    let allArrived!: () => void;
    const arrived = new Promise<void>((r) => (allArrived = r));
    const lists = new PsaLists(api, () => ++changes === 10 && allArrived());
    for (let i = 0; i < 10; i++) lists.getContracts(`a${i}`);
    lists.getContracts('a0');
    expect(lists.getContracts('a9').loading).toBe(true);
    const first = [await nextRequest(), await nextRequest(), await nextRequest(), await nextRequest()];
    await new Promise((r) => setImmediate(r)); // one turn of the event loop: a fifth request would have started
    expect(asked).toHaveLength(4);
    for (const r of first) r.answer();
    for (let i = 4; i < 10; i++) (await nextRequest()).answer();
    await arrived;
    expect(asked).toHaveLength(10);
    expect(new Set(asked).size).toBe(10);
    expect(peak).toBe(4);
    expect(changes).toBe(10);
    expect(lists.getContracts('a3').items).toEqual([{ id: '/api/psa/contracts?accountId=a3' }]);
    lists.refresh();
    lists.getContracts('a3');
    expect(asked).toHaveLength(11);
  });

  it('keeps a failed list as an error to show, not an endless spinner', async () => {
    const api = new ApiClient(async () => new Response(JSON.stringify({ error: { code: 'upstream_failed', message: 'autotask: 401 Unauthorized' } }), { status: 502 }));
    let changed!: () => void;
    const arrived = new Promise<void>((r) => (changed = r));
    const lists = new PsaLists(api, () => changed());
    lists.getAccounts();
    await arrived;
    expect(lists.getAccounts()).toMatchObject({ loading: false, items: null });
    expect(lists.getAccounts().error?.message).toBe('autotask: 401 Unauthorized');
  });

  it('hides expired and cancelled contracts unless asked', () => {
    const k = (id: string, expired: boolean, cancelled = false): PsaContract => ({ id, accountId: 'a', name: id, startDate: null, endDate: null, expired, cancelled, prorate: true, billingCycle: null });
    const all = [k('live', false), k('old', true), k('gone', false, true)];
    expect(visibleContracts(all, false).map((c) => c.id)).toEqual(['live']);
    expect(visibleContracts(all, true)).toHaveLength(3);
  });
});
