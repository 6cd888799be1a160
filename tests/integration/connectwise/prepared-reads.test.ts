/**
 * One ConnectWise call per posted change in steady state (issue 16 item 3): the agreement and catalog reads a
 * post needs are remembered across cycles (each cycle builds its own client), and a write ConnectWise refuses
 * forgets them, so the next attempt reads afresh and refuses in our own words.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectWiseClient } from '../../../server/psa/connectwise/client.js';
import { clock, startSandbox, TODAY, type Running } from './harness.js';

let run: Running;
const target = { accountId: '250', contractId: '1000', serviceId: '100' };
const post = (adjustmentId: string) => ({ ...target, effectiveDate: TODAY, unitChange: 1, adjustmentId });
const cycle = () => new ConnectWiseClient({ ...run.conn, additionStyle: 'delta' }, { now: clock.now, sleep: async () => {}, timeoutMs: 5_000 });
const calls = () => run.log.map((e) => `${e.method} ${new URL(e.url, "http://x").pathname}`);

beforeEach(async () => {
  run = await startSandbox();
});
afterEach(async () => {
  await run.close();
});

describe('prepared reads across cycles', () => {
  it('a later cycle posts a change to the same agreement and product with the write alone', async () => {
    expect(await cycle().postAdjustment(post('p1'))).toMatchObject({ status: 'posted' });
    run.log.length = 0;
    expect(await cycle().postAdjustment(post('p2'))).toMatchObject({ status: 'posted' });
    // A new client asks companyinfo for the codebase once (per cycle, not per change); the change itself is one POST.
    expect(calls().filter((c) => !c.includes('/login/companyinfo/'))).toEqual([expect.stringMatching(/^POST .*\/finance\/agreements\/1000\/additions$/)]);
  });

  it('a write refused for what was remembered (agreement cancelled since) forgets it: the next attempt reads and refuses itself', async () => {
    expect(await cycle().postAdjustment(post('p1'))).toMatchObject({ status: 'posted' });
    run.sandbox.state.agreements.get(1000)!.cancelledFlag = true;
    expect(await cycle().postAdjustment(post('p2'))).toMatchObject({ status: 'failed' });
    run.log.length = 0;
    const again = await cycle().postAdjustment(post('p2'));
    expect(again).toMatchObject({ status: 'failed' });
    expect(calls().some((c) => c.endsWith('/finance/agreements/1000'))).toBe(true);
    expect(calls().some((c) => c.startsWith('POST'))).toBe(false);
  });
});
