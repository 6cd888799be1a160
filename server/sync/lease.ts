/**
 * Leases (table `leases`): two processes on one database never run the same tenant's cycle at once.
 * Taking a lease is one conditional write (insert, or update when expired or already ours), so the
 * database decides the race. The holder renews while it works and checks before every post; a process
 * that lost its lease (paused longer than the TTL) stops before sending anything more.
 */
import { and, eq, lt, or } from 'drizzle-orm';
import type { Store } from '../db/store.js';

export class LeaseLost extends Error {
  constructor(name: string) {
    super(`lease ${name} was lost`);
    this.name = 'LeaseLost';
  }
}

export const cycleLeaseName = (tenantId: string) => `sync:${tenantId}`;

export async function acquireLease(store: Store, name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
  const { db, t } = store;
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  if (await store.insertIfAbsent(t.leases, { name, holder, expiresAt }, [t.leases.name])) return true;
  const res = await db
    .update(t.leases)
    .set({ holder, expiresAt })
    .where(and(eq(t.leases.name, name), or(lt(t.leases.expiresAt, now.toISOString()), eq(t.leases.holder, holder))));
  return store.affected(res) === 1;
}

export async function renewLease(store: Store, name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
  const { db, t } = store;
  const res = await db
    .update(t.leases)
    .set({ expiresAt: new Date(now.getTime() + ttlMs).toISOString() })
    .where(and(eq(t.leases.name, name), eq(t.leases.holder, holder)));
  return store.affected(res) === 1;
}

export async function releaseLease(store: Store, name: string, holder: string): Promise<void> {
  const { db, t } = store;
  await db.delete(t.leases).where(and(eq(t.leases.name, name), eq(t.leases.holder, holder)));
}

/** Whether someone holds the lease now (for GET /api/sync). */
export async function leaseHeld(store: Store, name: string, now: Date): Promise<boolean> {
  const { db, t } = store;
  const rows = await db.select().from(t.leases).where(eq(t.leases.name, name));
  return rows.some((r) => r.expiresAt > now.toISOString());
}

/** A held lease that renews itself when a third of its life has passed; `check` throws LeaseLost. */
export class HeldLease {
  private renewedAt: number;
  constructor(
    private readonly store: Store,
    readonly name: string,
    readonly holder: string,
    private readonly ttlMs: number,
    private readonly now: () => Date,
  ) {
    this.renewedAt = now().getTime();
  }

  static async take(store: Store, name: string, holder: string, ttlMs: number, now: () => Date): Promise<HeldLease | null> {
    return (await acquireLease(store, name, holder, ttlMs, now())) ? new HeldLease(store, name, holder, ttlMs, now) : null;
  }

  async check(): Promise<void> {
    const at = this.now();
    if (at.getTime() - this.renewedAt < this.ttlMs / 3) return;
    if (!(await renewLease(this.store, this.name, this.holder, this.ttlMs, at))) throw new LeaseLost(this.name);
    this.renewedAt = at.getTime();
  }

  release(): Promise<void> {
    return releaseLease(this.store, this.name, this.holder);
  }
}
