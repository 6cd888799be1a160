/**
 * The route catalogue for the OpenAPI document: one entry per /api route, naming the zod schemas the route
 * validates with (exported by the route modules), its access and its answers. GET /api/openapi.json
 * serves the generated document and GET /api/docs a browsable page of it (server-rendered, no script, no
 * CDN). tests/integration/operations/openapi.test.ts fails when a registered /api route has no entry.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { CONNECTION_FIELDS, CONNECTION_KINDS } from '../connections/fields.js';
import { MAX_PAGE_SIZE } from '../domain/report-query.js';
import type { AppEnv } from '../http/context.js';
import { buildOpenApi, type ApiOperation } from '../http/openapi.js';
import { bulkBody, companyBody, mappingQuery, resourceBody, subscriptionBody, suggestionsQuery } from '../mapping/schemas.js';
import { REPORTS } from '../reports/index.js';
import { ForgotBody, LoginBody, ResetBody } from './auth.js';
import { AutotaskTestBody } from './connections-autotask-test.js';
import { ConnectWiseTestBody } from './connections-connectwise-test.js';
import { MarketplaceTestBody } from './connections-marketplace-test.js';
import { confirmRenewalBody } from './renewals.js';
import { renderApiDocs } from './openapi-page.js';
import { accountsQuery, contractsQuery, servicesQuery } from './psa-lists.js';
import { startBody } from './sync.js';
import { FirstPasswordBody } from './first-password.js';
import { moneyBody } from './log-actions.js';
import { ConnectWisePodBody } from './pod-connectwise.js';
import { InsightSetupBody } from './embed-setup.js';
import { previewQuery } from './preview.js';
import { marginsQuery } from './margins.js';
import { settingsBody as alertSettingsBody } from '../alerts/settings.js';
import { approveBody, dismissBody, editBody, policyBody } from '../review/schemas.js';

const ok = (description: string) => ({ status: 200 as const, description });
const connectionBody = z.union(CONNECTION_KINDS.map((k) => z.strictObject({ ...CONNECTION_FIELDS[k].settings.shape, ...CONNECTION_FIELDS[k].secrets.partial().shape })));
const reportParameters: ApiOperation['queryParameters'] = [
  { name: 'page', description: '1-based page', schema: { type: 'integer', minimum: 1 } },
  { name: 'pageSize', description: `rows per page (default 50, at most ${MAX_PAGE_SIZE})`, schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE } },
  { name: 'sort', description: '<key> or -<key>, comma-separated', schema: { type: 'string' } },
  { name: 'filter.{key}', description: 'case-insensitive contains on a column; several allowed', schema: { type: 'string' } },
  { name: 'from', description: 'YYYY-MM-DD on the report’s date column', schema: { type: 'string', format: 'date' } },
  { name: 'to', description: 'YYYY-MM-DD on the report’s date column', schema: { type: 'string', format: 'date' } },
  { name: 'context', description: 'PSA labels to use', schema: { type: 'string', enum: ['autotask', 'connectwise'] } },
  { name: 'format', description: 'csv: the whole filtered report, streamed', schema: { type: 'string', enum: ['json', 'csv'] } },
];
const psaDown = { 502: 'The PSA answered with an error (its own words)', 409: 'The PSA connection is not configured' } as const;

export const API_OPERATIONS: readonly ApiOperation[] = [
  { method: 'post', path: '/api/auth/login', tag: 'Auth', summary: 'Sign in: sets the session cookie, returns the CSRF token', access: 'public', body: LoginBody, response: ok('{user, tenant, csrfToken}'), errors: { 429: 'Too many failed sign-ins: wait (Retry-After)' } },
  { method: 'post', path: '/api/auth/logout', tag: 'Auth', summary: 'Sign out', access: 'public', response: { status: 204, description: 'Signed out' } },
  { method: 'post', path: '/api/auth/forgot', tag: 'Auth', summary: 'Mail a password-reset link (same answer whether or not the address exists)', access: 'public', body: ForgotBody, response: { status: 202, description: '{ok: true}' } },
  { method: 'post', path: '/api/auth/reset', tag: 'Auth', summary: 'Set a new password with a reset token', access: 'public', body: ResetBody, response: { status: 204, description: 'Password set' } },
  { method: 'get', path: '/api/me', tag: 'Auth', summary: 'The signed-in user, tenant and CSRF token', access: 'user', response: ok('{user, tenant, csrfToken, demoMode}') },
  { method: 'get', path: '/api/outbox', tag: 'Auth', summary: 'Mail kept in the local outbox (demo mode)', access: 'admin', response: ok('{messages}'), errors: { 404: 'Not in demo mode' } },
  { method: 'get', path: '/api/connections/:kind', tag: 'Connections', summary: 'A connection’s settings; secrets only say whether they are set', access: 'user', response: ok('{configured, settings, secretsSet}'), errors: { 404: 'Unknown kind' } },
  { method: 'put', path: '/api/connections/:kind', tag: 'Connections', summary: 'Save a connection (marketplace, autotask or connectwise); an omitted secret keeps the stored one', access: 'admin', body: connectionBody, response: ok('The saved connection, secrets masked'), errors: { 404: 'Unknown kind', 415: 'Body not JSON' } },
  { method: 'post', path: '/api/connections/marketplace/test', tag: 'Connections', summary: 'Test Marketplace credentials (unsaved fields laid over the stored ones)', access: 'admin', body: MarketplaceTestBody, bodyRequired: false, response: ok('{result: CredentialCheck}') },
  { method: 'post', path: '/api/connections/autotask/test', tag: 'Connections', summary: 'Test Autotask credentials', access: 'admin', body: AutotaskTestBody, bodyRequired: false, response: ok('{result: CredentialCheck}') },
  { method: 'post', path: '/api/connections/connectwise/test', tag: 'Connections', summary: 'Test ConnectWise credentials', access: 'admin', body: ConnectWiseTestBody, bodyRequired: false, response: ok('{result: CredentialCheck}') },
  { method: 'get', path: '/api/psa/accounts', tag: 'PSA lists', summary: 'PSA accounts (cached per tenant; refresh=1 reads the PSA again)', access: 'user', query: accountsQuery, response: ok('{items, fetchedAt}'), errors: psaDown },
  { method: 'get', path: '/api/psa/contracts', tag: 'PSA lists', summary: 'Contracts / agreements of an account', access: 'user', query: contractsQuery, response: ok('{items, fetchedAt}'), errors: psaDown },
  { method: 'get', path: '/api/psa/services', tag: 'PSA lists', summary: 'Services / products of a contract', access: 'user', query: servicesQuery, response: ok('{items, fetchedAt}'), errors: psaDown },
  { method: 'get', path: '/api/mapping', tag: 'Mapping', summary: 'The three-level mapping tree, paged', access: 'user', query: mappingQuery, response: ok('{companies, total, page, pageSize}') },
  { method: 'get', path: '/api/mapping/suggestions', tag: 'Mapping', summary: 'Fuzzy name matches for unlinked items', access: 'user', query: suggestionsQuery, response: ok('{companies, subscriptions, resources}') },
  { method: 'put', path: '/api/mapping/companies/:odinAccountId', tag: 'Mapping', summary: 'Link a Marketplace company to a PSA account', access: 'admin', body: companyBody, response: ok('{link}'), errors: { 404: 'Unknown company' } },
  { method: 'put', path: '/api/mapping/subscriptions/:odinSubscriptionId', tag: 'Mapping', summary: 'Link a subscription to a contract', access: 'admin', body: subscriptionBody, response: ok('{link}'), errors: { 404: 'Unknown subscription', 409: 'Its company is not linked' } },
  { method: 'put', path: '/api/mapping/resources/:odinSubscriptionId/:odinResourceId', tag: 'Mapping', summary: 'Link a resource to a service; reconciles it once', access: 'admin', body: resourceBody, response: ok('{link, reconciliation}'), errors: { 404: 'Unknown resource', 409: 'Its subscription is not linked' } },
  { method: 'delete', path: '/api/mapping/companies/:odinAccountId', tag: 'Mapping', summary: 'Clear a company relation (and its subscriptions and resources)', access: 'admin', response: { status: 204, description: 'Cleared' } },
  { method: 'delete', path: '/api/mapping/subscriptions/:odinSubscriptionId', tag: 'Mapping', summary: 'Clear a subscription relation (and its resources)', access: 'admin', response: { status: 204, description: 'Cleared' } },
  { method: 'delete', path: '/api/mapping/resources/:odinSubscriptionId/:odinResourceId', tag: 'Mapping', summary: 'Clear a resource relation', access: 'admin', response: { status: 204, description: 'Cleared' } },
  { method: 'post', path: '/api/mapping/bulk', tag: 'Mapping', summary: 'Manage Relations: set and clear many at once', access: 'admin', body: bulkBody, response: ok('{results}') },
  { method: 'get', path: '/api/sync', tag: 'Sync', summary: 'The running and the last sync cycle, and when the next is due', access: 'user', response: ok('{running, current, last, nextDueAt}') },
  { method: 'post', path: '/api/sync', tag: 'Sync', summary: 'Sync now', access: 'admin', body: startBody, bodyRequired: false, response: { status: 202, description: '{runId}' }, errors: { 409: 'A cycle already runs' } },
  { method: 'get', path: '/api/drift', tag: 'Sync', summary: 'Drift findings: PSA units changed by hand', access: 'user', response: ok('{items}') },
  { method: 'post', path: '/api/drift/check', tag: 'Sync', summary: 'Check every relation for drift now', access: 'admin', response: { status: 202, description: '{started: true}' }, errors: { 409: 'A sync cycle is running' } },
  { method: 'post', path: '/api/drift/:id/fix', tag: 'Sync', summary: 'Fix a drift finding by reconciling the resource', access: 'admin', response: ok('The reconciliation'), errors: { 404: 'Unknown finding' } },
  { method: 'get', path: '/api/renewals', tag: 'Sync', summary: 'Linked contracts that ended, with their renewal and proposed service pairs', access: 'user', response: ok('{items}') },
  { method: 'post', path: '/api/renewals/confirm', tag: 'Sync', summary: 'Move an ended contract\'s links and later changes to the chosen renewal', access: 'admin', body: confirmRenewalBody, response: ok('{followed}'), errors: { 404: 'No ended contract with linked resources', 409: 'A sync is running, or a change must post to the old contract first', 422: 'Not a contract of the account, or a service without a choice' } },
  ...Object.keys(REPORTS).map((name): ApiOperation => ({
    method: 'get', path: `/api/reports/${name}`, tag: 'Reports', summary: `The ${name} report: a JSON page, or the whole filtered report as CSV`, access: 'user',
    queryParameters: reportParameters, response: ok('{columns, rows, total, page, pageSize}, or text/csv with format=csv'),
  })),
  { method: 'get', path: '/api/reports/adjustments/by-day', tag: 'Reports', summary: 'The Adjustments chart: adjustments and units per tenant day, under the log\'s filters', access: 'user', queryParameters: reportParameters, response: ok('{days: [{date, count, units}]}') },
  { method: 'get', path: '/api/dashboard', tag: 'Reports', summary: 'Home: counts and charts', access: 'user', response: ok('{linkedResources, unlinkedResources, adjustmentsThisPeriod, openFailures, lastSync, adjustmentsByDay, licensesPerCustomer}') },
  { method: 'post', path: '/api/auth/first-password', tag: 'Auth', summary: 'A provisioned admin’s first sign-in: replace the gateway password, then sign in', access: 'public', body: FirstPasswordBody, response: ok('{user, tenant, csrfToken}'), errors: { 429: 'Too many failed sign-ins' } },
  { method: 'post', path: '/api/adjustments/:id/retry', tag: 'Reports', summary: 'Retry now: a failed adjustment becomes due at once and a cycle starts', access: 'admin', response: { status: 202, description: '{id, nextAttemptAt, runId}' }, errors: { 404: 'Unknown adjustment', 409: 'Posted, or it may have reached the PSA' } },
  { method: 'put', path: '/api/settings/money', tag: 'Reports', summary: 'The tenant’s currency and locale for amounts', access: 'admin', body: moneyBody, response: ok('{currency, locale}') },
  { method: 'get', path: '/api/pod/contracts/:psaContractId', tag: 'Embedding', summary: 'The pod for one contract/agreement: resources with both sides’ counts and prices, adjustments, failures, drift', access: 'user', response: ok('{contract, resources, adjustments, failures, drift}'), errors: { 404: 'No subscription is linked to that contract' } },
  { method: 'post', path: '/api/pod/failures/:adjustmentId/retry', tag: 'Embedding', summary: 'Retry a failed adjustment from the pod', access: 'admin', response: { status: 202, description: '{retrying, runId}' }, errors: { 404: 'Unknown adjustment' } },
  { method: 'get', path: '/api/pod/connectwise/hosts', tag: 'Embedding', summary: 'Origins whose messages the ConnectWise pod accepts', access: 'public', response: ok('{origins}') },
  { method: 'post', path: '/api/auth/connectwise-pod', tag: 'Embedding', summary: 'Open a pod session once the tenant’s ConnectWise confirms the member', access: 'public', body: ConnectWisePodBody, response: ok('{user, tenant, csrfToken, contractId}'), errors: { 403: 'ConnectWise did not confirm the member' } },
  { method: 'post', path: '/api/embed/insight', tag: 'Embedding', summary: 'Make the Autotask Insight secret and the IntegrationVendorInsights record', access: 'admin', body: InsightSetupBody, response: ok('{record, scheme}') },
  { method: 'get', path: '/api/audit', tag: 'Trust', summary: 'Audit trail: who changed what and when, before and after', access: 'user', queryParameters: reportParameters, response: ok('{columns, rows, total, page, pageSize}, or text/csv with format=csv') },
  { method: 'get', path: '/api/review', tag: 'Trust', summary: 'Held adjustments waiting for review', access: 'user', queryParameters: reportParameters, response: ok('{columns, rows, total, page, pageSize}, or text/csv with format=csv') },
  { method: 'post', path: '/api/review/approve', tag: 'Trust', summary: 'Approve held adjustments (optionally with one date); they post through the exactly-once path', access: 'admin', body: approveBody, response: ok('{results, runId}') },
  { method: 'post', path: '/api/review/dismiss', tag: 'Trust', summary: 'Dismiss held adjustments with a reason', access: 'admin', body: dismissBody, response: ok('{results}') },
  { method: 'post', path: '/api/review/:id/edit', tag: 'Trust', summary: 'Edit a held adjustment’s date or units, then approve it', access: 'admin', body: editBody, response: ok('{result, runId}'), errors: { 404: 'Unknown held adjustment' } },
  { method: 'get', path: '/api/review/policy', tag: 'Trust', summary: 'Review policies of the tenant and its relations', access: 'user', response: ok('{tenant, relations}') },
  { method: 'put', path: '/api/review/policy', tag: 'Trust', summary: 'Set the tenant’s review policy', access: 'admin', body: policyBody, response: ok('{policy}') },
  { method: 'put', path: '/api/review/policy/:odinSubscriptionId/:odinResourceId', tag: 'Trust', summary: 'Set one relation’s review policy', access: 'admin', body: policyBody, response: ok('{policy}') },
  { method: 'delete', path: '/api/review/policy/:odinSubscriptionId/:odinResourceId', tag: 'Trust', summary: 'Remove one relation’s policy (the tenant’s applies)', access: 'admin', response: { status: 204, description: 'Removed' } },
  { method: 'get', path: '/api/preview', tag: 'Trust', summary: 'What the next cycle will post, retry, settle or hold, without posting', access: 'user', query: previewQuery, response: ok('{rows}, or text/csv with format=csv') },
  { method: 'get', path: '/api/margins', tag: 'Trust', summary: 'Margins per customer and resource: Marketplace unit cost against the PSA unit price, period totals, below-cost warnings', access: 'user', query: marginsQuery, response: ok('{rows, totals}, or text/csv with format=csv'), errors: psaDown },
  { method: 'get', path: '/api/alerts', tag: 'Trust', summary: 'Alert settings and recent alerts with their deliveries', access: 'user', response: ok('{settings, events}') },
  { method: 'put', path: '/api/alerts/settings', tag: 'Trust', summary: 'Alert settings: e-mail and webhook, immediate or daily digest', access: 'admin', body: alertSettingsBody, response: ok('{settings}') },
  { method: 'post', path: '/api/alerts/run', tag: 'Trust', summary: 'Look for new alerts and deliver what is due now', access: 'admin', response: ok('The run’s summary') },
  { method: 'get', path: '/api/openapi.json', tag: 'API', summary: 'This document', access: 'public', response: ok('OpenAPI 3.1') },
  { method: 'get', path: '/api/docs', tag: 'API', summary: 'This document as a page', access: 'public', response: { status: 200, description: 'HTML', contentType: 'text/html' } },
];

const INFO = {
  title: 'IDSync Cloud Billing API',
  version: '1',
  description: 'Every screen uses only this API. Errors always have the body {error: {code, message, requestId}}. State-changing requests with a session carry X-CSRF-Token.',
};

let cached: ReturnType<typeof buildOpenApi> | null = null;
export const openApiDocument = () => (cached ??= buildOpenApi(API_OPERATIONS, INFO));

export const openApiRoutes = new Hono<AppEnv>()
  .get('/openapi.json', (c) => c.json(openApiDocument()))
  .get('/docs', (c) => c.html(renderApiDocs(openApiDocument())));
