/**
 * The typed record of everything a route, a sync cycle or a repository needs from the outside world.
 * Only the host files (node.ts, worker.ts) build it; tests hand in their own.
 */
import type { PasswordHasher } from './auth/password.js';
import type { Store } from './db/store.js';
import type { Metrics } from './metrics/metrics.js';
import type { MarketplaceConnection } from './marketplace/types.js';
import type { AutotaskConnection, ConnectWiseConnection, PsaClient, PsaKind } from './psa/types.js';

export interface Clock {
  now(): Date;
}

export interface Logger {
  debug(obj: Record<string, unknown>, msg?: string): void;
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
  error(obj: Record<string, unknown>, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

/** AES-GCM box for secrets at rest. */
export interface SecretBox {
  seal(plaintext: string): Promise<string>;
  open(box: string): Promise<string>;
  /**
   * A 32-byte key for one purpose (launch-token signing, launch-context encryption), derived from the
   * secrets key with HKDF so one configured key serves every purpose without reusing raw key bytes.
   * Optional so the plain boxes of sync tests need not implement it; the hosts' box always does.
   */
  deriveKey?(purpose: string): Promise<Uint8Array<ArrayBuffer>>;
}

export interface MailMessage {
  tenantId: string;
  to: string;
  subject: string;
  body: string;
}
export interface Mailer {
  send(msg: MailMessage): Promise<void>;
}

/** Settings of each system as the connection screen stores them, secrets included (decrypted). */
export interface ConnectionSettings {
  marketplace: MarketplaceConnection;
  autotask: AutotaskConnection;
  connectwise: ConnectWiseConnection;
}
export type ConnectionKind = keyof ConnectionSettings;

/** `purpose: 'lists'`: reads for the mapping screen, which must leave the PSA's request budget for posting. */
export interface PsaClientContext {
  tenantId: string;
  purpose?: 'lists' | 'sync';
}
export type PsaClientFactories = {
  [K in PsaKind]: (conn: ConnectionSettings[K], ctx: PsaClientContext) => PsaClient;
};

export interface AppConfig {
  demoMode: boolean;
  /** Public origin of this server (for links in e-mails, sandbox URLs). */
  publicUrl: string;
  /** Cookies get Secure; SameSite=None; Partitioned when the public origin is HTTPS. */
  secureCookies: boolean;
  /** Overrides every tenant's sync interval when set. */
  syncIntervalSeconds: number | null;
  maxBodyBytes: number;
  dialect: 'sqlite' | 'd1' | 'mssql';
  migration: string;
  /** Password KDF cost (scrypt log2 N); lower only in tests. */
  scryptLogN: number;
  /** Bearer token for GET /metrics; unset: loopback callers only. */
  metricsToken?: string | null;
  /**
   * Secure; SameSite=None; Partitioned cookies also for requests to http://localhost (browsers treat it
   * as a secure context): set in demo mode, whose stand-in host pages frame the app under that name.
   */
  secureCookiesOnLocalhost?: boolean;
  /** The APS controller allowed to provision tenants (server/embed/aps-auth.ts); unset: every APS request is refused. */
  aps?: ApsTrust;
}

/** What pins the one Marketplace APS controller this deployment trusts (marketplace.md §3). */
export interface ApsTrust {
  /** SHA-256 fingerprint (hex, colons optional) of the controller's client certificate. */
  controllerCertSha256: string;
  /** The APS application instance id the controller registered us under (APS-Instance-ID). */
  instanceId: string;
  /** The controller's URI (APS-Controller-URI), e.g. https://poa.example:6308/. */
  controllerUri: string;
}

export interface Services {
  store: Store;
  clock: Clock;
  logger: Logger;
  secrets: SecretBox;
  mailer: Mailer;
  config: AppConfig;
  psa: PsaClientFactories;
  /** Password hashing (scrypt; the Node host injects the native implementation). */
  passwords: PasswordHasher;
  /** The caller's network address, for login throttling; each host knows where to find it. */
  clientAddress(req: Request, env: unknown): string;
  /** Prometheus counters for GET /metrics; absent: the host collects none. */
  metrics?: Metrics;
  /**
   * The SHA-256 fingerprint of the TLS client certificate this request came with (mutual TLS), or null;
   * each host knows its socket (server/embed/tls-peer.ts for Node). Absent: no request has one.
   */
  clientCertificate?(req: Request, env: unknown): string | null;
}
