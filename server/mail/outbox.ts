/** Mail without an SMTP server: kept in the outbox table, readable by an admin in demo mode. */
import type { Store } from '../db/store.js';
import type { Clock, Mailer } from '../services.js';

export function createOutboxMailer(store: Store, clock: Clock): Mailer {
  return {
    async send(msg) {
      await store.db.insert(store.t.outbox).values({
        id: crypto.randomUUID(),
        tenantId: msg.tenantId,
        toAddress: msg.to,
        subject: msg.subject,
        body: msg.body,
        createdAt: clock.now().toISOString(),
      });
    },
  };
}
