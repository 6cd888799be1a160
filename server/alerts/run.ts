/**
 * One alert round for a tenant (after each sync cycle, and on demand): find new events, turn them into
 * deliveries (one per channel: each event at once, or the day's digest once a day), then send what is
 * due. E-mail goes through the app's Mailer (SMTP when SMTP_URL is set); a webhook gets `{text}` JSON,
 * which Slack and Teams incoming webhooks accept. A failed delivery keeps the error, is shown on
 * GET /api/alerts, and is tried again with backoff until it goes. A delivery claimed ('sending') by a
 * process that died is tried again after ten minutes, so an alert may, rarely, arrive twice; never none.
 */
import { and, eq, inArray, isNull, lte, or } from 'drizzle-orm';
import type { Store } from '../db/store.js';
import { todayInOrUtc } from '../domain/dates.js';
import { composeDigest, composeImmediate, retryDelayMs, webhookPayload, type AlertChannel, type AlertKind } from '../domain/alerts.js';
import type { Mailer } from '../services.js';
import { loadTenant } from '../sync/repo.js';
import { detectAlertEvents } from './detect.js';
import { loadAlertSettings } from './settings.js';

export interface AlertDeps {
  store: Store;
  clock: { now(): Date };
  mailer: Mailer;
  fetch?: typeof fetch;
}

const STALE_SENDING_MS = 600_000;

export async function runAlerts(deps: AlertDeps, tenantId: string, opts: { baseline?: boolean } = {}): Promise<{ events: number; queued: number; sent: number; failed: number }> {
  const { store } = deps;
  const t = store.t;
  const settings = await loadAlertSettings(store, tenantId);
  const tenant = await loadTenant(store, tenantId);
  if (!settings || !tenant) return { events: 0, queued: 0, sent: 0, failed: 0 };
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  const { today } = todayInOrUtc(tenant.timeZone, now);
  const events = await detectAlertEvents(store, tenantId, today, settings.renewalDays, nowIso, opts.baseline);
  let queued = 0;
  if (settings.channels.length) {
    const waiting = await store.db.select().from(t.alertEvents).where(and(eq(t.alertEvents.tenantId, tenantId), isNull(t.alertEvents.deliveredAt)));
    waiting.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.dedupKey < b.dedupKey ? -1 : 1));
    const messages =
      settings.mode === 'immediate'
        ? waiting.map((e) => ({ events: [e.id], ...composeImmediate({ kind: e.kind as AlertKind, text: e.text }) }))
        : waiting.length && settings.lastDigestOn !== today
          ? [{ events: waiting.map((e) => e.id), ...composeDigest(waiting.map((e) => ({ kind: e.kind as AlertKind, text: e.text })), today) }]
          : [];
    for (const m of messages) {
      await store.atomic((db) => [
        ...settings.channels.map((ch) => db.insert(t.alertDeliveries).values({ id: crypto.randomUUID(), tenantId, channel: JSON.stringify(ch), subject: m.subject, body: m.body, status: 'pending', attempts: 0, createdAt: nowIso })),
        db.update(t.alertEvents).set({ deliveredAt: nowIso }).where(and(eq(t.alertEvents.tenantId, tenantId), inArray(t.alertEvents.id, m.events))),
      ]);
      queued += settings.channels.length;
    }
    if (settings.mode === 'digest' && messages.length) await store.db.update(t.alertSettings).set({ lastDigestOn: today }).where(eq(t.alertSettings.tenantId, tenantId));
  }
  const { sent, failed } = await sendDue(deps, tenantId);
  return { events, queued, sent, failed };
}

/** Send every delivery that is due: new ones, failed ones whose retry time came, stale claims. */
export async function sendDue(deps: AlertDeps, tenantId: string): Promise<{ sent: number; failed: number }> {
  const { store } = deps;
  const d = store.t.alertDeliveries;
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  const stale = new Date(now.getTime() - STALE_SENDING_MS).toISOString();
  const due = await store.db.select().from(d).where(and(eq(d.tenantId, tenantId), or(
    eq(d.status, 'pending'),
    and(eq(d.status, 'failed'), lte(d.nextAttemptAt, nowIso)),
    and(eq(d.status, 'sending'), lte(d.nextAttemptAt, stale)),
  )));
  let sent = 0;
  let failed = 0;
  for (const row of due) {
    const claimed = store.affected(await store.db.update(d).set({ status: 'sending', nextAttemptAt: nowIso }).where(and(eq(d.id, row.id), eq(d.status, row.status))));
    if (claimed !== 1) continue;
    const attempts = row.attempts + 1;
    try {
      await deliver(deps, JSON.parse(row.channel) as AlertChannel, row);
      await store.db.update(d).set({ status: 'sent', attempts, sentAt: deps.clock.now().toISOString(), lastError: null, nextAttemptAt: null }).where(eq(d.id, row.id));
      sent++;
    } catch (err) {
      const at = deps.clock.now().getTime();
      await store.db.update(d).set({ status: 'failed', attempts, lastError: String((err as Error)?.message ?? err).slice(0, 1000), nextAttemptAt: new Date(at + retryDelayMs(attempts)).toISOString() }).where(eq(d.id, row.id));
      failed++;
    }
  }
  return { sent, failed };
}

async function deliver(deps: AlertDeps, ch: AlertChannel, m: { tenantId: string; subject: string; body: string }): Promise<void> {
  if (ch.kind === 'email') return deps.mailer.send({ tenantId: m.tenantId, to: ch.to, subject: m.subject, body: m.body });
  const res = await (deps.fetch ?? fetch)(ch.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(webhookPayload(m)),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`The webhook answered HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`);
}
