/**
 * The one way the screens talk to the server (docs/api.md). `fetch` is injected so DOM tests hand in a
 * fake server instead of mocking modules. Every state-changing call carries the session's CSRF token;
 * every non-2xx answer becomes an ApiError carrying the server's own message.
 */
import type {
  BulkItem,
  BulkResponse,
  Connection,
  ConnectionKind,
  CredentialCheck,
  Dashboard,
  DriftFix,
  DriftList,
  Listing,
  MarginsPage,
  PreviewPage,
  ReviewResult,
  ReviewResults,
  LoginResponse,
  MappingPage,
  Me,
  PsaAccount,
  PsaContract,
  PsaService,
  Reconciliation,
  ReportName,
  ReportPage,
  ResourceLink,
  Suggestions,
  SyncState,
} from './types.js';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export type Query = Record<string, string | number | boolean | undefined | null>;

export function toQuery(q: Query | URLSearchParams = {}): string {
  const p = q instanceof URLSearchParams ? q : new URLSearchParams();
  if (!(q instanceof URLSearchParams)) {
    for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '' && v !== false) p.set(k, v === true ? '1' : String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** Turns a failed response into the server's message; falls back to the status line for non-JSON bodies. */
export async function toApiError(res: Response): Promise<ApiError> {
  let code = 'http_' + res.status;
  let message = `${res.status} ${res.statusText || 'request failed'}`.trim();
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string } };
    if (body?.error?.message) message = body.error.message;
    if (body?.error?.code) code = body.error.code;
  } catch {
    /* not JSON: keep the status line */
  }
  return new ApiError(res.status, code, message);
}

export class ApiClient {
  csrfToken: string | null = null;
  /** Called on every 401 so the shell can send the user to /login (and back afterwards). */
  onUnauthenticated: (() => void) | null = null;

  constructor(
    private readonly fetchFn: FetchLike,
    readonly base = '',
  ) {}

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.send(method, path, body);
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** The raw response (for streamed CSV exports), after the same auth and error handling. */
  async send(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (WRITES.has(method) && this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
    const res = await this.fetchFn(this.base + path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) {
      const err = await toApiError(res);
      if (res.status === 401 && !path.startsWith('/api/auth/')) this.onUnauthenticated?.();
      throw err;
    }
    return res;
  }

  get = <T>(path: string, q?: Query) => this.request<T>('GET', path + toQuery(q));

  async login(email: string, password: string): Promise<LoginResponse> {
    const r = await this.request<LoginResponse>('POST', '/api/auth/login', { email, password });
    this.csrfToken = r.csrfToken;
    return r;
  }
  /** A provisioned admin's first sign-in: prove the default (gateway) password, set one's own. */
  async firstPassword(email: string, password: string, newPassword: string): Promise<LoginResponse> {
    const r = await this.request<LoginResponse>('POST', '/api/auth/first-password', { email, password, newPassword });
    this.csrfToken = r.csrfToken;
    return r;
  }
  async me(): Promise<Me> {
    const r = await this.get<Me>('/api/me');
    this.csrfToken = r.csrfToken;
    return r;
  }
  async logout(): Promise<void> {
    await this.request('POST', '/api/auth/logout');
    this.csrfToken = null;
  }
  forgot = (email: string) => this.request<{ ok: true }>('POST', '/api/auth/forgot', { email });
  reset = (token: string, password: string) => this.request<void>('POST', '/api/auth/reset', { token, password });

  connection = (kind: ConnectionKind) => this.get<Connection>(`/api/connections/${kind}`);
  saveConnection = (kind: ConnectionKind, body: Record<string, unknown>) =>
    this.request<Connection>('PUT', `/api/connections/${kind}`, body);
  /** docs/api.md answers a bare CredentialCheck; some routes wrap it as {result}: both are read. */
  testConnection = async (kind: ConnectionKind, body?: Record<string, unknown>): Promise<CredentialCheck> => {
    const r = await this.request<CredentialCheck | { result: CredentialCheck }>('POST', `/api/connections/${kind}/test`, body ?? {});
    return 'result' in r ? r.result : r;
  };

  accounts = (refresh = false) => this.get<Listing<PsaAccount>>('/api/psa/accounts', { refresh });
  contracts = (accountId: string, refresh = false) =>
    this.get<Listing<PsaContract>>('/api/psa/contracts', { accountId, refresh });
  services = (contractId: string, refresh = false) =>
    this.get<Listing<PsaService>>('/api/psa/services', { contractId, refresh });

  mapping = (q: Query) => this.get<MappingPage>('/api/mapping', q);
  suggestions = () => this.get<Suggestions>('/api/mapping/suggestions');
  linkCompany = (id: string, body: { psaAccountId: string; psaAccountName?: string }) =>
    this.request<unknown>('PUT', `/api/mapping/companies/${enc(id)}`, body);
  linkSubscription = (id: string, body: { psaContractId: string; psaContractName?: string }) =>
    this.request<unknown>('PUT', `/api/mapping/subscriptions/${enc(id)}`, body);
  linkResource = (subId: string, resId: string, body: ResourceLink) =>
    this.request<{ link: ResourceLink; reconciliation: Reconciliation }>(
      'PUT',
      `/api/mapping/resources/${enc(subId)}/${enc(resId)}`,
      body,
    );
  unlinkCompany = (id: string) => this.request<void>('DELETE', `/api/mapping/companies/${enc(id)}`);
  unlinkSubscription = (id: string) => this.request<void>('DELETE', `/api/mapping/subscriptions/${enc(id)}`);
  unlinkResource = (subId: string, resId: string) =>
    this.request<void>('DELETE', `/api/mapping/resources/${enc(subId)}/${enc(resId)}`);
  bulk = (body: { set: BulkItem[]; clear: BulkItem[] }) => this.request<BulkResponse>('POST', '/api/mapping/bulk', body);

  sync = () => this.get<SyncState>('/api/sync');
  syncNow = (full = false) => this.request<{ runId: string }>('POST', '/api/sync', { full });

  report = (name: ReportName, q: URLSearchParams) => this.get<ReportPage>(`/api/reports/${name}${toQuery(q)}`);
  /** The Adjustments chart under the log's own filters (the same query as the table). */
  adjustmentsByDay = (q: URLSearchParams) => this.get<{ days: Dashboard['adjustmentsByDay'] }>(`/api/reports/adjustments/by-day${toQuery(q)}`);
  reportCsv = (name: ReportName, q: URLSearchParams) => this.send('GET', `/api/reports/${name}?${csvQuery(q)}`);
  /** The audit trail (GET /api/audit): a report at its own address, same query and CSV. */
  audit = (q: URLSearchParams) => this.get<ReportPage>(`/api/audit${toQuery(q)}`);
  auditCsv = (q: URLSearchParams) => this.send('GET', `/api/audit?${csvQuery(q)}`);
  dashboard = () => this.get<Dashboard>('/api/dashboard');
  retryAdjustment = (id: string) => this.request<{ id: string; nextAttemptAt: string; runId: string | null }>('POST', `/api/adjustments/${encodeURIComponent(id)}/retry`);

  drift = () => this.get<DriftList>('/api/drift');
  /** 202: the check runs on after the answer; poll drift() for its findings. */
  checkDrift = () => this.request<{ started: boolean }>('POST', '/api/drift/check');
  fixDrift = (id: string) => this.request<DriftFix>('POST', `/api/drift/${enc(id)}/fix`);

  /** Trust before money moves (docs/api.md, issue 14): held adjustments, the next cycle, margins. */
  review = (q: URLSearchParams) => this.get<ReportPage>(`/api/review${toQuery(q)}`);
  approveHeld = (ids: string[], effectiveDate?: string) =>
    this.request<ReviewResults>('POST', '/api/review/approve', { ids, ...(effectiveDate ? { effectiveDate } : {}) });
  dismissHeld = (ids: string[], reason: string) => this.request<ReviewResults>('POST', '/api/review/dismiss', { ids, reason });
  editHeld = (id: string, body: { effectiveDate?: string; toCount?: number }) =>
    this.request<{ result: ReviewResult; runId: string | null }>('POST', `/api/review/${enc(id)}/edit`, body);
  preview = () => this.get<PreviewPage>('/api/preview');
  margins = (refresh = false) => this.get<MarginsPage>('/api/margins', { refresh });
  /** A trust screen's CSV (format=csv on the same address). */
  csv = (path: '/api/preview' | '/api/margins' | '/api/review') => this.send('GET', `${path}?format=csv`);
}

const enc = encodeURIComponent;

/** The whole filtered list as CSV: the same query without paging. */
function csvQuery(q: URLSearchParams): URLSearchParams {
  const p = new URLSearchParams(q);
  p.delete('page');
  p.delete('pageSize');
  p.set('format', 'csv');
  return p;
}
