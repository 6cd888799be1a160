/**
 * GET /api/audit: the audit trail (who linked, cleared, approved, dismissed, edited, changed a policy or
 * a connection; when; before and after). The report query of docs/api.md: filter.<key>, sort, page,
 * from/to, format=csv. Every signed-in user of the tenant may read it.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../http/context.js';
import { auditReport } from '../audit/report.js';
import { answerReport } from './reports.js';

export const auditRoutes = new Hono<AppEnv>().get('/audit', (c) => answerReport(c, auditReport));
