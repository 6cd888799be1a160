/**
 * Wire shapes of the Marketplace API v1.6 (components/schemas of the spec), as far as we read or
 * serve them. Fields the API may omit are optional: the client validates what it relies on.
 */
export interface Money {
  currency: string;
  /** A decimal string, e.g. "70.5". */
  amount: string;
}

export interface Pagination {
  offset: number;
  limit: number;
  total: number;
}

export interface ResultList<T> {
  data: T[];
  pagination: Pagination;
}

export interface ApiCustomer {
  id: string;
  externalId?: string;
  name: string;
  status?: string;
  address: { streetAddress: string; postalCode: string; city: string; countryCode: string; state?: string };
  contactPersons: { type: string; firstName: string; lastName: string; email: string; phoneNumber: string }[];
  language: string;
  resellerId?: string;
  attributes?: Record<string, string>;
}

/** `BillingPeriod`; on Subscription only from API 1.8 (the sandbox serves it, the client reads it when present). */
export interface ApiPeriod {
  type: string;
  duration: number;
}

export interface ApiSubscription {
  id: string;
  name?: string;
  customerId: string;
  status: string;
  attributes?: Record<string, string>;
  renewalStatus?: boolean;
  creationDate?: string;
  renewalDate?: string;
  lastModifiedDate?: string;
  billingPeriod?: ApiPeriod;
  subscriptionPeriod?: ApiPeriod;
  billingModel?: string;
}

export interface ApiSubscriptionProduct {
  mpn?: string;
  vendor?: string;
  id?: string;
  name?: string;
  quantity?: number;
  unitPrice?: Money;
  unitCost?: Money;
  unitProviderCost?: Money;
  extendedPrice?: Money;
  vendorSubscriptionId?: string;
}

export interface ApiSubscriptionDetailed extends ApiSubscription {
  totalPrice?: Money;
  products?: ApiSubscriptionProduct[];
  planId?: number;
}

export interface ApiOrderLineProduct {
  mpn?: string;
  id?: string;
  name?: string;
  vendor?: string;
  quantity: number;
  subscriptionId?: string;
}

export interface ApiOrder {
  id: string;
  orderNumber?: string;
  type: string;
  customerId: string;
  creationDate?: string;
  provisioningDate?: string;
  status?: string;
  statusCode?: string;
  total?: Money;
  /** Not in the v1.6 list schema; read when an API version sends it. */
  subscriptionId?: string;
  products?: ApiOrderLineProduct[];
  /** Financial lines (`OrderDetail`), on list items too: the products an order is about, by `mpn`. */
  details?: { type?: string; mpn?: string; productId?: string; quantity?: number }[];
}

export interface TokenInfo {
  token: string;
  expiresInSeconds: number;
}
