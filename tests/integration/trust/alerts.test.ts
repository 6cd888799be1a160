/**
 * Alerts end to end (issue 14 item 4): a failed adjustment after a sync cycle reaches a local SMTP server
 * (smtp-server) and a local webhook receiver (`{text}` JSON, as Slack/Teams accept), both started here;
 * a receiver that fails is shown with its error and retried until it takes the alert; a new unlinked
 * purchase is announced, the ones unlinked before alerts were set up are not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { createSmtpMailer } from '../../../server/mail/smtp.js';
import { AUTOTASK_TENANT, call, linkItems, pairs, setCount, syncNow, world, type Json } from '../e2e/world.js';

/** Things that arrive, and a way to wait for the n-th one. */
class Inbox<T> {
  items: T[] = [];
  private waiters: { n: number; resolve: () => void }[] = [];
  push(x: T) {
    this.items.push(x);
    for (const w of this.waiters.filter((w) => this.items.length >= w.n)) w.resolve();
  }
  until(n: number): Promise<void> {
    return this.items.length >= n ? Promise.resolve() : new Promise((resolve) => this.waiters.push({ n, resolve }));
  }
}

describe('alerts by e-mail and webhook', () => {
  const w = world(AUTOTASK_TENANT);
  const mails = new Inbox<string>();
  const hooks = new Inbox<Json>();
  let failHooks = 0;
  let smtp: SMTPServer;
  let http: Server;
  let smtpPort = 0;
  let hookUrl = '';

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
      onData(stream, _session, done) {
        let raw = '';
        stream.on('data', (c: Buffer) => (raw += c.toString()));
        stream.on('end', () => { mails.push(raw); done(); });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
    smtpPort = (smtp.server.address() as AddressInfo).port;
    http = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (failHooks > 0) {
          failHooks--;
          res.writeHead(500).end('receiver down');
          hooks.push({ failed: true });
          return;
        }
        res.writeHead(200).end('ok');
        hooks.push(JSON.parse(body) as Json);
      });
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
    hookUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}/hooks/teams`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => smtp.close(() => r()));
    await new Promise<void>((r) => http.close(() => r()));
  });

  let fresh: { sub: string; res: string; mpn: string } | null = null;
  const deliveries = async () => (await call(w.admin, 'GET', '/api/alerts')).deliveries as Json[];

  it('refuses bad settings with 422 and saves good ones; what was unlinked before is not announced', async () => {
    w.p.services.mailer = createSmtpMailer(`smtp://127.0.0.1:${smtpPort}`, 'alerts@idsync.test');
    // A resource nobody bought yet (count 0, unlinked), bought later in this test.
    const tree = await call(w.admin, 'GET', '/api/mapping?pageSize=500');
    const sub = (tree.companies as Json[]).filter((c) => c.odinAccountId !== '1200000504').flatMap((c) => c.subscriptions as Json[]).find((x) => x.status === 'active' && !x.link);
    const r = (sub!.resources as Json[])[0]!;
    fresh = { sub: sub!.odinSubscriptionId, res: r.odinResourceId, mpn: r.mpn };
    expect(w.p.sandboxes.marketplace.controls.setCount(fresh.sub, fresh.mpn, 0)).toBe(true);
    await syncNow(w.admin, { full: true });
    expect((await w.admin.request('PUT', '/api/alerts/settings', { channels: [{ kind: 'webhook', url: 'ftp://x' }], mode: 'immediate' })).status).toBe(422);
    expect((await w.admin.request('PUT', '/api/alerts/settings', { channels: [], mode: 'hourly' })).status).toBe(422);
    await call(w.admin, 'PUT', '/api/alerts/settings', { channels: [{ kind: 'email', to: 'billing@msp.example' }, { kind: 'webhook', url: hookUrl }], mode: 'immediate', renewalDays: 0 });
    await call(w.admin, 'POST', '/api/alerts/run');
    expect((await deliveries()).filter((d) => /not linked/.test(d.subject))).toEqual([]);
  });

  it('a failed adjustment reaches the SMTP server and the webhook; a failing webhook is retried until it takes it', async () => {
    const [p] = await pairs(w.admin, '1200000504', 'MCS Trucking Inc', [[0, 0]]);
    p!.res.count = Number(p!.cs.units);
    setCount(w.p, p!.res, p!.res.count);
    await syncNow(w.admin);
    await call(w.admin, 'POST', '/api/mapping/bulk', { set: linkItems([p!]) });
    w.p.sandboxes.autotask.controls.inject({ kind: 'status', status: 500, body: JSON.stringify({ errors: ['Unable to save: the Contract is locked.'] }), path: 'ServiceAdjustments', method: 'POST' });
    failHooks = 1;
    setCount(w.p, p!.res, p!.res.count + 2);
    await syncNow(w.admin); // the alert round runs after the cycle
    await mails.until(1);
    mails.items[0] = mails.items[0]!.replace(/=\r\n/g, '');
    expect(mails.items[0]).toMatch(/Subject: IDSync: Adjustment failed/);
    expect(mails.items[0]).toMatch(/Unable to save: the Contract is locked\./);
    expect(mails.items[0]).toMatch(/To: billing@msp\.example/);
    await hooks.until(1);
    expect(hooks.items[0]).toEqual({ failed: true });
    let hook: Json | undefined;
    for (let i = 0; i < 500 && !hook; i++) {
      hook = (await deliveries()).find((d) => d.channel.kind === 'webhook' && d.status === 'failed');
      if (!hook) await new Promise((r) => setTimeout(r, 10));
    }
    expect(hook).toMatchObject({ attempts: 1, lastError: 'The webhook answered HTTP 500: receiver down' });
    // Not before its retry time...
    await call(w.admin, 'POST', '/api/alerts/run');
    expect(hooks.items).toHaveLength(1);
    // ...then it goes.
    w.p.clock.advance(61_000);
    const round = await call(w.admin, 'POST', '/api/alerts/run');
    expect(round.sent).toBe(1);
    await hooks.until(2);
    expect(hooks.items[1]!.text).toMatch(/^\*IDSync: Adjustment failed\*\n.*Unable to save: the Contract is locked\./s);
    expect((await deliveries()).filter((d) => d.status !== 'sent')).toEqual([]);
    // Each event is told once.
    await call(w.admin, 'POST', '/api/alerts/run');
    expect(mails.items).toHaveLength(1);
    expect(hooks.items).toHaveLength(2);
    w.p.sandboxes.autotask.controls.clearFaults();
  });

  it('a new purchase nobody linked is announced', async () => {
    expect(w.p.sandboxes.marketplace.controls.setCount(fresh!.sub, fresh!.mpn, 3)).toBe(true);
    const before = mails.items.length;
    await syncNow(w.admin);
    await mails.until(before + 1);
    const last = mails.items.at(-1)!.replace(/=\r\n/g, '');
    expect(last).toMatch(/New purchase not linked/);
    expect(last).toMatch(new RegExp(`resource ${fresh!.res}\\): 3 seats bought`));
  });
});
