/**
 * ConnectWise facts the sandbox speaks by, kept here (not imported from the client) so a wrong fact in the
 * client cannot hide in its sandbox. research = /work/shared/research/connectwise.md.
 */
export const CW_FACTS = {
  /** Largest `pageSize` honoured and the default when omitted (research 1 "Paging"; connectwise-rest paginates by 1000). */
  maxPageSize: 1000,
  defaultPageSize: 25,
  /** `pagination-type: forward-only` switches a list to `Link: <...>; rel="next"` paging (ConnectWiseManageAPI Invoke-CWMAllResult.ps1). */
  forwardOnlyHeader: 'pagination-type',
  forwardOnlyValue: 'forward-only',
} as const;

/** Texts ConnectWise itself answers with (research 1: captured gateway text; connectwise-rest README conditions example). */
export const CW_TEXTS = {
  cannotRoute: 'Cannot route. Codebase/company is invalid',
  conditionsTail:
    'String values should be enclosed with double or single quotes; DateTime values should be enclosed in square brackets; numbers should consist of only digits, and optionally a decimal point and a negation sign; boolean values should be indicated with the keywords true or false; null values should be indicated by the keyword null.',
} as const;

/** ConnectWise datetime -> calendar date; dates are written as `yyyy-mm-ddT00:00:00Z` (spec examples). */
export const cwDay = (value: unknown): string | null =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : null;

/** RFC 8288 `Link` header as ConnectWise sends it: `<url>; rel="next", <url>; rel="last"` (thelazyadministrator.com pagination article). */
export function linkHeader(links: Partial<Record<'first' | 'prev' | 'next' | 'last', string>>): string {
  return (['first', 'prev', 'next', 'last'] as const)
    .filter((rel) => links[rel])
    .map((rel) => `<${links[rel]}>; rel="${rel}"`)
    .join(', ');
}
