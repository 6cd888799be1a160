/**
 * Writing the audit trail (issue 14 item 6). One row per decision a person made: link, clear, approve,
 * dismiss, edit, policy, connection; with the state before and after as JSON. The trail lives in its
 * own table and names its subject by ids, so removing a relation keeps its history.
 */
import { eq } from 'drizzle-orm';
import type { Store } from '../db/store.js';

export type AuditAction = 'link' | 'clear' | 'approve' | 'dismiss' | 'edit' | 'policy' | 'connection';
export type AuditSubject = 'company' | 'subscription' | 'resource' | 'adjustment' | 'policy' | 'connection';

export interface AuditEntry {
  tenantId: string;
  actor: string;
  action: AuditAction;
  subjectType: AuditSubject;
  subject: string;
  before: unknown;
  after: unknown;
  note?: string | null;
}

/** Record one decision; `at` is the services clock's instant (ISO). */
export async function recordAudit(store: Store, at: string, e: AuditEntry): Promise<void> {
  await store.db.insert(store.t.auditEvents).values({
    id: crypto.randomUUID(),
    tenantId: e.tenantId,
    at,
    actor: e.actor,
    action: e.action,
    subjectType: e.subjectType,
    subject: e.subject,
    beforeJson: e.before === undefined || e.before === null ? null : JSON.stringify(e.before),
    afterJson: e.after === undefined || e.after === null ? null : JSON.stringify(e.after),
    note: e.note ?? null,
  });
}

/** Record several entries (a bulk action), each its own row. */
export async function recordAudits(store: Store, at: string, entries: AuditEntry[]): Promise<void> {
  for (const e of entries) await recordAudit(store, at, e);
}

/** The tenant's events, oldest first (tests and exports beyond the report use it). */
export async function auditEventsOf(store: Store, tenantId: string) {
  const rows = await store.db.select().from(store.t.auditEvents).where(eq(store.t.auditEvents.tenantId, tenantId));
  return rows.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
