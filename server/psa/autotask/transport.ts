/**
 * What the PSA client needs from a wire protocol: id-ordered reads of whole result sets, adjustment
 * creates, and the tenant's zone. REST (rest-transport.ts) and SOAP (soap-transport.ts) both provide it;
 * rows come back in the REST API's camelCase shape whichever transport read them.
 */
import type { PostOutcome } from '../types.js';
import type { Filter } from './filters.js';

export type AutotaskEntity = 'Companies' | 'Contracts' | 'Services' | 'ContractServices' | 'ContractServiceUnits';
export type Row = Record<string, unknown>;

/** The body of `POST /V1.0/ContractServiceAdjustments` (ContractServiceAdjustmentModel). */
export interface AdjustmentBody {
  contractID: number;
  contractServiceID?: number;
  serviceID?: number;
  /** `yyyy-mm-ddT00:00:00`: a date-only field, the time part is ignored by Autotask. */
  effectiveDate: string;
  unitChange: number;
  adjustedUnitPrice?: number;
  adjustedUnitCost?: number;
}

/** The body of `POST /V1.0/Contracts/{parentId}/Services` (ContractServiceModel): a service put on a contract. */
export interface ContractServiceBody {
  contractID: number;
  serviceID: number;
  /** Ownership mark (domain/ownership.ts); settable on create only. */
  internalDescription?: string;
}

export interface ZoneInfo { url: string; zoneName?: string; webUrl?: string; ci?: number }

export interface AutotaskTransport {
  readonly name: 'rest' | 'soap';
  /** Discover (or return the cached) zone of the API user. */
  zone(): Promise<ZoneInfo>;
  /** Every row matching, all pages followed. Throws ConnectorError. */
  query(entity: AutotaskEntity, filter: Filter[], includeFields?: readonly string[], maxRecords?: number): Promise<Row[]>;
  /** One outcome per body, in order. REST: one call each; SOAP: batches of up to 200. */
  createAdjustments(bodies: AdjustmentBody[]): Promise<PostOutcome[]>;
  /** Put a service on a contract; returns the new ContractService id. Absent where the wire does not offer it (SOAP here). */
  createContractService?(body: ContractServiceBody): Promise<string>;
  /** HTTP requests sent so far (zone discovery and threshold readings included). */
  readonly requestsSent: number;
}
