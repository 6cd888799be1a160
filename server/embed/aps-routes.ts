/**
 * The APS 2 application endpoint (manifests/odin-aps/APP-META.xml). The controller calls, per service id
 * (docs.cloudblue.com/cbc/sdk/21.0 "resource provisioning" / custom operations):
 *   POST   /aps/app                              the application instance (no rows of ours)
 *   POST   /aps/contexts                         provision one customer's context -> tenant, admin, connection
 *   PUT    /aps/contexts/{id}                    configure
 *   DELETE /aps/contexts/{id}                    unprovision (disable, keep data)
 *   GET    /aps/contexts/{id}/launchToken        custom operation behind the panel's Launch button
 * Every call passes requireApsController first: without the controller's certificate and headers
 * nothing is read or written.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { issueLaunchToken, isLaunchScreen, LAUNCH_MAX_AGE_SECONDS } from '../auth/launch.js';
import type { AppContext, AppEnv } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import { parseWith, readJson } from '../http/validate.js';
import type { Tenant } from '../db/sqlite/tenants.js';
import { requireApsController } from './aps-auth.js';
import { configureTenant, ContextResource, launchUserOf, provisionTenant, tenantOfContext, unprovisionTenant } from './aps-provision.js';

export const CONTEXT_TYPE = 'http://idsync.example/aps/context/1.0';
const ApsId = z.string().regex(/^[A-Za-z0-9-]{1,60}$/, 'must be an APS resource id');

/** The resource as APS stores it: no secret ever goes back (gatewayPassword is an encrypted property). */
function representation(ctx: Pick<ContextResource, 'gatewayUrl' | 'gatewayUser' | 'adminEmail'> | null, tenant: Tenant, apsId: string) {
  return {
    aps: { id: apsId, type: CONTEXT_TYPE },
    tenantId: tenant.id,
    status: tenant.status,
    customerName: tenant.licenceCustomer,
    licenceKey: tenant.licenceKey,
    marketplaceAccountId: tenant.marketplaceAccountId,
    ...(ctx ? { adminEmail: ctx.adminEmail, gatewayUrl: ctx.gatewayUrl, gatewayUser: ctx.gatewayUser } : {}),
  };
}

const readContext = async (c: AppContext) => readJson(c, ContextResource);

export const apsRoutes = new Hono<AppEnv>()
  .use(
    '/aps/*',
    bodyLimit({
      maxSize: 64 * 1024,
      onError: () => {
        throw new HttpError(413, 'payload_too_large', 'An APS resource is smaller than 64 KiB');
      },
    }),
  )
  .post('/aps/app', async (c) => {
    requireApsController(c);
    return c.json({ aps: { type: 'http://idsync.example/aps/application/1.0' } }, 200);
  })
  .post('/aps/contexts', async (c) => {
    const caller = requireApsController(c);
    const ctx = await readContext(c);
    const tenant = await provisionTenant(c.get('services'), ctx);
    c.get('logger').info({ tenantId: tenant.id, apsId: ctx.aps.id, transaction: caller.transactionId }, 'provisioned from APS');
    return c.json(representation(ctx, tenant, ctx.aps.id), 200);
  })
  .put('/aps/contexts/:id', async (c) => {
    requireApsController(c);
    const apsId = parseWith(ApsId, c.req.param('id'));
    const ctx = await readContext(c);
    if (ctx.aps.id !== apsId) throw new HttpError(422 as 400, 'validation_failed', 'aps.id: must be the resource id of the URL');
    const tenant = await configureTenant(c.get('services'), apsId, ctx);
    return c.json(representation(ctx, tenant, apsId), 200);
  })
  .delete('/aps/contexts/:id', async (c) => {
    requireApsController(c);
    const apsId = parseWith(ApsId, c.req.param('id'));
    // APS treats a missing resource as already removed: answer 204 either way.
    await unprovisionTenant(c.get('services'), apsId);
    return c.body(null, 204);
  })
  .get('/aps/contexts/:id/launchToken', async (c) => {
    const caller = requireApsController(c);
    if (!caller.identityId) throw new HttpError(403, 'forbidden', 'APS-Identity-ID is required: a launch comes from a signed-in panel user');
    const apsId = parseWith(ApsId, c.req.param('id'));
    const screen = c.req.query('screen') ?? '/';
    if (!isLaunchScreen(screen)) throw new HttpError(422 as 400, 'validation_failed', 'screen: is not a screen of this app');
    const services = c.get('services');
    const tenant = await tenantOfContext(services, apsId);
    if (!tenant || tenant.status !== 'active') throw new HttpError(404, 'not_found', `No active tenant for APS resource ${apsId}`);
    const user = await launchUserOf(services, tenant.id);
    if (!user) throw new HttpError(409, 'conflict', 'This tenant has no enabled admin to launch as');
    const token = await issueLaunchToken(services, { tenantId: tenant.id, userId: user.id, screen });
    c.header('Cache-Control', 'no-store');
    return c.json({ url: `${services.config.publicUrl.replace(/\/$/, '')}/launch?token=${encodeURIComponent(token)}`, expiresIn: LAUNCH_MAX_AGE_SECONDS });
  });
