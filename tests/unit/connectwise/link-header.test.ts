import { describe, expect, it } from 'vitest';
import { formatLinkHeader, nextLink, parseLinkHeader } from '../../../server/psa/connectwise/link-header.js';

describe('Link header', () => {
  it('reads navigable links (first/prev/next/last)', () => {
    const h =
      '<https://na.myconnectwise.net/v4_6_release/apis/3.0/company/companies?pageSize=1000&page=2>; rel="next", ' +
      '<https://na.myconnectwise.net/v4_6_release/apis/3.0/company/companies?pageSize=1000&page=7>; rel="last"';
    expect(parseLinkHeader(h)).toEqual({
      next: 'https://na.myconnectwise.net/v4_6_release/apis/3.0/company/companies?pageSize=1000&page=2',
      last: 'https://na.myconnectwise.net/v4_6_release/apis/3.0/company/companies?pageSize=1000&page=7',
    });
  });

  it('reads a forward-only next link, with commas inside the URL and unquoted rels', () => {
    const url = 'http://127.0.0.1:1/x/finance/agreements?conditions=id%20in%20(1,2)&pageSize=2&pageId=9';
    expect(nextLink(`<${url}>; rel=next`)).toBe(url);
    expect(nextLink(`<${url}>;rel="prev next"`)).toBe(url);
  });

  it('is empty for nothing, junk, or a header without next', () => {
    expect(nextLink(undefined)).toBeNull();
    expect(nextLink('')).toBeNull();
    expect(nextLink('garbage')).toBeNull();
    expect(nextLink('<https://a/b>; rel="last"')).toBeNull();
  });

  it('formats what it parses', () => {
    const links = { first: 'https://a/1', prev: 'https://a/2', next: 'https://a/4', last: 'https://a/9' };
    expect(parseLinkHeader(formatLinkHeader(links))).toEqual(links);
    expect(formatLinkHeader({})).toBe('');
  });
});
