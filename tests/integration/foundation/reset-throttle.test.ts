/**
 * Password reset: a reset ends every other reset token and every session of that user; asking for resets
 * is throttled per address and per account, answering the same 202 so it does not reveal accounts.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.js';
import { FORGOT_ACCOUNT_RULE, FORGOT_ADDRESS_RULE } from '../../../server/auth/reset.js';
import { createTestServices } from '../../helpers/services.js';
import { seedTwoTenants, signIn } from '../../helpers/tenants.js';

async function setup() {
  const ctx = await createTestServices();
  await seedTwoTenants(ctx.services);
  return { ...ctx, app: createApp(ctx.services) };
}
const post = (body: unknown, address = '127.0.0.1') => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-test-address': address },
  body: JSON.stringify(body),
});
const tokensIn = (rows: { body: string }[]) => rows.map((r) => decodeURIComponent(/token=([^\s]+)/.exec(r.body)![1]!));

describe('password reset', () => {
  it('a reset ends every other reset token and every session of that user', async () => {
    const s = await setup();
    const session = await signIn(s.app, 'viewer@a.example');
    expect((await s.app.request('/api/auth/forgot', post({ email: 'viewer@a.example' }))).status).toBe(202);
    expect((await s.app.request('/api/auth/forgot', post({ email: 'viewer@a.example' }))).status).toBe(202);
    const [older, newer] = tokensIn(await s.store.db.select().from(s.store.t.outbox));
    expect(older && newer && older !== newer).toBe(true);
    expect((await s.app.request('/api/auth/reset', post({ token: newer, password: 'a brand new password' }))).status).toBe(204);
    expect((await session.request('GET', '/api/me')).status).toBe(401);
    const stale = await s.app.request('/api/auth/reset', post({ token: older, password: 'the attacker password' }));
    expect(stale.status).toBe(400);
    await signIn(s.app, 'viewer@a.example', 'a brand new password');
  });

  it('sends at most a few mails per account, answering 202 to every request (30 in parallel)', async () => {
    const s = await setup();
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => s.app.request('/api/auth/forgot', post({ email: 'admin@a.example' }, `198.51.100.${i}`))));
    expect(answers.map((r) => r.status)).toEqual(Array(30).fill(202));
    const bodies = new Set(await Promise.all(answers.map((r) => r.text())));
    expect(bodies.size).toBe(1);
    const mails = await s.store.db.select().from(s.store.t.outbox);
    console.log(`[forgot] 30 parallel requests for one account: ${mails.length} mail(s)`);
    expect(mails.length).toBe(FORGOT_ACCOUNT_RULE.maxFailures);
    // After the window, the owner can ask again.
    s.clock.advance(FORGOT_ACCOUNT_RULE.windowMs + 1000);
    await s.app.request('/api/auth/forgot', post({ email: 'admin@a.example' }));
    expect(await s.store.db.select().from(s.store.t.outbox)).toHaveLength(mails.length + 1);
  });

  it('one address asking for many accounts is cut off too, still answering 202', async () => {
    const s = await setup();
    const emails = ['admin@a.example', 'viewer@a.example', 'admin@b.example', 'viewer@b.example'];
    for (let i = 0; i < FORGOT_ADDRESS_RULE.maxFailures + 8; i++) {
      expect((await s.app.request('/api/auth/forgot', post({ email: emails[i % emails.length] }, '203.0.113.50'))).status).toBe(202);
    }
    const mails = await s.store.db.select().from(s.store.t.outbox);
    expect(mails.length).toBeLessThanOrEqual(FORGOT_ADDRESS_RULE.maxFailures);
  });
});
