/**
 * Leases (table `leases`): two processes on one database never run the same tenant's cycle at once.
 * Taking a lease is one conditional write (insert, or update when expired or already ours), so the
 * database decides the race. The holder renews on a heartbeat (every third of the TTL) and checks before
 * every post; a process that lost its lease (paused longer than the TTL) stops before sending anything more.
 * A killed holder would block its tenant until the TTL ran out; where the host can tell (Node: the holder
 * records host and pid), a holder whose process is gone is taken over at once, again by one conditional
 * write that names the dead holder, so two takers cannot both win.
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

/** The process a lease holder runs in, as far as the host can tell (Node: host and pid; Workers: none). */
export interface HolderProcess {
  /** Recorded in the holder after '@', e.g. `node:<host>:<pid>`. */
  tag: string;
  /** True only when `tag` names a process that certainly no longer runs. */
  gone(tag: string): boolean;
}

/** `<kind>:<uuid>` plus `@<process tag>` when the host can name its process. */
export const holderId = (kind: string, process?: HolderProcess) => `${kind}:${crypto.randomUUID()}${process ? `@${process.tag}` : ''}`;

const tagOf = (holder: string) => (holder.includes('@') ? holder.slice(holder.lastIndexOf('@') + 1) : null);

/** The lease row, if any (who holds it and until when). */
export async function leaseRow(store: Store, name: string): Promise<{ holder: string; expiresAt: string } | null> {
  const { db, t } = store;
  const [row] = await db.select().from(t.leases).where(eq(t.leases.name, name));
  return row ? { holder: row.holder, expiresAt: row.expiresAt } : null;
}

/** Take the lease from a holder whose process is gone; false when it is alive, unknown or changed meanwhile. */
export async function takeFromDeadHolder(store: Store, name: string, holder: string, ttlMs: number, now: Date, process: HolderProcess): Promise<boolean> {
  const row = await leaseRow(store, name);
  const tag = row ? tagOf(row.holder) : null;
  if (!row || !tag || !process.gone(tag)) return false;
  const { db, t } = store;
  const res = await db
    .update(t.leases)
    .set({ holder, expiresAt: new Date(now.getTime() + ttlMs).toISOString() })
    .where(and(eq(t.leases.name, name), eq(t.leases.holder, row.holder)));
  return store.affected(res) === 1;
}

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

/** A held lease that renews itself on a heartbeat (a third of its TTL); `check` throws LeaseLost once it is gone. */
export class HeldLease {
  private renewedAt: number;
  private lost = false;
  private readonly beat: ReturnType<typeof setInterval>;
  constructor(
    private readonly store: Store,
    readonly name: string,
    readonly holder: string,
    private readonly ttlMs: number,
    private readonly now: () => Date,
  ) {
    this.renewedAt = now().getTime();
    // Renewal must not wait for the next post: a request hanging on the PSA keeps the lease alive, so
    // nobody settles (and re-sends) a row whose send may still be answered.
    this.beat = setInterval(() => void this.renew().catch(() => undefined), Math.max(1, Math.floor(ttlMs / 3)));
    (this.beat as { unref?: () => void }).unref?.();
  }

  /** Take the lease: free, expired, ours, or held by a process the host knows is gone. */
  static async take(store: Store, name: string, holder: string, ttlMs: number, now: () => Date, process?: HolderProcess): Promise<HeldLease | null> {
    const at = now();
    const got = (await acquireLease(store, name, holder, ttlMs, at)) || (!!process && (await takeFromDeadHolder(store, name, holder, ttlMs, at, process)));
    return got ? new HeldLease(store, name, holder, ttlMs, now) : null;
  }

  private async renew(): Promise<void> {
    if (this.lost) return;
    const at = this.now();
    if (!(await renewLease(this.store, this.name, this.holder, this.ttlMs, at))) this.lost = true;
    else this.renewedAt = Math.max(this.renewedAt, at.getTime());
  }

  async check(): Promise<void> {
    if (this.lost) throw new LeaseLost(this.name);
    const at = this.now();
    if (at.getTime() - this.renewedAt < this.ttlMs / 3) return;
    await this.renew();
    if (this.lost) throw new LeaseLost(this.name);
  }

  release(): Promise<void> {
    clearInterval(this.beat);
    this.lost = true;
    return releaseLease(this.store, this.name, this.holder);
  }
}
