/**
 * ConnectWise Manage (PSA) provider facts, kept as data beside the client. Sources:
 * /work/shared/research/connectwise.md sections 1-2 (connectwise-rest `src/Manage.ts`, the ConnectWiseManageAPI
 * PowerShell module, the vendor spec 2025.8 via ../shared/specs/connectwise/manage-subset.openapi.json).
 */
export const CONNECTWISE = {
  /** Entry point that routes to the company's current codebase on every cloud site. */
  defaultCodebase: 'v4_6_release/',
  apiPath: 'apis/3.0',
  /** `Accept` pinned to the spec version we validate against. */
  accept: 'application/vnd.connectwise.com+json; version=2025.8',
  /** Largest `pageSize` the API honours; the default is 25 (research 1, "Paging"). */
  maxPageSize: 1000,
  defaultPageSize: 25,
  /** Request header that switches a list to forward-only paging with a `Link: <...>; rel="next"` header. */
  forwardOnlyHeader: 'pagination-type',
  forwardOnlyValue: 'forward-only',
  /** Addition.billCustomer enum (spec). Marketplace resources are billed to the customer. */
  billCustomer: 'Billable' as const,
} as const;

/** The vendor's own texts that our sandbox reproduces and our classifier recognises. */
export const CONNECTWISE_MESSAGES = {
  /** API gateway, unknown company (captured in public client code/tests, research 1 "Codebase discovery"). */
  cannotRoute: 'Cannot route. Codebase/company is invalid',
  /** Server text for a badly typed conditions literal (connectwise-rest README, "Manage Conditions Example"). */
  conditionsTail:
    'String values should be enclosed with double or single quotes; DateTime values should be enclosed in square brackets; numbers should consist of only digits, and optionally a decimal point and a negation sign; boolean values should be indicated with the keywords true or false; null values should be indicated by the keyword null.',
} as const;

/** Months per billing period by ConnectWise billing cycle name (System > Setup Tables > Billing Cycle). */
export const CYCLE_MONTHS: Record<string, number> = {
  monthly: 1,
  'bi-monthly': 2,
  bimonthly: 2,
  quarterly: 3,
  'semi-annual': 6,
  semiannual: 6,
  'semi-annually': 6,
  annual: 12,
  annually: 12,
  yearly: 12,
};

/** `2026-11-01` -> `2026-11-01T00:00:00Z`, the form ConnectWise writes dates in. */
export const toCwDate = (isoDate: string): string => `${isoDate.slice(0, 10)}T00:00:00Z`;
/** ConnectWise datetime -> calendar date (the time part of date-only fields is always midnight UTC). */
export const fromCwDate = (value: unknown): string | null =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : null;
