/** Everything that embeds the product in other systems' screens, mounted outside /api (app.ts). */
import { Hono } from 'hono';
import type { AppEnv } from '../http/context.js';
import { apsRoutes } from './aps-routes.js';
import { insightRoutes } from './insight-route.js';
import { launchRoutes } from './launch-route.js';

export const embedRoutes = new Hono<AppEnv>().route('/', launchRoutes).route('/', apsRoutes).route('/', insightRoutes);
