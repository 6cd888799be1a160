/**
 * Where a tenant's ConnectWise lives. The `site` setting is a host such as `na.myconnectwise.net` (cloud) or
 * an on-premises host, or a full origin with an optional path prefix (`http://127.0.0.1:8787/sandbox/connectwise`
 * for the demo sandbox). The REST base is `{origin}/{codebase}apis/3.0`, the codebase coming from
 * `GET {origin}/login/companyinfo/{companyId}` (research 1, "Base URL"; ConnectWiseManageAPI `Connect-CWM.ps1`).
 */
import { CONNECTWISE } from './facts.js';

/** `na.myconnectwise.net` -> `https://na.myconnectwise.net`; a pasted API URL is cut back to its origin. */
export function siteOrigin(site: string): string {
  let s = site.trim();
  if (!/^https?:\/\//i.test(s)) s = `https://${s}`;
  s = s.replace(/[?#].*$/, '');
  // People paste the whole API URL or the login page; keep what precedes the codebase segment.
  s = s.replace(/\/(v4_6_release|v\d{4}_\d+)(\/.*)?$/i, '').replace(/\/login(\/.*)?$/i, '');
  return s.replace(/\/+$/, '');
}

export const companyInfoUrl = (site: string, companyId: string): string =>
  `${siteOrigin(site)}/login/companyinfo/${encodeURIComponent(companyId.trim())}`;

/** `v2025_1/` from companyinfo's `Codebase`; the release alias when it is missing or not a codebase. */
export function normaliseCodebase(codebase: unknown): string {
  if (typeof codebase !== 'string') return CONNECTWISE.defaultCodebase;
  const c = codebase.trim().replace(/^\/+/, '');
  if (!/^(v4_6_release|v\d{4}_\d+)\/?$/i.test(c)) return CONNECTWISE.defaultCodebase;
  return c.endsWith('/') ? c : `${c}/`;
}

export const apiBase = (site: string, codebase: string): string =>
  `${siteOrigin(site)}/${normaliseCodebase(codebase)}${CONNECTWISE.apiPath}`;

/** `Basic base64(company+public:private)` (connectwise-rest `src/Manage.ts`), UTF-8 safe and Buffer-free. */
export function basicAuth(companyId: string, publicKey: string, privateKey: string): string {
  const bytes = new TextEncoder().encode(`${companyId}+${publicKey}:${privateKey}`);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return `Basic ${btoa(bin)}`;
}
