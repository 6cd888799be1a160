/**
 * Deterministic demo data for the Marketplace sandbox. Everything is a function of (seed, index):
 * `subscriptionAt(j)` computes subscription j when asked, so the benchmark set (10,000 customers,
 * 30,000 subscriptions, 60,000 resources) costs one Int32Array of offsets, not 100,000 objects.
 */
import { DEMO_CUSTOMERS, DEMO_PRODUCTS } from '../demo-world.js';
import { distinctIndices, hashInts, pick, rngFor } from './prng.js';

export interface CatalogProduct {
  /** What the API calls `products[].id`: the ODIN Resource ID. */
  id: string;
  mpn: string;
  vendor: string;
  name: string;
  unit: string;
  unitPrice: number;
  unitCost: number;
}

export interface GenCustomer {
  id: string;
  name: string;
}

export interface GenSubscription {
  id: string;
  customerId: string;
  name: string;
  status: 'active' | 'hold' | 'terminated';
  creationDate: string;
  renewalDate: string;
  lastModifiedDate: string;
  termMonths: 1 | 12;
  planId: number;
  /** catalog index + quantity, distinct products. */
  lines: { product: number; quantity: number }[];
}

export interface MarketplaceData {
  readonly seed: number;
  readonly currency: string;
  readonly catalog: readonly CatalogProduct[];
  readonly customerCount: number;
  readonly subscriptionCount: number;
  customerAt(i: number): GenCustomer;
  customerIndexOf(id: string): number;
  subscriptionAt(j: number): GenSubscription;
  subscriptionIndexOf(id: string): number;
  /** Subscription indices [start, end) of customer i (subscriptions are grouped by customer). */
  subscriptionsOfCustomer(i: number): [number, number];
  /** Cheap status of subscription j, for list filters over the large set. */
  statusAt(j: number): GenSubscription['status'];
}

export type Count = number | readonly [min: number, max: number];

export interface GenerateOptions {
  seed?: number;
  /** Each subscription holds products of its first product's vendor only (the demo; the benchmark set keeps its size). */
  onePlanVendor?: boolean;
  /** The roster's customers, or a number of generated ones. */
  customers: readonly { odinAccountId: string; name: string }[] | number;
  subscriptionsPerCustomer: Count;
  resourcesPerSubscription: Count;
  catalog?: readonly CatalogProduct[];
  /** Date the data describes; every generated date is at least 30 days before it. */
  asOf?: string;
  /** Share of subscriptions on hold / terminated (default 0.02 / 0.01). */
  holdShare?: number;
  terminatedShare?: number;
}

const SUB_BASE = 1_000_800;
const CUSTOMER_BASE = 1_200_000_500;
const DAY = 86_400_000;

export const DEMO_CATALOG: readonly CatalogProduct[] = DEMO_PRODUCTS.map((p, k) => ({
  id: String(100_230 + k),
  mpn: p.mpn,
  vendor: p.mpn.startsWith('AV-') ? 'Acronis' : 'Microsoft',
  name: p.name,
  unit: p.unit,
  unitPrice: p.unitPrice,
  unitCost: p.unitCost,
}));

/** The demo catalog plus generated add-ons, for the benchmark set. */
export function largeCatalog(size = 40): CatalogProduct[] {
  const extra = Array.from({ length: Math.max(0, size - DEMO_CATALOG.length) }, (_, k) => {
    const price = 2 + (hashInts(7, k) % 60);
    return {
      id: String(100_300 + k),
      mpn: `SKU-${String(k + 1).padStart(4, '0')}-M`,
      vendor: 'Contoso',
      name: `Contoso Cloud Service ${k + 1}`,
      unit: k % 3 === 0 ? 'device' : 'user',
      unitPrice: price,
      unitCost: Math.round(price * 90) / 100,
    };
  });
  return [...DEMO_CATALOG, ...extra];
}

export function generateMarketplaceData(opts: GenerateOptions): MarketplaceData {
  const seed = opts.seed ?? 1;
  const catalog = opts.catalog ?? DEMO_CATALOG;
  const roster = typeof opts.customers === 'number' ? null : opts.customers;
  const customerCount = roster ? roster.length : (opts.customers as number);
  const asOf = Date.parse(`${opts.asOf ?? '2026-11-01'}T00:00:00Z`);
  const holdShare = opts.holdShare ?? 0.02;
  const terminatedShare = opts.terminatedShare ?? 0.01;

  const offsets = new Int32Array(customerCount + 1);
  for (let i = 0; i < customerCount; i++) offsets[i + 1] = offsets[i]! + draw(opts.subscriptionsPerCustomer, rngFor(seed, 1, i));
  const subscriptionCount = offsets[customerCount]!;
  const customerIds = roster?.map((c) => c.odinAccountId);

  const customerAt = (i: number): GenCustomer => {
    if (roster) return { id: roster[i]!.odinAccountId, name: roster[i]!.name };
    const rng = rngFor(seed, 2, i);
    return { id: String(CUSTOMER_BASE + i), name: `${pick(rng, ADJ)} ${pick(rng, NOUN)} ${pick(rng, SUFFIX)} ${i + 1}` };
  };
  const customerOfSub = (j: number): number => {
    let lo = 0;
    let hi = customerCount - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (offsets[mid]! <= j) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const statusAt = (j: number): GenSubscription['status'] => {
    const u = hashInts(seed, 3, j) / 4294967296;
    return u < terminatedShare ? 'terminated' : u < terminatedShare + holdShare ? 'hold' : 'active';
  };

  return {
    seed,
    currency: 'USD',
    catalog,
    customerCount,
    subscriptionCount,
    customerAt,
    customerIndexOf: (id) => (customerIds ? customerIds.indexOf(id) : inRange(Number(id) - CUSTOMER_BASE, customerCount, id)),
    subscriptionIndexOf: (id) => inRange(Number(id) - SUB_BASE, subscriptionCount, id),
    subscriptionsOfCustomer: (i) => [offsets[i]!, offsets[i + 1]!],
    statusAt,
    subscriptionAt(j) {
      const rng = rngFor(seed, 4, j);
      const drawn = distinctIndices(rng, draw(opts.resourcesPerSubscription, rng), catalog.length).map((product) => ({
        product,
        quantity: 1 + Math.floor(rng() * 40),
      }));
      const lines = opts.onePlanVendor ? ofOnePlan(drawn, catalog) : drawn;
      // Newest first is the API's list order (since 1.5): creation dates fall as j grows.
      const created = asOf - 30 * DAY - Math.floor((j * 700 * DAY) / Math.max(1, subscriptionCount));
      const modified = created + Math.floor(rng() * (asOf - 30 * DAY - created));
      const termMonths = rng() < 0.7 ? 12 : 1;
      return {
        id: String(SUB_BASE + j),
        customerId: customerAt(customerOfSub(j)).id,
        name: catalog[lines[0]!.product]!.name + (termMonths === 12 ? ' (Annual)' : ' (Monthly)'),
        status: statusAt(j),
        creationDate: isoDate(created),
        renewalDate: nextRenewal(created, termMonths, asOf),
        lastModifiedDate: isoDate(modified),
        termMonths,
        planId: 10_000 + lines[0]!.product,
        lines,
      };
    },
  };
}

/**
 * The demo: the roster's 12 customers, 1-3 subscriptions each, 1-3 of DEMO_PRODUCTS per subscription. Demo mode
 * passes the clock's date as `asOf`, so renewal dates lie ahead of today as they would in a live Marketplace
 * (the PSA sandboxes' demo contracts are cut to the same dates, see demo-purchases.ts).
 */
export function demoMarketplaceData(seed = 20_261_124, asOf?: string): MarketplaceData {
  return generateMarketplaceData({
    seed,
    asOf,
    onePlanVendor: true,
    customers: DEMO_CUSTOMERS,
    subscriptionsPerCustomer: [1, 3],
    resourcesPerSubscription: [1, 3],
    holdShare: 0,
    terminatedShare: 0,
  });
}

/** The benchmark set: 10,000 customers x 3 subscriptions x 2 resources. */
export function largeMarketplaceData(seed = 42): MarketplaceData {
  return generateMarketplaceData({ seed, customers: 10_000, subscriptionsPerCustomer: 3, resourcesPerSubscription: 2, catalog: largeCatalog() });
}

/**
 * A subscription holds products of its own plan, whose vendor is the first product's: an Acronis subscription
 * holds Acronis resources, not Exchange. A line of another vendor becomes the next unused product of the plan's
 * vendor in catalog order, or is dropped when the vendor has no more (the random draws stay as they were).
 */
export function ofOnePlan(lines: { product: number; quantity: number }[], catalog: readonly CatalogProduct[]): { product: number; quantity: number }[] {
  const vendor = catalog[lines[0]!.product]!.vendor;
  const used = new Set(lines.filter((l) => catalog[l.product]!.vendor === vendor).map((l) => l.product));
  const out: { product: number; quantity: number }[] = [];
  for (const l of lines) {
    if (catalog[l.product]!.vendor === vendor) {
      out.push(l);
      continue;
    }
    let k = l.product;
    for (let step = 0; step < catalog.length && (catalog[k]!.vendor !== vendor || used.has(k)); step++) k = (k + 1) % catalog.length;
    if (catalog[k]!.vendor !== vendor || used.has(k)) continue;
    used.add(k);
    out.push({ product: k, quantity: l.quantity });
  }
  return out;
}

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function nextRenewal(created: number, termMonths: number, asOf: number): string {
  const d = new Date(created);
  while (d.getTime() <= asOf) d.setUTCMonth(d.getUTCMonth() + termMonths);
  return isoDate(d.getTime());
}

function draw(c: Count, rng: () => number): number {
  if (typeof c === 'number') return c;
  return c[0] + Math.floor(rng() * (c[1] - c[0] + 1));
}

function inRange(i: number, size: number, id: string): number {
  return /^\d+$/.test(id) && Number.isInteger(i) && i >= 0 && i < size ? i : -1;
}

const ADJ = ['Northern', 'Blue', 'Summit', 'Coastal', 'Prairie', 'Granite', 'Silver', 'Evergreen', 'Harbor', 'Red Rock'];
const NOUN = ['Logistics', 'Dental', 'Legal', 'Bakery', 'Outfitters', 'Clinic', 'Builders', 'Accounting', 'Farms', 'Media'];
const SUFFIX = ['LLC', 'Inc.', 'Co.', 'Group', 'Partners'];
