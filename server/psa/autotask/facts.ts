/**
 * Autotask provider facts, kept as data beside the client (base URLs, limits, picklist values).
 * Sources: /work/shared/research/autotask.md sections 1-3 (Autotask Developer Help pages and the saved Swagger).
 */
export const AUTOTASK = {
  /** Zone discovery base; every tenant's own zone URL comes from `zoneInformation` (zones move). */
  discoveryUrl: 'https://webservices.autotask.net/atservicesrest/',
  apiVersion: 'V1.0',
  /** Records per page of a REST query or a SOAP query() (REST_Advanced_Query_Features.htm, QueryXML.htm). */
  pageSize: 500,
  /** "Queries are limited to 500 or fewer 'OR' conditions": an `in` list is one OR per value. */
  maxOrConditions: 500,
  /** "Any batch call must be 200 or less entities per call" (SOAP Batching_API_Calls.htm). */
  soapBatchSize: 200,
  /** Contract.contractType 7 = Recurring Service, the only type that holds ContractServices. */
  recurringServiceContractType: 7,
  /** Contract.status 1 = Active. */
  contractStatusActive: 1,
  /** 10,000 requests per rolling 60 minutes per database (REST_Thresholds_Limits.htm). */
  defaultRequestThreshold: 10_000,
  defaultThresholdTimeframeMinutes: 60,
  soapNamespace: 'http://autotask.net/ATWS/v1_6/',
} as const;

/** contractPeriodType / Service periodType picklist (practitioner code; confirm via entityInformation/fields). */
export const PERIOD_TYPES: Record<number, string> = { 1: 'One-Time', 2: 'Monthly', 3: 'Quarterly', 4: 'Semi-Annual', 5: 'Yearly' };

/** Autotask's own texts for the rules our sandbox reproduces (research 1.7 and 2.7). */
export const AUTOTASK_MESSAGES = {
  effectiveDateOutsideContract:
    'ContractServiceAdjustment effectiveDate must be between the start date and end date of the Contract referenced by contractID.',
  duplicatePeriod: 'Attempt to insert duplicate data into contract_service_period',
} as const;

/** `2026-11-01` -> `2026-11-01T00:00:00`, the form Autotask writes datetimes in (UTC, no offset). */
export const toAutotaskDate = (isoDate: string): string => `${isoDate.slice(0, 10)}T00:00:00`;
/** Autotask datetime -> calendar date. Date-only fields keep their date, the time part is ignored. */
export const fromAutotaskDate = (value: unknown): string | null =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : null;
