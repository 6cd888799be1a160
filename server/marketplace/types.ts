/** What the rest of the product knows of the Marketplace: the snapshot's shape and the count changes. */
export interface MarketplaceConnection {
  /** API base, e.g. https://api.cloud.im/marketplace (sandbox: http://127.0.0.1:8787/sandbox/marketplace). */
  baseUrl: string;
  marketplace: string;
  subscriptionKey: string;
  apiUser: string;
  password: string;
}

export interface SnapshotCompany {
  odinAccountId: string;
  name: string;
  status: string;
}

export interface SnapshotSubscription {
  odinSubscriptionId: string;
  odinAccountId: string;
  name: string;
  /** Marketplace status: active, hold, pending, terminated, removed, ... */
  status: string;
  billingPeriod: string | null;
  renewalDate: string | null;
  lastModified: string | null;
}

export interface SnapshotResource {
  odinSubscriptionId: string;
  odinResourceId: string;
  mpn: string | null;
  name: string;
  unit: string | null;
  count: number;
  unitPrice: number | null;
  unitCost: number | null;
}

/** A count that moved, handed to the sync engine. */
export interface CountChange {
  odinAccountId: string;
  odinSubscriptionId: string;
  odinResourceId: string;
  oldCount: number | null;
  newCount: number;
  /** ISO timestamp when the change was seen (or the order's creation time when known). */
  at: string;
  /** Subscription status at the time of reading. */
  subscriptionStatus: string;
}
