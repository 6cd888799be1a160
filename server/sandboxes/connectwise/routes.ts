/**
 * The REST endpoints of the sandbox, under `/{codebase}/apis/3.0`: the paths of the vendor spec subset
 * (../shared/specs/connectwise/manage-subset.openapi.json) that the sync and third-party clients use.
 */
import { Hono, type Context } from 'hono';
import type { CwAgreement, CwCompany } from './wire.js';
import { applyPatch, checkAddition, complete } from './additions.js';
import { ADDITION_FIELDS, ADJUSTMENT_FIELDS, AGREEMENT_FIELDS, CATALOG_FIELDS, COMPANY_FIELDS } from './fields.js';
import { countResponse, listResponse, project } from './query.js';
import { cwError, fieldError, invalidObject, notFoundBody } from './respond.js';
import type { SandboxState } from './state.js';
import { memberOf } from './auth.js';

type Row = Record<string, unknown> & { id?: number };

export interface RouteDeps {
  state: SandboxState;
  today: () => string;
  /** The sandbox clock's instant, for `_info` stamps. */
  now?: () => Date;
}

/** Agreement as read: `agreementStatus` follows cancellation and the end date on the sandbox's clock. */
function agreementView(a: CwAgreement, today: string): Row {
  const ended = !a.noEndingDateFlag && typeof a.endDate === 'string' && a.endDate.slice(0, 10) < today;
  return { ...a, agreementStatus: a.cancelledFlag ? 'Cancelled' : ended ? 'Expired' : 'Active' };
}

async function jsonBody(c: Context): Promise<{ ok: true; value: unknown } | { ok: false; res: Response }> {
  try {
    return { ok: true, value: await c.req.json() };
  } catch {
    return { ok: false, res: cwError(c, 400, 'InvalidObject', 'The request body is not valid JSON.') };
  }
}

const idParam = (c: Context, name: string): number | null => {
  const v = c.req.param(name) ?? '';
  return /^\d+$/.test(v) ? Number(v) : null;
};

export function apiRoutes({ state, today, now }: RouteDeps): Hono {
  const api = new Hono();
  const agreementOr404 = (c: Context, name = 'parentId'): CwAgreement | Response => {
    const id = idParam(c, name);
    const a = id === null ? undefined : state.agreements.get(id);
    return a ?? notFoundBody(c, 'Agreement', c.req.param(name) ?? '');
  };

  api.get('/system/info', (c) =>
    c.json({ version: 'v2025.1.10431', isCloud: true, serverTimeZone: 'Eastern Standard Time', licenseBits: [], cloudRegion: 'NA', maxWorkFlowRecordsAllowed: 10000 }),
  );

  // Companies
  const companies = () => [...state.companies.values()] as Row[];
  api.get('/company/companies', (c) => listResponse(c, companies(), COMPANY_FIELDS));
  api.get('/company/companies/count', (c) => countResponse(c, companies(), COMPANY_FIELDS));
  api.get('/company/companies/:id', (c) => {
    const id = idParam(c, 'id');
    const row: CwCompany | undefined = id === null ? undefined : state.companies.get(id);
    return row ? c.json(project(row, c.req.query('fields'))) : notFoundBody(c, 'Company', c.req.param('id'));
  });

  // Agreements
  const agreements = () => [...state.agreements.values()].map((a) => agreementView(a, today()));
  api.get('/finance/agreements', (c) => listResponse(c, agreements(), AGREEMENT_FIELDS));
  api.get('/finance/agreements/count', (c) => countResponse(c, agreements(), AGREEMENT_FIELDS));
  api.get('/finance/agreements/:id', (c) => {
    const a = agreementOr404(c, 'id');
    return a instanceof Response ? a : c.json(project(agreementView(a, today()), c.req.query('fields')));
  });
  api.patch('/finance/agreements/:id', async (c) => {
    const a = agreementOr404(c, 'id');
    if (a instanceof Response) return a;
    const body = await jsonBody(c);
    if (!body.ok) return body.res;
    const allowed: Record<string, 'boolean' | 'string'> = { prorateFlag: 'boolean', invoiceProratedAdditionsFlag: 'boolean', name: 'string', customerPO: 'string' };
    const ops = Array.isArray(body.value) ? (body.value as { op?: string; path?: string; value?: unknown }[]) : null;
    if (!ops) return invalidObject(c, 'agreement', [fieldError('agreement', 'body', 'InvalidField', 'The body must be an array of patch operations.')]);
    const errors = ops.flatMap((op) => {
      const f = String(op?.path ?? '').replace(/^\//, '');
      if (op?.op !== 'replace' || !allowed[f]) return [fieldError('agreement', f || 'path', 'InvalidField', `The field '${f}' cannot be patched here.`)];
      return typeof op.value === allowed[f] ? [] : [fieldError('agreement', f, 'InvalidField', `The ${f} field must be a ${allowed[f]}.`)];
    });
    if (errors.length) return invalidObject(c, 'agreement', errors);
    for (const op of ops) (a as Record<string, unknown>)[String(op.path).replace(/^\//, '')] = op.value;
    return c.json(agreementView(a, today()));
  });

  // Additions
  api.get('/finance/agreements/:parentId/additions', (c) => {
    const a = agreementOr404(c);
    return a instanceof Response ? a : listResponse(c, state.additionsOf(a.id) as Row[], ADDITION_FIELDS);
  });
  api.get('/finance/agreements/:parentId/additions/count', (c) => {
    const a = agreementOr404(c);
    return a instanceof Response ? a : countResponse(c, state.additionsOf(a.id) as Row[], ADDITION_FIELDS);
  });
  api.get('/finance/agreements/:parentId/additions/:id', (c) => {
    const a = agreementOr404(c);
    if (a instanceof Response) return a;
    const row = state.additions.get(idParam(c, 'id') ?? -1);
    return row && row.agreementId === a.id ? c.json(project(row as Row, c.req.query('fields'))) : notFoundBody(c, 'Addition', c.req.param('id'));
  });
  api.post('/finance/agreements/:parentId/additions', async (c) => {
    const a = agreementOr404(c);
    if (a instanceof Response) return a;
    const body = await jsonBody(c);
    if (!body.ok) return body.res;
    if (!body.value || typeof body.value !== 'object' || Array.isArray(body.value)) {
      return invalidObject(c, 'addition', [fieldError('addition', 'body', 'InvalidField', 'The body must be an addition object.')]);
    }
    const input = { ...(body.value as Record<string, unknown>) };
    delete input.id;
    delete input._info;
    const errors = checkAddition(state, a, input);
    if (errors.length) return invalidObject(c, 'addition', errors);
    const created = complete(state, a, { ...input, id: state.takeAdditionId() }, today(), memberOf(c), now?.());
    created.sequenceNumber = state.additionsOf(a.id).length + 1;
    state.additions.set(created.id!, created);
    state.created.push({
      id: created.id!,
      agreementId: a.id,
      productId: created.product.id as number,
      quantity: created.quantity ?? 0,
      effectiveDate: created.effectiveDate ?? null,
      unitPrice: created.unitPrice ?? null,
      at: new Date().toISOString(),
    });
    return c.json(created, 201);
  });
  api.patch('/finance/agreements/:parentId/additions/:id', async (c) => {
    const a = agreementOr404(c);
    if (a instanceof Response) return a;
    const current = state.additions.get(idParam(c, 'id') ?? -1);
    if (!current || current.agreementId !== a.id) return notFoundBody(c, 'Addition', c.req.param('id'));
    const body = await jsonBody(c);
    if (!body.ok) return body.res;
    const patched = applyPatch(current, body.value);
    if ('errors' in patched) return invalidObject(c, 'addition', patched.errors);
    const errors = checkAddition(state, a, patched.next);
    if (errors.length) return invalidObject(c, 'addition', errors);
    const saved = complete(state, a, patched.next, today(), memberOf(c), now?.());
    state.additions.set(saved.id!, saved);
    return c.json(saved);
  });
  api.delete('/finance/agreements/:parentId/additions/:id', (c) => {
    const a = agreementOr404(c);
    if (a instanceof Response) return a;
    const id = idParam(c, 'id') ?? -1;
    const current = state.additions.get(id);
    if (!current || current.agreementId !== a.id) return notFoundBody(c, 'Addition', c.req.param('id'));
    state.additions.delete(id);
    return c.body(null, 204);
  });

  // Adjustments (one-off money amounts on an agreement)
  api.get('/finance/agreements/:parentId/adjustments', (c) => {
    const a = agreementOr404(c);
    return a instanceof Response ? a : listResponse(c, state.adjustmentsOf(a.id) as unknown as Row[], ADJUSTMENT_FIELDS);
  });
  api.get('/finance/agreements/:parentId/adjustments/count', (c) => {
    const a = agreementOr404(c);
    return a instanceof Response ? a : countResponse(c, state.adjustmentsOf(a.id) as unknown as Row[], ADJUSTMENT_FIELDS);
  });
  api.post('/finance/agreements/:parentId/adjustments', async (c) => {
    const a = agreementOr404(c);
    if (a instanceof Response) return a;
    const body = await jsonBody(c);
    if (!body.ok) return body.res;
    const v = (body.value ?? {}) as Record<string, unknown>;
    const errors = [];
    if (typeof v.amount !== 'number') errors.push(fieldError('adjustment', 'amount', 'NullValue', 'The amount field is required.'));
    if (typeof v.description === 'string' && v.description.length > 1000) errors.push(fieldError('adjustment', 'description', 'TooLong', 'description may be at most 1000 characters.'));
    if (errors.length) return invalidObject(c, 'adjustment', errors);
    const row = {
      id: state.takeAdjustmentId(),
      amount: v.amount as number,
      description: typeof v.description === 'string' ? v.description : '',
      effectiveDate: typeof v.effectiveDate === 'string' ? v.effectiveDate : `${today()}T00:00:00Z`,
      agreementId: a.id,
    };
    state.adjustments.set(row.id, row);
    return c.json(row, 201);
  });

  // Product catalog
  const catalog = () => [...state.catalog.values()] as Row[];
  api.get('/procurement/catalog', (c) => listResponse(c, catalog(), CATALOG_FIELDS));
  api.get('/procurement/catalog/count', (c) => countResponse(c, catalog(), CATALOG_FIELDS));
  api.get('/procurement/catalog/:id', (c) => {
    const row = state.catalog.get(idParam(c, 'id') ?? -1);
    return row ? c.json(project(row as Row, c.req.query('fields'))) : notFoundBody(c, 'CatalogItem', c.req.param('id'));
  });

  api.notFound((c) => cwError(c, 404, 'NotFound', `The resource ${new URL(c.req.url).pathname} was not found.`));
  return api;
}
