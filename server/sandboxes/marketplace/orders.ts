/**
 * Orders in the sandbox: the generated history (one `sales` order per generated subscription) and the
 * orders placed through `POST /orders`, which are what change the world.
 *
 * Where the spec is silent, the sandbox chooses (each choice is the one real data points to):
 *  - A `change` order's `products[].quantity` is a signed delta of the product's count (-1 removes a
 *    seat). Ingram's order listings show change orders that way (research/marketplace.md §1(d)). A
 *    delta that would take a count below zero is refused with HTTP 400. A catalog product not yet on
 *    the subscription is added by a positive delta. Quantities may be numbers or numeric strings
 *    ("2.0", as in the CloudBlue how-to), and must be whole.
 *  - `subscriptionId` is required for change, renewal and cancellation orders (API 1.5 notes).
 *  - Provisioning is instant: the order is `completed` (`statusCode` CP) with `provisioningDate` set
 *    when the POST returns, and the subscription's `lastModifiedDate` becomes today.
 *  - `cancellation` sets the subscription to `terminated` and leaves its counts as they were.
 *  - `renewal` moves `renewalDate` one term on. `sales` creates a subscription. `migration` is refused.
 */
import type { ApiOrder, ApiOrderLineProduct } from './api-types.js';
import type { GenSubscription } from './data.js';
import type { Line, SandboxState } from './state.js';

export interface OrderRecord {
  id: string;
  orderNumber: string;
  type: 'sales' | 'change' | 'renewal' | 'cancellation';
  customerId: string;
  subscriptionId: string;
  creationDate: string;
  provisioningDate: string;
  lines: Line[];
  poNumber?: string;
}

export interface OrderFilter {
  customerId?: string;
  subscriptionId?: string;
  orderNumber?: string;
  status?: string;
  statusCode?: string;
  creationTimeFrom?: string;
  creationTimeTo?: string;
}

export class OrderRefused extends Error {
  constructor(
    readonly status: 400 | 404,
    message: string,
  ) {
    super(message);
  }
}

const GENERATED_BASE = 4_000_000;
const PLACED_BASE = 5_000_000;

export class OrderBook {
  /** Placed orders, newest first. */
  readonly placed: OrderRecord[] = [];

  constructor(private readonly state: SandboxState) {}

  private generated(j: number): OrderRecord {
    const s = this.state.data.subscriptionAt(j);
    return {
      id: String(GENERATED_BASE + j),
      orderNumber: `SO${String(j + 1).padStart(7, '0')}`,
      type: 'sales',
      customerId: s.customerId,
      subscriptionId: s.id,
      creationDate: `${s.creationDate}T09:00:00Z`,
      provisioningDate: `${s.creationDate}T09:05:00Z`,
      lines: s.lines,
    };
  }

  find(id: string): OrderRecord | null {
    const n = Number(id);
    if (/^\d+$/.test(id) && n >= GENERATED_BASE && n < GENERATED_BASE + this.state.data.subscriptionCount) return this.generated(n - GENERATED_BASE);
    return this.placed.find((o) => o.id === id) ?? null;
  }

  list(f: OrderFilter, offset: number, limit: number): { items: ApiOrder[]; total: number } {
    const from = f.creationTimeFrom ? Date.parse(f.creationTimeFrom) : -Infinity;
    const to = f.creationTimeTo ? Date.parse(f.creationTimeTo) : Infinity;
    const ok = (o: OrderRecord) => {
      const t = Date.parse(o.creationDate);
      return (
        t >= from &&
        t <= to &&
        (!f.customerId || o.customerId === f.customerId) &&
        (!f.subscriptionId || o.subscriptionId === f.subscriptionId) &&
        (!f.orderNumber || o.orderNumber === f.orderNumber) &&
        (!f.status || f.status === 'completed') &&
        (!f.statusCode || f.statusCode === 'CP')
      );
    };
    const hits = this.placed.filter(ok);
    let lo = 0;
    let hi = this.state.data.subscriptionCount;
    if (f.customerId) {
      const i = this.state.data.customerIndexOf(f.customerId);
      [lo, hi] = i >= 0 ? this.state.data.subscriptionsOfCustomer(i) : [0, 0];
    }
    const gen: number[] = [];
    for (let j = lo; j < hi; j++) {
      const o = this.generated(j);
      // Generated orders get older as j grows: past the window's start nothing more can match.
      if (Date.parse(o.creationDate) < from) break;
      if (ok(o)) gen.push(j);
    }
    const total = hits.length + gen.length;
    const items: ApiOrder[] = [];
    for (let k = offset; k < Math.min(total, offset + limit); k++) {
      items.push(this.toListItem(k < hits.length ? hits[k]! : this.generated(gen[k - hits.length]!)));
    }
    return { items, total };
  }

  /** `Order` (list item): no products; the subscription is named in `details` only by product. */
  toListItem(o: OrderRecord): ApiOrder {
    const catalog = this.state.data.catalog;
    const total = o.lines.reduce((sum, l) => sum + catalog[l.product]!.unitPrice * l.quantity, 0);
    return {
      id: o.id,
      orderNumber: o.orderNumber,
      type: o.type,
      customerId: o.customerId,
      ...(o.poNumber ? { poNumber: o.poNumber } : {}),
      creationDate: o.creationDate,
      provisioningDate: o.provisioningDate,
      status: 'completed',
      statusCode: 'CP',
      total: this.state.money(total),
      details: o.lines.map((l) => ({
        type: o.type === 'sales' ? 'setup' : 'recurring',
        mpn: catalog[l.product]!.mpn,
        productId: catalog[l.product]!.id,
        quantity: l.quantity,
        unitPrice: this.state.money(catalog[l.product]!.unitPrice),
        extendedPrice: this.state.money(catalog[l.product]!.unitPrice * l.quantity),
      })),
    } as ApiOrder;
  }

  /** `OrderDetailed`: products[] with the subscription each line belongs to. */
  toDetail(o: OrderRecord): ApiOrder {
    const catalog = this.state.data.catalog;
    const products: ApiOrderLineProduct[] = o.lines.map((l) => ({
      mpn: catalog[l.product]!.mpn,
      vendor: catalog[l.product]!.vendor,
      ...(this.state.switches.omitProductIds ? {} : { id: catalog[l.product]!.id }),
      name: catalog[l.product]!.name,
      quantity: l.quantity,
      subscriptionId: o.subscriptionId,
    }));
    return { ...this.toListItem(o), products };
  }

  place(body: Record<string, unknown>): OrderRecord {
    // `type` is required by the OrderDetailed schema (its `default: sales` documents the usual value).
    const type = body.type;
    if (typeof type !== 'string' || !type) throw new OrderRefused(400, 'type is required');
    const customerId = typeof body.customerId === 'string' ? body.customerId : '';
    if (!customerId) throw new OrderRefused(400, 'customerId is required');
    if (!this.state.customer(customerId)) throw new OrderRefused(404, `Customer ${customerId} not found`);
    if (!['sales', 'change', 'renewal', 'cancellation'].includes(type)) {
      throw new OrderRefused(400, `Order type '${type}' is not supported`);
    }
    const lines = this.readLines(body.products, type === 'change' || type === 'sales');
    const now = this.state.clock.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
    let sub: GenSubscription | null = null;
    if (type === 'sales') {
      if (lines.length === 0) throw new OrderRefused(400, 'products must list at least one product');
      if (lines.some((l) => l.quantity <= 0)) throw new OrderRefused(400, 'quantity must be positive in a sales order');
      sub = this.createSubscription(customerId, lines);
    } else {
      const subscriptionId = typeof body.subscriptionId === 'string' ? body.subscriptionId : '';
      if (!subscriptionId) throw new OrderRefused(400, `subscriptionId is required for ${String(type)} orders`);
      sub = this.state.subscription(subscriptionId);
      if (!sub || sub.customerId !== customerId) throw new OrderRefused(404, `Subscription ${subscriptionId} not found for customer ${customerId}`);
      if (sub.status === 'terminated') throw new OrderRefused(400, `Subscription ${subscriptionId} is terminated`);
      if (type === 'change') this.applyChange(sub, lines);
      if (type === 'cancellation') this.state.change(sub.id, { status: 'terminated' });
      if (type === 'renewal') {
        const d = new Date(`${sub.renewalDate}T00:00:00Z`);
        d.setUTCMonth(d.getUTCMonth() + sub.termMonths);
        this.state.change(sub.id, { renewalDate: d.toISOString().slice(0, 10) });
      }
    }
    const n = this.placed.length;
    const order: OrderRecord = {
      id: String(PLACED_BASE + n),
      orderNumber: `SO${String(8_000_000 + n)}`,
      type: type as OrderRecord['type'],
      customerId,
      subscriptionId: sub.id,
      creationDate: now,
      provisioningDate: now,
      lines: type === 'change' || type === 'sales' ? lines : [],
      ...(typeof body.poNumber === 'string' ? { poNumber: body.poNumber } : {}),
    };
    this.placed.unshift(order);
    return order;
  }

  private readLines(raw: unknown, required: boolean): Line[] {
    if (raw === undefined && !required) return [];
    if (!Array.isArray(raw)) throw new OrderRefused(400, 'products must be an array');
    return raw.map((p, i) => {
      const item = (p ?? {}) as { mpn?: unknown; id?: unknown; quantity?: unknown };
      const k = this.state.data.catalog.findIndex((c) => c.mpn === item.mpn || (item.id !== undefined && c.id === item.id));
      if (k < 0) throw new OrderRefused(400, `products[${i}]: unknown product ${String(item.mpn ?? item.id)}`);
      const q = typeof item.quantity === 'string' ? Number(item.quantity) : item.quantity;
      if (typeof q !== 'number' || !Number.isFinite(q) || !Number.isInteger(q)) {
        throw new OrderRefused(400, `products[${i}].quantity must be a whole number`);
      }
      return { product: k, quantity: q };
    });
  }

  private applyChange(sub: GenSubscription, deltas: Line[]): void {
    if (sub.status !== 'active') throw new OrderRefused(400, `Subscription ${sub.id} is ${sub.status}: change orders need an active subscription`);
    if (deltas.length === 0) throw new OrderRefused(400, 'a change order must list products');
    const lines = sub.lines.map((l) => ({ ...l }));
    for (const d of deltas) {
      const line = lines.find((l) => l.product === d.product);
      const next = (line?.quantity ?? 0) + d.quantity;
      if (next < 0) throw new OrderRefused(400, `quantity of ${this.state.data.catalog[d.product]!.mpn} cannot go below 0`);
      if (line) line.quantity = next;
      else lines.push({ product: d.product, quantity: next });
    }
    this.state.change(sub.id, { lines });
  }

  private createSubscription(customerId: string, lines: Line[]): GenSubscription {
    const today = this.state.today();
    const renewal = new Date(`${today}T00:00:00Z`);
    renewal.setUTCFullYear(renewal.getUTCFullYear() + 1);
    const sub: GenSubscription = {
      id: this.state.nextSubscriptionId(),
      customerId,
      name: `${this.state.data.catalog[lines[0]!.product]!.name} (Annual)`,
      status: 'active',
      creationDate: today,
      renewalDate: renewal.toISOString().slice(0, 10),
      lastModifiedDate: today,
      termMonths: 12,
      planId: 10_000 + lines[0]!.product,
      lines,
    };
    this.state.added.unshift(sub);
    return sub;
  }
}
