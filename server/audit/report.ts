/**
 * The audit trail as a report (GET /api/audit): filter every column, sort, page, date range on `at`,
 * CSV export, all through the shared report engine.
 */
import { eq } from 'drizzle-orm';
import type { ReportDefinition } from '../reports/engine.js';

export const auditReport: ReportDefinition = {
  name: 'audit',
  columns: () => [
    { key: 'at', label: 'When', type: 'date' },
    { key: 'actor', label: 'Who', type: 'text' },
    { key: 'action', label: 'Action', type: 'text' },
    { key: 'subjectType', label: 'Object', type: 'text' },
    { key: 'subject', label: 'Ids', type: 'text' },
    { key: 'before', label: 'Before', type: 'text' },
    { key: 'after', label: 'After', type: 'text' },
    { key: 'note', label: 'Note', type: 'text' },
  ],
  fields: (t) => {
    const e = t.auditEvents;
    return { at: e.at, actor: e.actor, action: e.action, subjectType: e.subjectType, subject: e.subject, before: e.beforeJson, after: e.afterJson, note: e.note, id: e.id };
  },
  idKeys: ['id'],
  dateKey: 'at',
  dateKind: 'instant',
  defaultSort: [{ key: 'at', desc: true }],
  from: (db, t, _scope, selection) => db.select(selection as never).from(t.auditEvents) as never,
  base: (t, scope) => eq(t.auditEvents.tenantId, scope.tenantId),
  tiebreak: (t) => [t.auditEvents.id],
};
