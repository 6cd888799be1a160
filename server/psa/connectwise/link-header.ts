/**
 * ConnectWise paging links. Both paging modes answer with an RFC 8288 `Link` header:
 * navigable `<.../company/companies?pageSize=1000&page=2>; rel="next", <...>; rel="last"` and forward-only
 * `<...?pageSize=1000&pageId=1234>; rel="next"` (thelazyadministrator.com "How The ConnectWise Manage API
 * Handles Pagination", and ConnectWiseManageAPI `Invoke-CWMAllResult.ps1`, which follows rel="next").
 */
export type LinkRel = 'first' | 'prev' | 'next' | 'last';

/** rel -> URL for every link in a `Link` header value; unknown rels are kept too. */
export function parseLinkHeader(header: string | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  // Split on commas that start a new `<...>` entry; URLs themselves may contain commas.
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>\s*((?:;\s*[^;]+)*)$/.exec(part);
    if (!m) continue;
    const url = m[1]!;
    for (const param of m[2]!.split(';')) {
      const p = /^\s*rel\s*=\s*"?([^"]+)"?\s*$/i.exec(param);
      if (!p) continue;
      for (const rel of p[1]!.trim().split(/\s+/)) out[rel.toLowerCase()] = url;
    }
  }
  return out;
}

export const nextLink = (header: string | null | undefined): string | null => parseLinkHeader(header).next ?? null;

/** Build a `Link` header value from rel -> URL (the sandbox's side of the same format). */
export function formatLinkHeader(links: Partial<Record<LinkRel, string>>): string {
  const order: LinkRel[] = ['first', 'prev', 'next', 'last'];
  return order
    .filter((rel) => links[rel])
    .map((rel) => `<${links[rel]}>; rel="${rel}"`)
    .join(', ');
}
