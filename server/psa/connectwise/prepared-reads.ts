/**
 * The agreement and catalog reads a post needs (agreement dates, billing cycle, proration; product price),
 * remembered across sync cycles for one ConnectWise company, so a steady sync posts a change with one call: the
 * write (issue 16 item 3). A client lives for one cycle; this cache lives for the process (or Worker isolate).
 *
 * What keeps it honest:
 *  - a refusal forgets: our own refusal is never made on a remembered read (the client reads afresh first),
 *    and a write ConnectWise refuses (4xx) forgets that agreement and product, so the next attempt reads again;
 *  - a failed read is not remembered;
 *  - an entry is kept at most `ttlMs` (a catalog price or an agreement edited in ConnectWise is seen within it);
 *  - at most `maxEntries` per process, oldest first out.
 */
export interface PreparedReadsOptions { ttlMs: number; maxEntries: number }

export class PreparedReads {
  private readonly entries = new Map<string, { at: number; value: Promise<unknown> }>();
  constructor(private readonly o: PreparedReadsOptions) {}

  read<T>(key: string, now: number, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.o.ttlMs) return hit.value as Promise<T>;
    const value = load();
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    this.entries.delete(key); // re-insert at the end: Map order is the eviction order
    this.entries.set(key, { at: now, value });
    while (this.entries.size > this.o.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  forget(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** One cache per ConnectWise company (site + company id), shared by that tenant's clients in this process. */
const byCompany = new Map<string, PreparedReads>();
export const PREPARED_READS: PreparedReadsOptions = { ttlMs: 15 * 60_000, maxEntries: 5_000 };

export function preparedReadsFor(site: string, companyId: string): PreparedReads {
  const key = `${site.toLowerCase()}|${companyId.toLowerCase()}`;
  let reads = byCompany.get(key);
  if (!reads) byCompany.set(key, (reads = new PreparedReads(PREPARED_READS)));
  return reads;
}
