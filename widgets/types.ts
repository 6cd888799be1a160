/**
 * The HTTP contract of docs/api.md as the screens see it. Type-only: where the server exports the type
 * of a response part it is re-exported here (erased from the bundle), the rest mirrors the document.
 */
import type { PsaKind } from '../server/psa/types.js';
export type { Role } from '../server/http/context.js';
export type { PsaKind, PsaAccount, PsaContract, PsaService, CredentialCheck } from '../server/psa/types.js';
export type { Reconciliation } from '../server/mapping/reconcile.js';
export type { CompanySuggestion, ResourceSuggestion } from '../server/mapping/suggestions.js';
import type { Role } from '../server/http/context.js';
import type { CompanySuggestion, ResourceSuggestion } from '../server/mapping/suggestions.js';
export type { DriftItem } from '../server/sync/drift.js';
import type { DriftItem } from '../server/sync/drift.js';
import type { Reconciliation } from '../server/mapping/reconcile.js';
export type ConnectionKind = 'marketplace' | PsaKind;

export interface Me {
  user: { id: string; email: string; role: Role };
  tenant: {
    id: string;
    name: string;
    licenceCustomer: string | null;
    licenceKeyMasked: string | null;
    timeZone: string;
    /** How amounts are shown (ISO 4217, BCP 47); defaults USD / en-US. */
    currency?: string;
    locale?: string;
    psaKind: PsaKind | null;
    prorationConvention?: string;
    syncIntervalSeconds?: number;
    status?: string;
  };
  csrfToken: string;
  demoMode?: boolean;
}

export interface LoginResponse {
  user: Me['user'];
  tenant: Me['tenant'];
  csrfToken: string;
}

export interface Connection {
  kind: ConnectionKind;
  configured: boolean;
  settings: Record<string, string | number | boolean | null | undefined>;
  secrets: Record<string, { set: boolean }>;
  updatedAt: string | null;
}


export interface Listing<T> {
  items: T[];
  fetchedAt: string;
}

export interface ResourceLink {
  psaServiceId: string;
  psaContractServiceId?: string | null;
  psaServiceName?: string | null;
  decreasePolicy?: string | null;
  priceSource?: string | null;
  customPrice?: number | null;
}
export interface MappingResource {
  odinResourceId: string;
  name: string;
  mpn?: string | null;
  unit?: string | null;
  count: number;
  link: ResourceLink | null;
}
export interface MappingSubscription {
  odinSubscriptionId: string;
  name: string;
  status: string;
  billingPeriod?: string | null;
  link: { psaContractId: string; psaContractName?: string | null } | null;
  resources: MappingResource[];
}
export interface MappingCompany {
  odinAccountId: string;
  name: string;
  status: string;
  link: { psaAccountId: string; psaAccountName?: string | null } | null;
  subscriptions: MappingSubscription[];
}
export interface MappingPage {
  psaKind: PsaKind | null;
  total: number;
  page: number;
  pageSize: number;
  companies: MappingCompany[];
}


export interface Suggestions {
  companies: CompanySuggestion[];
  resources: ResourceSuggestion[];
}

export type BulkLevel = 'company' | 'subscription' | 'resource';
export interface BulkItem {
  level: BulkLevel;
  odinAccountId?: string;
  odinSubscriptionId?: string;
  odinResourceId?: string;
  [field: string]: unknown;
}
export interface BulkResponse {
  results: { ok: boolean; level: BulkLevel; ids: Record<string, string>; error?: string }[];
  changed: number;
}

export interface SyncState {
  running: boolean;
  current: { id: string; phase: string; done: number; total: number; startedAt: string } | null;
  last: {
    id: string;
    status: string;
    startedAt: string;
    finishedAt: string | null;
    summary: unknown;
    error: string | null;
  } | null;
  intervalSeconds: number;
  nextDueAt: string | null;
}

export type ReportName = 'subscriptions' | 'linked' | 'unlinked' | 'adjustments' | 'failures';
export interface ReportColumn {
  key: string;
  label: string;
  type: 'text' | 'number' | 'date' | 'money';
  /** Ids and the PSA side's names: hidden until "Show IDs and details". */
  detail?: boolean;
}
export interface ReportPage {
  columns: ReportColumn[];
  rows: Record<string, unknown>[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Dashboard {
  linkedResources: number;
  unlinkedResources: number;
  adjustmentsThisPeriod: number;
  openFailures: number;
  /** docs/api.md: the period's money and the monthly value of unlinked licences (older servers: absent). */
  money?: { postedThisPeriod: number; runRateChange: number; revenueAtRisk: number; unpricedUnlinked: number };
  lastSync: SyncState['last'] | { status: string; finishedAt: string | null; startedAt?: string } | null;
  adjustmentsByDay: { date: string; count: number; units: number }[];
  licensesPerCustomer: { odinAccountId: string; name: string; licenses: number }[];
}

/** GET /api/drift: the open differences between the PSA's units and our ledger. */
export interface DriftList {
  items: DriftItem[];
}
/** POST /api/drift/{id}/fix: the reconciliation that posted the difference (or why it did not). */
export interface DriftFix {
  reconciliation: Reconciliation;
}

/** Review queue answers (POST /api/review/approve|dismiss|{id}/edit). */
export interface ReviewResult {
  id: string;
  ok: boolean;
  status?: string;
  error?: { code: string; message: string };
}
export interface ReviewResults {
  results: ReviewResult[];
  runId?: string | null;
}
/** GET /api/preview: what the next cycle will post, without posting. */
export interface PreviewPage {
  today: string;
  columns: ReportColumn[];
  rows: Record<string, unknown>[];
  totals: { toPost: number; held: number; reconciliations: number; estimatedAmount: number; monthlyChange: number };
}
/** GET /api/margins: Marketplace unit cost against the PSA unit price. */
export interface MarginsPage {
  columns: ReportColumn[];
  rows: Record<string, unknown>[];
  totals: { monthlyCost: number; monthlyRevenue: number; monthlyMargin: number; belowCost: number; unknown: number };
  period: { start: string; end: string };
  adjustmentsThisPeriod: number;
}
