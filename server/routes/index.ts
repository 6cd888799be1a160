/**
 * Every /api route module, in one list. The security suite (tests/integration/security) walks the routes
 * registered here, so a new module joins it by being listed.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../http/context.js';
import { alertRoutes } from './alerts.js';
import { auditRoutes } from './audit.js';
import { authRoutes } from './auth.js';
import { connectionRoutes } from './connections.js';
import { connectionsAutotaskTest } from './connections-autotask-test.js';
import { connectionsConnectWiseTest } from './connections-connectwise-test.js';
import { connectionsMarketplaceTest } from './connections-marketplace-test.js';
import { dashboardRoutes } from './dashboard.js';
import { firstPasswordRoutes } from './first-password.js';
import { driftRoutes } from './drift.js';
import { logActionRoutes } from './log-actions.js';
import { embedSetupRoutes } from './embed-setup.js';
import { mappingRoutes } from './mapping.js';
import { marginRoutes } from './margins.js';
import { meRoutes } from './me.js';
import { openApiRoutes } from './openapi.js';
import { outboxRoutes } from './outbox.js';
import { podRoutes } from './pod.js';
import { podConnectWiseRoutes } from './pod-connectwise.js';
import { previewRoutes } from './preview.js';
import { psaListRoutes } from './psa-lists.js';
import { reportRoutes } from './reports.js';
import { reviewRoutes } from './review.js';
import { syncRoutes } from './sync.js';
import { renewalRoutes } from './renewals.js';

export const apiRoutes = new Hono<AppEnv>()
  .route('/', authRoutes)
  .route('/', firstPasswordRoutes)
  .route('/', meRoutes)
  .route('/', connectionRoutes)
  .route('/', connectionsMarketplaceTest)
  .route('/', connectionsAutotaskTest)
  .route('/', connectionsConnectWiseTest)
  .route('/', outboxRoutes)
  .route('/', psaListRoutes)
  .route('/', mappingRoutes)
  .route('/', syncRoutes)
  .route('/', driftRoutes)
  .route('/', renewalRoutes)
  .route('/', reportRoutes)
  .route('/', dashboardRoutes)
  .route('/', openApiRoutes)
  .route('/', logActionRoutes)
  .route('/', podRoutes)
  .route('/', podConnectWiseRoutes)
  .route('/', embedSetupRoutes)
  .route('/', auditRoutes)
  .route('/', reviewRoutes)
  .route('/', previewRoutes)
  .route('/', marginRoutes)
  .route('/', alertRoutes);

/** Routes that answer without a session. Everything else under /api must answer 401 without one. */
export const PUBLIC_API_ROUTES = new Set([
  'POST /api/auth/login', 'POST /api/auth/logout', 'POST /api/auth/forgot', 'POST /api/auth/reset', 'POST /api/auth/first-password',
  'GET /api/openapi.json', 'GET /api/docs', 'GET /api/pod/connectwise/hosts', 'POST /api/auth/connectwise-pod',
]);
