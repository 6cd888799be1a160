import { describe, expect, it } from 'vitest';
import { apiBase, basicAuth, companyInfoUrl, normaliseCodebase, siteOrigin } from '../../../server/psa/connectwise/site.js';

describe('site', () => {
  it('turns what people type into an origin', () => {
    expect(siteOrigin('na.myconnectwise.net')).toBe('https://na.myconnectwise.net');
    expect(siteOrigin(' https://na.myconnectwise.net/ ')).toBe('https://na.myconnectwise.net');
    expect(siteOrigin('https://na.myconnectwise.net/v4_6_release/apis/3.0/')).toBe('https://na.myconnectwise.net');
    expect(siteOrigin('cw.example.com/v2025_1/ConnectWise.aspx?x=1')).toBe('https://cw.example.com');
    expect(siteOrigin('http://127.0.0.1:8787/sandbox/connectwise')).toBe('http://127.0.0.1:8787/sandbox/connectwise');
    expect(siteOrigin('https://na.myconnectwise.net/login/companyinfo/acme')).toBe('https://na.myconnectwise.net');
  });

  it('builds the companyinfo and API URLs from the codebase', () => {
    expect(companyInfoUrl('na.myconnectwise.net', ' my co ')).toBe('https://na.myconnectwise.net/login/companyinfo/my%20co');
    expect(apiBase('http://127.0.0.1:8787/sandbox/connectwise', 'v2025_1/')).toBe('http://127.0.0.1:8787/sandbox/connectwise/v2025_1/apis/3.0');
    expect(normaliseCodebase('v2024_1')).toBe('v2024_1/');
    expect(normaliseCodebase('/v4_6_release/')).toBe('v4_6_release/');
    expect(normaliseCodebase('../../etc/')).toBe('v4_6_release/');
    expect(normaliseCodebase(undefined)).toBe('v4_6_release/');
  });

  it('encodes Basic auth as company+public:private, UTF-8 safe', () => {
    expect(basicAuth('demo', 'pub', 'priv')).toBe(`Basic ${Buffer.from('demo+pub:priv').toString('base64')}`);
    expect(basicAuth('démo', 'p', 'ü')).toBe(`Basic ${Buffer.from('démo+p:ü', 'utf8').toString('base64')}`);
  });
});
