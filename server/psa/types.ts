/**
 * The one interface every PSA connector implements. A registry `Record<PsaKind, PsaConnector>` makes an
 * unwired PSA a compile error. Reads throw `ConnectorError`; `postAdjustment` returns its outcome as a
 * value because "unknown" is a normal, expected result there (timeout after send, Autotask itemId null).
 */
import type { ConnectorError } from '../connector-error.js';
import type { ForeignEdit, LineOwner, OurLines } from '../domain/ownership.js';

export type PsaKind = 'autotask' | 'connectwise';
export const PSA_KINDS: readonly PsaKind[] = ['autotask', 'connectwise'] as const;

/** YYYY-MM-DD, a calendar date in the tenant's time zone. */
export type IsoDate = string;

export interface PsaAccount {
  id: string;
  name: string;
  active: boolean;
}

export interface PsaContract {
  id: string;
  accountId: string;
  name: string;
  startDate: IsoDate | null;
  endDate: IsoDate | null;
  /** Past its end date (relative to the date the list was read). */
  expired: boolean;
  /** ConnectWise `cancelledFlag`; Autotask inactive status. */
  cancelled: boolean;
  /** ConnectWise `prorateFlag`. Autotask always prorates: true. */
  prorate: boolean;
  /** e.g. "Monthly"; null when the PSA does not say. */
  billingCycle: string | null;
  /** The contract this one renews (Autotask `renewedContractID`); absent when the PSA does not say. */
  renews?: string | null;
}

/** Autotask: a contract service (service on a contract). ConnectWise: a product on an agreement. */
export interface PsaService {
  contractId: string;
  /** Autotask Service id; ConnectWise catalog item (product) id. The stable thing a resource maps to. */
  serviceId: string;
  /** Autotask ContractService id when the service is on the contract; ConnectWise: null. */
  contractServiceId: string | null;
  name: string;
  /** Autotask service/ConnectWise product identifier or code, for display and suggestions. */
  code: string | null;
  unitPrice: number | null;
  unitCost: number | null;
  /** Current units on the read date, when the list call had them; null when unknown. */
  units: number | null;
}

/** Where a resource's units live in the PSA. */
export interface ServiceTarget {
  accountId: string;
  contractId: string;
  serviceId: string;
  contractServiceId?: string | null;
}

export type PriceSource = 'catalog' | 'agreement' | 'custom';

export interface AdjustmentPost extends ServiceTarget {
  effectiveDate: IsoDate;
  unitChange: number;
  /** Price per unit (ConnectWise addition price), from the mapping's price source. */
  unitPrice?: number | null;
  unitCost?: number | null;
  priceSource?: PriceSource;
  /** Our adjustment row id; sent where the PSA has a field for it, used for logs otherwise. */
  adjustmentId: string;
  description?: string;
  /** The Marketplace subscription and resource the line bills: its ownership mark (domain/ownership.ts). */
  owner?: LineOwner;
}

export interface UnitsReading {
  units: number;
  /** The latest change to the service's lines not made by the product; null when none is seen. */
  foreignEdit: ForeignEdit | null;
  /** The first day the current units are in force, where the PSA says (Autotask's ContractServiceUnits row). */
  unitsFrom: IsoDate | null;
  /** Whether the PSA records who changes units (ConnectWise `_info.updatedBy`); Autotask's units rows do not. */
  recordsWho: boolean;
}

export type PostOutcome =
  /** `note`: something the billing manager must know about a post that landed (e.g. in a posted period). */
  | { status: 'posted'; psaReference: string | null; note?: string }
  | { status: 'failed'; error: ConnectorError }
  /** Sent, but we cannot tell whether it took effect: read the units before posting again. */
  | { status: 'unknown'; error: ConnectorError };

export type CredentialCheck =
  | { ok: true; detail: string }
  | {
      ok: false;
      reason:
        | 'unreachable'
        | 'bad_credentials'
        | 'zone_not_found'
        | 'unknown_company'
        | 'missing_client_id'
        | 'missing_permission'
        | 'bad_subscription_key'
        | 'wrong_marketplace'
        | 'malformed_response'
        | 'other';
      message: string;
    };

export interface PsaClient {
  readonly kind: PsaKind;
  testCredentials(): Promise<CredentialCheck>;
  listAccounts(): Promise<PsaAccount[]>;
  /** Contracts (Autotask Recurring Service, type 7) / agreements; all accounts when accountId is absent. */
  listContracts(opts?: { accountId?: string; asOf?: IsoDate }): Promise<PsaContract[]>;
  /** Services of the given contracts (batched by the connector), with units on `asOf` where known. */
  listServices(opts: { contractIds: string[]; asOf?: IsoDate }): Promise<PsaService[]>;
  /** Units of one mapped service on a date: Autotask ContractServiceUnits row; CW sum of live additions. */
  readUnits(target: ServiceTarget, onDate: IsoDate): Promise<number>;
  postAdjustment(adj: AdjustmentPost): Promise<PostOutcome>;
  /**
   * The units on a date plus what the PSA says of who changed the service's lines (the drift check's read, one
   * call where the PSA allows).
   */
  readUnitsAndEdits?(target: ServiceTarget, onDate: IsoDate, mine: OurLines): Promise<UnitsReading>;
  /**
   * For a post made of several writes (ConnectWise replace: add the new addition, then cancel the old): finish
   * one whose first write landed, idempotently, and write nothing when it did not. Run before an unknown
   * outcome is settled from readUnits. Absent when every post is a single write.
   */
  finishPost?(adj: Pick<AdjustmentPost, 'accountId' | 'contractId' | 'serviceId' | 'contractServiceId' | 'effectiveDate' | 'adjustmentId' | 'unitChange'>): Promise<void>;
}

export interface AutotaskConnection {
  apiUser: string;
  secret: string;
  integrationCode: string;
  /** Zone discovery base, default https://webservices.autotask.net/atservicesrest/ (sandbox: its own URL). */
  discoveryUrl?: string;
  transport?: 'rest' | 'soap';
}

export interface ConnectWiseConnection {
  /** Host such as na.myconnectwise.net, or a full origin (http://127.0.0.1:8787/sandbox/connectwise). */
  site: string;
  companyId: string;
  publicKey: string;
  privateKey: string;
  clientId: string;
  /**
   * How a count change is posted: 'replace' (every new connection, server/connections/fields.ts) cancels the
   * current addition the day before and adds one at the new total; 'delta' adds a +n/-n addition (relies on
   * ConnectWise accepting negative quantities). Absent: a connection stored before replace was the default, which
   * has posted delta since and keeps doing so.
   */
  additionStyle?: 'replace' | 'delta';
}
