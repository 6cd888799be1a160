/** GET/PUT /api/connections/{marketplace|autotask|connectwise}: secrets go in, never come out. */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { CONNECTION_FIELDS, isConnectionKind, secretFieldsOf } from '../connections/fields.js';
import { describeConnection, saveConnection, storedSecrets } from '../connections/repo.js';
import { recordAudit } from '../audit/record.js';
import { currentUser, requireAdmin, type AppEnv } from '../http/context.js';
import { badRequest, notFound } from '../http/errors.js';
import { parseWith, readJson } from '../http/validate.js';
import type { ConnectionKind } from '../services.js';

/**
 * Autotask has announced the end of its SOAP API (ATWS 1.6; research autotask.md 3 "Lifecycle"): REST is the
 * only choice for a connection not already on SOAP. A tenant on SOAP keeps it (batch posting where it still works).
 */
async function refuseNewSoap(c: Context<AppEnv>, kind: ConnectionKind, settings: Record<string, unknown>): Promise<void> {
  if (kind !== 'autotask' || settings.transport !== 'soap') return;
  const { store, secrets } = c.get('services');
  const before = await describeConnection(store, secrets, currentUser(c).tenantId, kind);
  if (before.settings.transport === 'soap') return;
  throw badRequest('Autotask is retiring its SOAP API: new connections use REST. Leave the API on REST (the default).');
}

function kindParam(kind: string): ConnectionKind {
  if (!isConnectionKind(kind)) throw notFound(`Connection kind "${kind}"`);
  return kind;
}

export const connectionRoutes = new Hono<AppEnv>()
  .get('/connections/:kind', async (c) => {
    const user = currentUser(c);
    const kind = kindParam(c.req.param('kind'));
    const { store, secrets } = c.get('services');
    return c.json(await describeConnection(store, secrets, user.tenantId, kind));
  })
  .put('/connections/:kind', async (c) => {
    const user = requireAdmin(c);
    const kind = kindParam(c.req.param('kind'));
    const { store, secrets: box, clock } = c.get('services');
    const fields = CONNECTION_FIELDS[kind];
    // One strict object of settings + secrets, every secret optional: an omitted secret keeps its value.
    const body = await readJson(c, z.strictObject({ ...fields.settings.shape, ...fields.secrets.partial().shape }));
    const secretNames = secretFieldsOf(kind);
    const incoming = Object.fromEntries(Object.entries(body).filter(([k, v]) => secretNames.includes(k) && v !== undefined));
    const merged = { ...(await storedSecrets(store, box, user.tenantId, kind)), ...incoming } as Record<string, string>;
    const secretsValue = parseWith(fields.secrets, merged); // names the secret still missing
    const settings = Object.fromEntries(Object.entries(body).filter(([k]) => !secretNames.includes(k)));
    await refuseNewSoap(c, kind, settings);
    const before = await describeConnection(store, box, user.tenantId, kind);
    await saveConnection(store, box, user.tenantId, kind, settings, secretsValue as Record<string, string>, clock.now());
    c.get('logger').info({ tenantId: user.tenantId, kind }, 'connection saved');
    const after = await describeConnection(store, box, user.tenantId, kind);
    // The trail names the secrets that were replaced, never their values (describeConnection has none).
    const replaced = Object.keys(incoming);
    await recordAudit(store, clock.now().toISOString(), {
      tenantId: user.tenantId, actor: user.email, action: 'connection', subjectType: 'connection', subject: kind,
      before: before.configured ? { settings: before.settings } : null, after: { settings: after.settings },
      note: replaced.length ? `secrets replaced: ${replaced.join(', ')}` : null,
    });
    return c.json(after);
  });
