/**
 * The ConnectWise objects the sandbox holds, with the vendor spec's field names (schemas Company, Agreement,
 * Addition, CatalogItem, ValidationError, PatchOperation of "Connectwise Manage Public Endpoints" 2025.8, saved as
 * ../shared/specs/connectwise/manage-subset.openapi.json). Own copy: the sandbox imports nothing from the client.
 */
export interface CwRef {
  id?: number | null;
  identifier?: string;
  name?: string;
  _info?: Record<string, string>;
}

export interface CwCompany {
  id: number;
  identifier: string;
  name: string;
  status?: CwRef;
  deletedFlag?: boolean | null;
  [field: string]: unknown;
}

export interface CwAgreement {
  id: number;
  name: string;
  type: CwRef;
  company: CwRef;
  contact: CwRef;
  startDate?: string;
  endDate?: string;
  noEndingDateFlag?: boolean | null;
  cancelledFlag?: boolean | null;
  dateCancelled?: string;
  billingCycle?: CwRef;
  invoicingCycle?: 'CalendarYear' | 'ContractYear' | null;
  billStartDate?: string;
  prorateFlag?: boolean | null;
  agreementStatus?: string | null;
  [field: string]: unknown;
}

export interface CwAddition {
  id?: number;
  product: CwRef;
  quantity?: number | null;
  unitPrice?: number | null;
  unitCost?: number | null;
  billCustomer: 'Billable' | 'DoNotBill' | 'NoCharge' | null;
  effectiveDate?: string;
  cancelledDate?: string;
  agreementId?: number | null;
  description?: string;
  invoiceDescription?: string;
  prorateCurrentPeriodFlag?: boolean | null;
  [field: string]: unknown;
}

export interface CwCatalogItem {
  id: number;
  identifier: string;
  description: string;
  inactiveFlag?: boolean | null;
  productClass?: string | null;
  price?: number | null;
  cost?: number | null;
  subcategory: CwRef;
  type: CwRef;
  customerDescription: string;
  [field: string]: unknown;
}

export interface CwValidationError {
  code?: string;
  message?: string;
  resource?: string;
  field?: string;
  details?: string;
}

export interface CwErrorBody {
  code?: string;
  message?: string;
  errors?: CwValidationError[];
}

/** JSON-Patch-like operation (spec PatchOperation); `path` is the bare field name. */
export interface CwPatchOperation {
  op: 'add' | 'replace' | 'remove';
  path: string;
  value?: unknown;
}

/** GET /login/companyinfo/{company} (not in the OpenAPI document; keys as ConnectWise spells them). */
export interface CwCompanyInfo {
  CompanyName?: string;
  Codebase?: string;
  VersionCode?: string;
  VersionNumber?: string;
  CompanyID?: string;
  IsCloud?: boolean;
  SiteUrl?: string;
}
