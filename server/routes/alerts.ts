/**
 * Alerts (docs/api.md "Alerts"):
 *  GET  /api/alerts                      {settings, deliveries: the last 100, failures with their error and next try}
 *  PUT  /api/alerts/settings (admin)     {channels: [{kind:'email', to} | {kind:'webhook', url}], mode: immediate|digest, renewalDays?}
 *  POST /api/alerts/run      (admin)     one round now -> {events, queued, sent, failed}
 * Rounds also run after every sync cycle (SyncDeps.afterCycle).
 */
import { Hono } from 'hono';
import { desc, eq } from 'drizzle-orm';
import { currentUser, requireAdmin, type AppEnv } from '../http/context.js';
import { readJson } from '../http/validate.js';
import { recordAudit } from '../audit/record.js';
import { runAlerts } from '../alerts/run.js';
import { loadAlertSettings, saveAlertSettings, settingsBody } from '../alerts/settings.js';

export const alertRoutes = new Hono<AppEnv>()
  .get('/alerts', async (c) => {
    const user = currentUser(c);
    const { store } = c.get('services');
    const d = store.t.alertDeliveries;
    const rows = await store.page(store.db.select().from(d).where(eq(d.tenantId, user.tenantId)) as never, [desc(d.createdAt), d.id], 100, 0);
    const deliveries = (rows as (typeof d.$inferSelect)[]).map((r) => ({ ...r, channel: JSON.parse(r.channel) }));
    return c.json({ settings: await loadAlertSettings(store, user.tenantId), deliveries });
  })
  .put('/alerts/settings', async (c) => {
    const user = requireAdmin(c);
    const body = await readJson(c, settingsBody);
    const services = c.get('services');
    const at = services.clock.now().toISOString();
    const before = await loadAlertSettings(services.store, user.tenantId);
    await saveAlertSettings(services.store, user.tenantId, body, at);
    await recordAudit(services.store, at, { tenantId: user.tenantId, actor: user.email, action: 'policy', subjectType: 'policy', subject: 'alerts', before, after: body });
    // The first set-up takes what is unlinked today as known: only new purchases are announced.
    if (!before) await runAlerts(services, user.tenantId, { baseline: true });
    return c.json({ settings: await loadAlertSettings(services.store, user.tenantId) });
  })
  .post('/alerts/run', async (c) => {
    const user = requireAdmin(c);
    return c.json(await runAlerts(c.get('services'), user.tenantId));
  });
