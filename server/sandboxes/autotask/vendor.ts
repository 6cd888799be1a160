/**
 * Autotask facts the sandbox speaks by, kept here (not imported from the client) so a wrong fact in the
 * client cannot hide in its sandbox. Each value names its vendor source; research = /work/shared/research/autotask.md.
 */
export const AUTOTASK_FACTS = {
  /** Records per page of a REST query or SOAP query() (REST_Advanced_Query_Features.htm; QueryXML.htm). */
  pageSize: 500,
  /** "Any batch call must be 200 or less entities per call" (SOAP Batching_API_Calls.htm). */
  soapBatchSize: 200,
  /** "contractID must reference a Recurring Service type Contract (Contract.ContractType = 7)" (ContractServicesEntity.htm). */
  recurringServiceContractType: 7,
  /** 10,000 requests per rolling 60 minutes per database (REST_Thresholds_Limits.htm). */
  requestThreshold: 10_000,
  thresholdTimeframeMinutes: 60,
  /** WSDL targetNamespace of ATWS 1.6 (atws-1.6.wsdl in ../shared/specs/autotask). */
  soapNamespace: 'http://autotask.net/ATWS/v1_6/',
} as const;

/** Autotask's own error texts (research 1.7 and 2.7: a public sync's captured 500 bodies). */
export const AUTOTASK_TEXTS = {
  effectiveDateOutsideContract:
    'ContractServiceAdjustment effectiveDate must be between the start date and end date of the Contract referenced by contractID.',
  duplicatePeriod: 'Attempt to insert duplicate data into contract_service_period',
} as const;

/**
 * "All datetimes UTC, submit yyyy-mm-ddThh:mm:ss.ms"; date-only fields keep their date and the time part
 * is set to midnight (REST_API_Calls.htm, the ContractServiceAdjustments effectiveDate example).
 */
export const atDate = (isoDate: string): string => `${isoDate.slice(0, 10)}T00:00:00`;
export const dateOf = (value: unknown): string | null =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : null;

const DAY_MS = 86_400_000;
const ms = (d: string) => Date.parse(`${d}T00:00:00Z`);
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
export const plusDays = (d: string, n: number): string => iso(ms(d) + n * DAY_MS);
export const dayCount = (from: string, to: string): number => Math.round((ms(to) - ms(from)) / DAY_MS);
export const lastDayOfMonth = (d: string): string => iso(Date.UTC(+d.slice(0, 4), +d.slice(5, 7), 0));
