/** The pod's API: one contract's linked resources (both sides), this period's adjustments, failures with Retry, drift. */
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.js';
import { createTestServices } from '../../helpers/services.js';
import { seedTwoTenants, signIn } from '../../helpers/tenants.js';
import { seedTenantObjects } from '../security/fixtures.js';

describe('pod API', () => {
  let s: Awaited<ReturnType<typeof createTestServices>> & { app: ReturnType<typeof createApp> };
  beforeEach(async () => {
    const ctx = await createTestServices();
    await seedTwoTenants(ctx.services);
    await seedTenantObjects(ctx.services);
    s = { ...ctx, app: createApp(ctx.services) };
  });

  it("shows one contract's resources with both sides' counts and prices, adjustments, failures and drift", async () => {
    const a = await signIn(s.app, 'admin@a.example');
    const res = await a.request('GET', '/api/pod/contracts/A-contract');
    expect(res.status).toBe(200);
    const pod = (await res.json()) as any;
    expect(pod.contract).toMatchObject({ psaContractId: 'A-contract', name: 'Alpha PSA Account contract' });
    expect(pod.resources).toEqual([
      expect.objectContaining({ name: 'Alpha Resource', marketplaceCount: 5, marketplacePrice: 10, psaUnits: 5, psaPrice: 10, subscriptionName: 'Alpha Subscription' }),
    ]);
    expect(pod.adjustments).toEqual([expect.objectContaining({ id: 'a-object-0001', unitChange: 1, estimatedAmount: 5.48, effectiveDate: '2026-03-15' })]);
    expect(pod.failures).toEqual([expect.objectContaining({ id: 'a-object-0001', lastError: 'Alpha Company failure', attempts: 2 })]);
    expect(pod.drift).toEqual([expect.objectContaining({ ledgerUnits: 5, psaUnits: 7, marketplaceCount: 5 })]);
    expect(JSON.stringify(pod)).not.toMatch(/Bravo/);
    expect((await a.request('GET', '/api/pod/contracts/B-contract')).status).toBe(404);
    expect((await a.request('GET', '/api/pod/contracts/bad%20id')).status).toBe(422);
  });

  it('Retry makes a failed adjustment due now; only an admin, only a failed row of the tenant', async () => {
    s.clock.advance(3_600_000);
    const viewer = await signIn(s.app, 'viewer@a.example');
    expect((await viewer.request('POST', '/api/pod/failures/a-object-0001/retry')).status).toBe(403);
    const a = await signIn(s.app, 'admin@a.example');
    expect((await a.request('POST', '/api/pod/failures/b-object-0001/retry')).status).toBe(404);
    const res = await a.request('POST', '/api/pod/failures/a-object-0001/retry');
    expect(res.status).toBe(202);
    const [row] = await s.store.db.select().from(s.store.t.adjustments).where(eq(s.store.t.adjustments.id, 'a-object-0001'));
    expect(row!.nextAttemptAt).toBe(s.clock.now().toISOString());
    const [other] = await s.store.db.select().from(s.store.t.adjustments).where(eq(s.store.t.adjustments.id, 'b-object-0001'));
    expect(other!.nextAttemptAt).not.toBe(s.clock.now().toISOString());
  });
});
