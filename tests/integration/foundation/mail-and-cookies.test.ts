import { SMTPServer } from 'smtp-server';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.js';
import { createSmtpMailer } from '../../../server/mail/smtp.js';
import { createTestServices } from '../../helpers/services.js';
import { PASSWORD, seedTwoTenants } from '../../helpers/tenants.js';

const received: { to: string[]; data: string }[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  onData(stream, session, cb) {
    let data = '';
    stream.on('data', (d: Buffer) => (data += d.toString('utf8')));
    stream.on('end', () => {
      received.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
      cb();
    });
  },
});
const port = await new Promise<number>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve((smtp.server.address() as { port: number }).port)));
afterAll(() => new Promise<void>((r) => smtp.close(() => r())));

describe('password reset mail over SMTP', () => {
  it('sends the reset link to a real SMTP server when SMTP_URL is set', async () => {
    const ctx = await createTestServices();
    ctx.services.mailer = createSmtpMailer(`smtp://127.0.0.1:${port}`, 'IDSync <no-reply@idsync.test>');
    await seedTwoTenants(ctx.services);
    const app = createApp(ctx.services);
    const res = await app.request('/api/auth/forgot', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@b.example' }) });
    expect(res.status).toBe(202);
    expect(received).toHaveLength(1);
    expect(received[0]!.to).toEqual(['admin@b.example']);
    expect(received[0]!.data.replace(/=\r?\n/g, '')).toMatch(/\/reset\?token=[A-Za-z0-9_%-]{20,}/);
    expect(await ctx.store.db.select().from(ctx.store.t.outbox)).toHaveLength(0);
  });
});

describe('session cookie flags', () => {
  const login = async (secureCookies: boolean) => {
    const ctx = await createTestServices();
    ctx.services.config.secureCookies = secureCookies;
    await seedTwoTenants(ctx.services);
    const res = await createApp(ctx.services).request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@a.example', password: PASSWORD }),
    });
    return res.headers.get('set-cookie') ?? '';
  };
  it('over HTTPS: Secure; SameSite=None; Partitioned, so the session works inside a PSA iframe', async () => {
    const cookie = await login(true);
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/SameSite=None/i);
    expect(cookie).toMatch(/Partitioned/i);
    expect(cookie).toMatch(/HttpOnly/i);
  });
  it('over plain HTTP (local): SameSite=Lax without Secure', async () => {
    const cookie = await login(false);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
  });
});
