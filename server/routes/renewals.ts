/**
 * GET /api/renewals: linked contracts that ended, with their renewal and the proposed service pairs (links
 * follow a one-to-one renewal by themselves in the sync; the others wait here).
 * POST /api/renewals/confirm (admin): move one ended contract's links, and its changes dated after the end,
 * to the renewal the user chose.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { currentUser, requireAdmin, type AppEnv } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import { readJson } from '../http/validate.js';
import { confirmRenewal, pendingRenewals } from '../renewals/confirm.js';
import { syncDepsFor } from '../sync/deps.js';

const id = z.string().min(1).max(40);
export const confirmRenewalBody = z.strictObject({
  contractId: id,
  renewalContractId: id,
  services: z.array(z.strictObject({ fromServiceId: id, toServiceId: id, toContractServiceId: id.nullable().optional() })).min(1).max(500),
});

export const renewalRoutes = new Hono<AppEnv>()
  .get('/renewals', async (c) => {
    const user = currentUser(c);
    return c.json({ items: await pendingRenewals(syncDepsFor(c.get('services')), user.tenantId) });
  })
  .post('/renewals/confirm', async (c) => {
    const user = requireAdmin(c);
    const body = await readJson(c, confirmRenewalBody);
    const out = await confirmRenewal(syncDepsFor(c.get('services')), user.tenantId, body);
    if (!out.ok) throw new HttpError(out.status, out.status === 404 ? 'not_found' : out.status === 409 ? 'conflict' : 'validation_failed', out.message);
    c.get('logger').info({ tenantId: user.tenantId, contractId: body.contractId, renewalContractId: body.renewalContractId }, 'renewal confirmed');
    return c.json({ followed: out.followed });
  });
