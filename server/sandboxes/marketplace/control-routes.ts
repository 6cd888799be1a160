/**
 * HTTP face of the sandbox's test controls, under `/_control` (not part of the Marketplace API):
 *   POST /_control/faults        Fault JSON (see controls.ts)      DELETE /_control/faults
 *   POST /_control/counts        { subscriptionId, product (mpn or resource id), quantity }
 *   POST /_control/status        { subscriptionId, status }
 *   POST /_control/corrupt       { subscriptionId, products?, omit? }  (null products/omit clears)
 *   POST /_control/expire-tokens  POST /_control/budget { requests, perSeconds } | null
 *   GET  /_control/stats          POST /_control/stats/reset
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import type { MarketplaceSwitches, SandboxState } from './state.js';
import type { Budget, Fault, FaultList, SandboxStats } from './controls.js';

interface Deps {
  state: SandboxState;
  stats: SandboxStats;
  controls: {
    faults: FaultList;
    inject(f: Fault): void;
    setCount(subscriptionId: string, product: string, quantity: number): boolean;
    setStatus(subscriptionId: string, status: 'active' | 'hold' | 'terminated'): void;
    expireTokens(): void;
    setBudget(b: Budget | null): void;
    setSwitches(s: Partial<MarketplaceSwitches>): unknown;
  };
}

const faultSchema = z.strictObject({
  route: z.string().min(1),
  times: z.number().int().positive().optional(),
  status: z.number().int().min(400).max(599).optional(),
  retryAfterSeconds: z.number().nonnegative().optional(),
  delayMs: z.number().int().nonnegative().max(120_000).optional(),
  malformed: z.boolean().optional(),
  repeatPage: z.boolean().optional(),
  expireTokens: z.boolean().optional(),
  query: z.record(z.string(), z.string()).optional(),
});
const countSchema = z.strictObject({ subscriptionId: z.string(), product: z.string(), quantity: z.number().int().min(0) });
const statusSchema = z.strictObject({ subscriptionId: z.string(), status: z.enum(['active', 'hold', 'terminated']) });
const corruptSchema = z.strictObject({ subscriptionId: z.string(), products: z.array(z.unknown()).nullable().optional(), omit: z.array(z.string()).optional() });
const switchesSchema = z.strictObject({ ignoreCreationTimeFrom: z.boolean().optional(), ignoreCreationDateFrom: z.boolean().optional(), omitProductIds: z.boolean().optional() });
const budgetSchema = z.strictObject({ requests: z.number().int().positive(), perSeconds: z.number().positive() }).nullable();

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function registerControlRoutes(app: Hono<any>, { state, stats, controls }: Deps): void {
  const body = async <T extends z.ZodType>(req: Request, schema: T) => schema.safeParse(await req.json().catch(() => undefined));

  app.post('/_control/faults', async (c) => {
    const p = await body(c.req.raw, faultSchema);
    if (!p.success) return c.json({ error: p.error.message }, 400);
    controls.inject(p.data);
    return c.json({ pending: controls.faults.pending.length });
  });
  app.delete('/_control/faults', (c) => {
    controls.faults.clear();
    return c.json({ pending: 0 });
  });
  app.post('/_control/counts', async (c) => {
    const p = await body(c.req.raw, countSchema);
    if (!p.success) return c.json({ error: p.error.message }, 400);
    const ok = controls.setCount(p.data.subscriptionId, p.data.product, p.data.quantity);
    return ok ? c.json({ ok }) : c.json({ error: 'unknown subscription or product' }, 404);
  });
  app.post('/_control/status', async (c) => {
    const p = await body(c.req.raw, statusSchema);
    if (!p.success) return c.json({ error: p.error.message }, 400);
    if (!state.subscription(p.data.subscriptionId)) return c.json({ error: 'unknown subscription' }, 404);
    controls.setStatus(p.data.subscriptionId, p.data.status);
    return c.json({ ok: true });
  });
  app.post('/_control/corrupt', async (c) => {
    const p = await body(c.req.raw, corruptSchema);
    if (!p.success) return c.json({ error: p.error.message }, 400);
    const { subscriptionId, products, omit } = p.data;
    state.corrupt(subscriptionId, products === null && !omit ? null : { products: products ?? undefined, omit });
    return c.json({ ok: true });
  });
  app.post('/_control/switches', async (c) => {
    const p = await body(c.req.raw, switchesSchema);
    if (!p.success) return c.json({ error: p.error.message }, 400);
    controls.setSwitches(p.data);
    return c.json({ ok: true, switches: state.switches });
  });
  app.post('/_control/expire-tokens', (c) => {
    controls.expireTokens();
    return c.json({ ok: true });
  });
  app.post('/_control/budget', async (c) => {
    const p = await body(c.req.raw, budgetSchema);
    if (!p.success) return c.json({ error: p.error.message }, 400);
    controls.setBudget(p.data);
    return c.json({ ok: true });
  });
  app.get('/_control/stats', (c) => c.json({ total: stats.total, byRoute: stats.byRoute }));
  app.post('/_control/stats/reset', (c) => {
    stats.reset();
    return c.json({ ok: true });
  });
}
