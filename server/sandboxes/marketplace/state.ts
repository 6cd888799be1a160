/**
 * The sandbox's world: generated data plus what changed since (through `POST /orders` or the test
 * controls). Only changed subscriptions are held in memory; the rest is computed from the generator.
 */
import type { ApiCustomer, ApiSubscription, ApiSubscriptionDetailed, ApiSubscriptionProduct, Money } from './api-types.js';
import type { Clock } from '../clock.js';
import { isoDate, type GenSubscription, type MarketplaceData } from './data.js';
import { hashInts } from './prng.js';
import type { OrderBook } from './orders.js';

export interface Line {
  product: number;
  quantity: number;
}

/** Raw edits for bad-input tests: served as-is, so the client sees duplicates, negatives, gaps. */
export interface Corruption {
  /** Replaces `products` of the subscription's detail. */
  products?: unknown[];
  /** Fields left out of the list item and the detail. */
  omit?: string[];
}

interface Override {
  status?: GenSubscription['status'];
  lastModifiedDate?: string;
  renewalDate?: string;
  lines?: Line[];
  corrupt?: Corruption;
}

export interface ListFilter {
  customerId?: string;
  status?: string;
  creationDateFrom?: string;
  creationDateTo?: string;
}

/**
 * Behaviours a live Marketplace may show that research could not settle (research marketplace.md "Open
 * questions"): a server that ignores `creationTimeFrom` on GET /orders (one integrator found no working date
 * filter), one that ignores `creationDateFrom` on GET /subscriptions (same doubt, never tried live), and
 * details whose products carry no `id`. An ignored filter returns the whole list, still newest first.
 */
export interface MarketplaceSwitches {
  ignoreCreationTimeFrom: boolean;
  ignoreCreationDateFrom: boolean;
  omitProductIds: boolean;
}

export class SandboxState {
  readonly switches: MarketplaceSwitches = { ignoreCreationTimeFrom: false, ignoreCreationDateFrom: false, omitProductIds: false };
  readonly overrides = new Map<string, Override>();
  /** Subscriptions created by sales orders, newest first. */
  readonly added: GenSubscription[] = [];
  orders!: OrderBook;

  constructor(
    readonly data: MarketplaceData,
    readonly clock: Clock,
  ) {}

  today(): string {
    return isoDate(this.clock.now().getTime());
  }

  nextSubscriptionId(): string {
    return String(1_000_800 + this.data.subscriptionCount + this.added.length);
  }

  /** A subscription with every change applied; null when unknown. */
  subscription(id: string): GenSubscription | null {
    const j = this.data.subscriptionIndexOf(id);
    const base = j >= 0 ? this.data.subscriptionAt(j) : (this.added.find((s) => s.id === id) ?? null);
    return base ? this.apply(base) : null;
  }

  private apply(base: GenSubscription): GenSubscription {
    const o = this.overrides.get(base.id);
    if (!o) return base;
    return {
      ...base,
      status: o.status ?? base.status,
      lastModifiedDate: o.lastModifiedDate ?? base.lastModifiedDate,
      renewalDate: o.renewalDate ?? base.renewalDate,
      lines: o.lines ?? base.lines,
    };
  }

  /** Records a change the way the platform does: new values, and today as lastModifiedDate. */
  change(id: string, edit: Omit<Override, 'lastModifiedDate' | 'corrupt'>): void {
    const o = this.overrides.get(id) ?? {};
    this.overrides.set(id, { ...o, ...edit, lastModifiedDate: this.today() });
  }

  corrupt(id: string, c: Corruption | null): void {
    const o = this.overrides.get(id) ?? {};
    this.overrides.set(id, { ...o, corrupt: c ?? undefined });
  }

  /** Sets a product's count directly, as a change made outside the API (test control). */
  setCount(subscriptionId: string, product: string, quantity: number): boolean {
    const sub = this.subscription(subscriptionId);
    if (!sub) return false;
    const k = this.data.catalog.findIndex((p) => p.mpn === product || p.id === product);
    if (k < 0) return false;
    const lines = sub.lines.map((l) => ({ ...l }));
    const line = lines.find((l) => l.product === k);
    if (line) line.quantity = quantity;
    else lines.push({ product: k, quantity });
    this.change(subscriptionId, { lines });
    return true;
  }

  listSubscriptions(f: ListFilter, offset: number, limit: number): { items: ApiSubscription[]; total: number } {
    const matches = (s: GenSubscription) =>
      (!f.status || s.status === f.status) &&
      (!f.creationDateFrom || s.creationDate >= f.creationDateFrom) &&
      (!f.creationDateTo || s.creationDate <= f.creationDateTo);
    const addedHits = this.added.filter((s) => !f.customerId || s.customerId === f.customerId).map((s) => this.apply(s)).filter(matches);
    let lo = 0;
    let hi = this.data.subscriptionCount;
    if (f.customerId) {
      const i = this.data.customerIndexOf(f.customerId);
      [lo, hi] = i >= 0 ? this.data.subscriptionsOfCustomer(i) : [0, 0];
    }
    const plain = !f.status && !f.creationDateFrom && !f.creationDateTo;
    // Without filters the base part is a plain range; with them, one cheap pass picks the indices.
    const idx: number[] | null = plain ? null : [];
    if (idx) {
      for (let j = lo; j < hi; j++) {
        const cheap = !f.status || this.overrides.has(this.data.subscriptionAt(j).id) || this.data.statusAt(j) === f.status;
        if (cheap && matches(this.apply(this.data.subscriptionAt(j)))) idx.push(j);
      }
    }
    const baseTotal = idx ? idx.length : hi - lo;
    const total = addedHits.length + baseTotal;
    const items: ApiSubscription[] = [];
    for (let k = offset; k < Math.min(total, offset + limit); k++) {
      const s = k < addedHits.length ? addedHits[k]! : this.apply(this.data.subscriptionAt(idx ? idx[k - addedHits.length]! : lo + k - addedHits.length));
      items.push(this.toApi(s));
    }
    return { items, total };
  }

  toApi(s: GenSubscription): ApiSubscription {
    const out: ApiSubscription = {
      id: s.id,
      name: s.name,
      customerId: s.customerId,
      status: s.status,
      attributes: {},
      renewalStatus: true,
      creationDate: s.creationDate,
      renewalDate: s.renewalDate,
      lastModifiedDate: s.lastModifiedDate,
      // billingPeriod/subscriptionPeriod/billingModel arrive on Subscription in API 1.8+ (apidocs.cloud.im/1.9/notes);
      // v1.6 allows extra properties, and the snapshot needs the billing period.
      billingPeriod: { type: 'month', duration: 1 },
      subscriptionPeriod: { type: s.termMonths === 12 ? 'year' : 'month', duration: 1 },
      billingModel: 'chargeBeforeBillingPeriod',
    };
    return this.omit(s.id, out);
  }

  detail(id: string): ApiSubscriptionDetailed | null {
    const s = this.subscription(id);
    if (!s) return null;
    const products: ApiSubscriptionProduct[] = s.lines.map((l) => {
      const p = this.data.catalog[l.product]!;
      return {
        mpn: p.mpn,
        vendor: p.vendor,
        ...(this.switches.omitProductIds ? {} : { id: p.id }),
        name: p.name,
        quantity: l.quantity,
        unitPrice: this.money(p.unitPrice),
        unitCost: this.money(p.unitCost),
        extendedPrice: this.money(p.unitPrice * l.quantity),
        vendorSubscriptionId: vendorSubscriptionId(this.data.seed, s.id, l.product),
      };
    });
    const total = s.lines.reduce((sum, l) => sum + this.data.catalog[l.product]!.unitPrice * l.quantity, 0);
    const corrupt = this.overrides.get(id)?.corrupt;
    const out: ApiSubscriptionDetailed = {
      ...this.toApi(s),
      totalPrice: this.money(total),
      products: corrupt?.products ? (corrupt.products as ApiSubscriptionProduct[]) : products,
      planId: s.planId,
    };
    return this.omit(id, out);
  }

  private omit<T extends object>(id: string, obj: T): T {
    const omit = this.overrides.get(id)?.corrupt?.omit;
    if (!omit) return obj;
    const copy = { ...obj } as Record<string, unknown>;
    for (const k of omit) delete copy[k];
    return copy as T;
  }

  money(n: number): Money {
    return { currency: this.data.currency, amount: String(Math.round(n * 100) / 100) };
  }

  customer(id: string): ApiCustomer | null {
    const i = this.data.customerIndexOf(id);
    return i < 0 ? null : this.customerAt(i);
  }

  customerAt(i: number): ApiCustomer {
    const c = this.data.customerAt(i);
    const h = hashInts(this.data.seed, 9, i);
    const slug = c.name.toLowerCase().replace(/[^a-z0-9]+/g, '').slice(0, 20) || 'customer';
    return {
      id: c.id,
      name: c.name,
      status: 'active',
      externalId: `EXT-${c.id}`,
      address: { streetAddress: `${(h % 900) + 100} Main Street`, postalCode: String(10_000 + (h % 89_999)), city: 'Springfield', state: 'IL', countryCode: 'US' },
      contactPersons: [{ type: 'admin', firstName: 'Pat', lastName: 'Admin', email: `admin@${slug}.example`, phoneNumber: `+1 555 ${String(h % 10_000).padStart(4, '0')}` }],
      language: 'en',
      attributes: {},
    };
  }

  listCustomers(f: { name?: string; externalId?: string; email?: string }, offset: number, limit: number): { items: ApiCustomer[]; total: number } {
    const n = this.data.customerCount;
    if (!f.name && !f.externalId && !f.email) {
      const items: ApiCustomer[] = [];
      for (let i = offset; i < Math.min(n, offset + limit); i++) items.push(this.customerAt(i));
      return { items, total: n };
    }
    const hits: number[] = [];
    const needle = f.name?.toLowerCase();
    for (let i = 0; i < n; i++) {
      const c = this.customerAt(i);
      if (needle && !c.name.toLowerCase().includes(needle)) continue;
      if (f.externalId && c.externalId !== f.externalId) continue;
      if (f.email && !c.contactPersons.some((p) => p.email === f.email)) continue;
      hits.push(i);
    }
    return { items: hits.slice(offset, offset + limit).map((i) => this.customerAt(i)), total: hits.length };
  }
}

function vendorSubscriptionId(seed: number, subId: string, product: number): string {
  const h = (x: number) => hashInts(seed, Number(subId), product, x).toString(16).padStart(8, '0');
  return `${h(1)}-${h(2).slice(0, 4)}-${h(3).slice(0, 4)}-${h(4).slice(0, 4)}-${h(5)}${h(6).slice(0, 4)}`;
}
