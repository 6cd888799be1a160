/**
 * What the ConnectWise sandbox holds: the objects in their wire shape (so a read is a copy of a row), the
 * log of every addition created through the API (tests prove "nothing twice" with it), and id counters.
 */
import type { CwAddition, CwAgreement, CwCatalogItem, CwCompany } from './wire.js';

export interface CwAdjustment {
  id: number;
  amount: number | null;
  description?: string;
  effectiveDate?: string;
  agreementId: number | null;
  _info?: Record<string, string>;
}

export interface ConnectWiseData {
  companies: CwCompany[];
  agreements: CwAgreement[];
  /** Each with `agreementId` set. */
  additions: CwAddition[];
  catalog: CwCatalogItem[];
  adjustments?: CwAdjustment[];
}

export interface CreatedAddition {
  id: number;
  agreementId: number;
  productId: number;
  quantity: number;
  effectiveDate: string | null;
  unitPrice: number | null;
  at: string;
}

const clone = <T>(v: T): T => structuredClone(v);
const byId = <T extends { id?: number }>(rows: T[]) => new Map(rows.map((r) => [r.id as number, clone(r)]));
const maxId = (rows: Iterable<{ id?: number }>, floor: number) => {
  let m = floor;
  for (const r of rows) if ((r.id ?? 0) > m) m = r.id ?? 0;
  return m + 1;
};

export class SandboxState {
  readonly companies: Map<number, CwCompany>;
  readonly agreements: Map<number, CwAgreement>;
  readonly additions: Map<number, CwAddition>;
  readonly catalog: Map<number, CwCatalogItem>;
  readonly adjustments: Map<number, CwAdjustment>;
  /** Additions created through POST, in order. */
  readonly created: CreatedAddition[] = [];
  /**
   * Whether this instance refuses a negative addition quantity. Whether ConnectWise accepts one is unverified
   * (docs/vendor-notes.md), so tests can run either way; default accepts, as the spec sets no minimum.
   */
  refuseNegativeQuantity = false;
  /** The version this server runs (companyinfo `VersionCode` without the v). */
  serverVersion = '2025.1';
  /**
   * Switch: list answers carry no `Link` header (some proxies strip it; research 1 "Paging" marks navigable-mode
   * links unverified), so a client must page on with page/pageSize when a page comes back full.
   */
  omitLinkHeader = false;
  private nextAddition: number;
  private nextAdjustment: number;

  constructor(data: ConnectWiseData) {
    this.companies = byId(data.companies);
    this.agreements = byId(data.agreements);
    this.additions = byId(data.additions);
    this.catalog = byId(data.catalog);
    this.adjustments = byId(data.adjustments ?? []);
    this.nextAddition = maxId(this.additions.values(), 10_000);
    this.nextAdjustment = maxId(this.adjustments.values(), 500);
  }

  additionsOf(agreementId: number): CwAddition[] {
    const out: CwAddition[] = [];
    for (const a of this.additions.values()) if (a.agreementId === agreementId) out.push(a);
    return out;
  }

  adjustmentsOf(agreementId: number): CwAdjustment[] {
    return [...this.adjustments.values()].filter((a) => a.agreementId === agreementId);
  }

  takeAdditionId(): number {
    return this.nextAddition++;
  }

  takeAdjustmentId(): number {
    return this.nextAdjustment++;
  }

  /** The additions of one product on one agreement (tests and controls pick rows with it). */
  productOn(agreementId: number, productId: number): CwAddition[] {
    return this.additionsOf(agreementId).filter((a) => a.product?.id === productId);
  }
}
