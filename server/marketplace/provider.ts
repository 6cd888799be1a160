/**
 * Facts about the Ingram Micro Cloud Marketplace API ("Marketplace API" v1.6, the CloudBlue Commerce
 * SimpleAPI gateway), kept as data next to the client in the manner of Nango's providers.yaml.
 * Spec: ../shared/specs/marketplace/ingram-cloud-marketplace-api-v1.6.cmp.yaml
 * Docs: https://apidocs.cloud.im/1.6/ (howto, notes), https://docs.cloudblue.com/cbc/21.0/Simple-API/
 */
export const MARKETPLACE = {
  /**
   * Production base is https://api.cloud.im/marketplace/{marketplace}, lab https://api-lab.cloud.im/marketplace/dev.
   * The client uses the configured base as-is, so the sandbox can live at /sandbox/marketplace.
   */
  productionBase: 'https://api.cloud.im/marketplace',
  paths: {
    token: '/token',
    customers: '/customers',
    customer: (id: string) => `/customers/${encodeURIComponent(id)}`,
    subscriptions: '/subscriptions',
    subscription: (id: string) => `/subscriptions/${encodeURIComponent(id)}`,
    orders: '/orders',
    order: (id: string) => `/orders/${encodeURIComponent(id)}`,
  },
  headers: {
    /** Gateway key, required on every call including /token. */
    subscriptionKey: 'X-Subscription-Key',
    /** Sent back on every response; quote it in support tickets. */
    correlationId: 'X-Correlation-ID',
    retryAfter: 'Retry-After',
  },
  /** Spec default is 10; no maximum is documented. 100 is what the Onify blueprint pages with. */
  pageSize: 100,
  /** Statuses a later identical request may clear (429 is seen on /subscriptions/{id} in the wild). */
  retryableStatuses: [429, 500, 502, 503, 504] as readonly number[],
  /** Token lifetime seen in practice is 1500 s; renew this long before it runs out. */
  tokenRenewMarginMs: 60_000,
  /** `Subscription.status` values (v1.6). */
  subscriptionStatuses: ['pending', 'active', 'hold', 'terminated', 'removed'] as const,
  /** Order types whose completion moves a subscription's counts or status. */
  countMovingOrderTypes: ['change', 'cancellation'] as readonly string[],
  /** Order statuses after which nothing more happens to the order. */
  finalOrderStatuses: ['completed', 'error', 'cancelled'] as readonly string[],
} as const;

export const MARKETPLACE_DOCS = 'https://apidocs.cloud.im/1.6/';
