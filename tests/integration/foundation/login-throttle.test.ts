/**
 * Login throttling under parallel requests and against a stranger: every attempt is counted atomically
 * before the password is checked, the lock is per address-and-account (a stranger cannot lock the owner
 * out), an address is locked across accounts, and the account as a whole only slows down.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.js';
import { ACCOUNT_RULE, ADDRESS_RULE, PAIR_RULE } from '../../../server/auth/throttle.js';
import { createTestServices } from '../../helpers/services.js';
import { PASSWORD, seedTwoTenants } from '../../helpers/tenants.js';

async function setup() {
  const ctx = await createTestServices();
  await seedTwoTenants(ctx.services);
  return { ...ctx, app: createApp(ctx.services) };
}
const login = (email: string, password: string, address = '127.0.0.1') => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-test-address': address },
  body: JSON.stringify({ email, password }),
});

describe('login throttling', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    s = await setup();
  });

  it('counts 150 parallel wrong logins from one address: 429s, and the right password at the end does not get through', async () => {
    const tries = Array.from({ length: 150 }, (_, i) => (i === 149 ? PASSWORD : `wrong-${i}`));
    const answers = await Promise.all(tries.map((p) => s.app.request('/api/auth/login', login('admin@a.example', p, '198.51.100.7'))));
    const statuses = answers.map((r) => r.status);
    const count = (st: number) => statuses.filter((x) => x === st).length;
    console.log(`[throttle] 150 parallel: ${count(401)} x 401, ${count(429)} x 429, ${count(200)} x 200`);
    expect(count(401)).toBeLessThanOrEqual(PAIR_RULE.maxFailures);
    expect(count(429)).toBeGreaterThanOrEqual(150 - PAIR_RULE.maxFailures);
    expect(count(200)).toBe(0);
    expect(statuses[149]).toBe(429);
  });

  it('a stranger failing from another address does not lock the owner out', async () => {
    for (let i = 0; i < ADDRESS_RULE.maxFailures + 5; i++) await s.app.request('/api/auth/login', login('admin@a.example', 'guess', '203.0.113.66'));
    expect((await s.app.request('/api/auth/login', login('admin@a.example', PASSWORD, '203.0.113.66'))).status).toBe(429);
    expect((await s.app.request('/api/auth/login', login('admin@a.example', PASSWORD, '192.0.2.10'))).status).toBe(200);
  });

  it('locks the address-and-account pair after its limit, even with the right password, until the window ends', async () => {
    for (let i = 0; i < PAIR_RULE.maxFailures; i++) expect((await s.app.request('/api/auth/login', login('admin@a.example', 'guess'))).status).toBe(401);
    const locked = await s.app.request('/api/auth/login', login('admin@a.example', PASSWORD));
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // The same address may still sign in to another account (under the address limit).
    expect((await s.app.request('/api/auth/login', login('admin@b.example', PASSWORD))).status).toBe(200);
    s.clock.advance(PAIR_RULE.windowMs + 1000);
    expect((await s.app.request('/api/auth/login', login('admin@a.example', PASSWORD))).status).toBe(200);
  });

  it('a successful sign-in does not use up the address allowance (many users behind one NAT)', async () => {
    for (let i = 0; i < ADDRESS_RULE.maxFailures * 2; i++) {
      expect((await s.app.request('/api/auth/login', login(i % 2 ? 'admin@a.example' : 'viewer@b.example', PASSWORD, '10.9.9.9'))).status).toBe(200);
    }
  });

  it('many addresses against one account slow it down (short Retry-After), they do not lock it', async () => {
    let first429: Response | undefined;
    for (let i = 0; i < ACCOUNT_RULE.maxFailures + 3 && !first429; i++) {
      const res = await s.app.request('/api/auth/login', login('admin@a.example', 'guess', `100.64.${i >> 8}.${i & 255}`));
      if (res.status === 429) first429 = res;
      else expect(res.status).toBe(401);
    }
    expect(first429, 'the account slows down past its limit').toBeDefined();
    const wait = Number(first429!.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(0);
    expect(wait * 1000).toBeLessThanOrEqual(ACCOUNT_RULE.slowIntervalMs!);
    s.clock.advance(wait * 1000);
    expect((await s.app.request('/api/auth/login', login('admin@a.example', PASSWORD, '192.0.2.10'))).status).toBe(200);
  });
});
