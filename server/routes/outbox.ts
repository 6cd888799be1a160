/** GET /api/outbox: mail kept locally when no SMTP server is configured; admins, demo mode only. */
import { desc, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { requireAdmin, type AppEnv } from '../http/context.js';
import { notFound } from '../http/errors.js';

export const outboxRoutes = new Hono<AppEnv>().get('/outbox', async (c) => {
  const user = requireAdmin(c);
  const { store, config } = c.get('services');
  if (!config.demoMode) throw notFound('Outbox (demo mode only)');
  const { db, t } = store;
  const rows = await store.page(
    db.select().from(t.outbox).where(eq(t.outbox.tenantId, user.tenantId)).$dynamic() as never,
    [desc(t.outbox.createdAt)],
    50,
    0,
  );
  return c.json({
    messages: (rows as (typeof t.outbox.$inferSelect)[]).map((m) => ({ id: m.id, to: m.toAddress, subject: m.subject, body: m.body, createdAt: m.createdAt })),
  });
});
