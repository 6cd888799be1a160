/**
 * "Test Credentials" for ConnectWise: says exactly which part is wrong. Order matters: the site and company
 * first (companyinfo), then the keys and client id (/system/info), then the API member's security role on
 * the three lists the sync reads (companies, agreements, product catalog). Nothing is written.
 * Docs: https://developer.connectwise.com/Products/ConnectWise_PSA/REST ("Authentication", "clientId").
 */
import { isConnectorError, type ConnectorError } from '../../connector-error.js';
import type { ConnectWiseConnection, CredentialCheck } from '../types.js';
import { CwHttp, type CwHttpOptions } from './http.js';
import { siteOrigin } from './site.js';

type Failure = Extract<CredentialCheck, { ok: false }>;
const fail = (reason: Failure['reason'], message: string): Failure => ({ ok: false, reason, message });

/** What the API member needs (research 1: Finance/Agreements Add+Edit+Inquire, Companies Inquire, Product Catalog Inquire). */
const AREAS = [
  { path: '/company/companies', right: 'Companies > Company Maintenance: Inquire Level All' },
  { path: '/finance/agreements', right: 'Finance > Agreements: Inquire (and Add, Edit) Level All' },
  { path: '/procurement/catalog', right: 'Procurement > Product Catalog: Inquire Level All' },
] as const;

export function checkSettings(conn: Partial<ConnectWiseConnection>): Failure | null {
  if (!conn.site?.trim()) return fail('other', 'Enter the ConnectWise site, e.g. na.myconnectwise.net.');
  try {
    new URL(siteOrigin(conn.site));
  } catch {
    return fail('other', `"${conn.site}" is not a site name such as na.myconnectwise.net.`);
  }
  if (!conn.companyId?.trim()) return fail('unknown_company', 'Enter the ConnectWise company id (the one you type at the ConnectWise login).');
  if (!conn.publicKey?.trim() || !conn.privateKey?.trim()) {
    return fail('bad_credentials', 'Enter the public and private API keys of the API member (System > Members > API Members > API Keys).');
  }
  if (!conn.clientId?.trim()) {
    return fail('missing_client_id', 'Enter the client id: ConnectWise requires one on every API call (create it at developer.connectwise.com/ClientID).');
  }
  return null;
}

function explain(e: ConnectorError, conn: ConnectWiseConnection, right?: string): Failure {
  const said = e.vendorMessage ? ` ConnectWise said: "${e.vendorMessage}"` : '';
  if (e.kind === 'network' || e.kind === 'timeout') {
    return fail('unreachable', `Could not reach ConnectWise at ${siteOrigin(conn.site)}: check the site name. (${e.message})`);
  }
  if (e.kind === 'config' && /company id/i.test(e.message)) {
    return fail('unknown_company', `ConnectWise does not know the company id "${conn.companyId}" on ${siteOrigin(conn.site)}.${said}`);
  }
  if (e.kind === 'auth') {
    if (/client\s*id/i.test(e.vendorMessage ?? '')) {
      return fail('missing_client_id', `ConnectWise refused the client id: use the one created for this integration at developer.connectwise.com/ClientID.${said}`);
    }
    return fail('bad_credentials', `ConnectWise refused the public/private key pair for company "${conn.companyId}": check both keys of the API member.${said}`);
  }
  if (e.kind === 'permission') {
    return fail('missing_permission', `The API member's security role lacks a right: grant ${right ?? 'the needed rights'}.${said}`);
  }
  if (e.kind === 'malformed') return fail('malformed_response', `ConnectWise sent an answer we could not read: is this a ConnectWise site? (${e.message})`);
  return fail('other', `${e.message}${said}`);
}

export async function testConnectWiseCredentials(conn: ConnectWiseConnection, options: CwHttpOptions = {}): Promise<CredentialCheck> {
  const bad = checkSettings(conn);
  if (bad) return bad;
  // One attempt per call: a person is waiting on the answer.
  const http = new CwHttp(conn, { readRetries: 0, timeoutMs: 15_000, ...options });
  let version = '';
  try {
    const { info } = await http.apiBase();
    const sys = await http.get<{ version?: string }>('/system/info');
    version = sys?.version ?? info?.VersionCode ?? '';
  } catch (e) {
    if (!isConnectorError(e)) throw e;
    return explain(e, conn);
  }
  for (const area of AREAS) {
    try {
      await http.get(area.path, { pageSize: 1, fields: 'id' });
    } catch (e) {
      if (!isConnectorError(e)) throw e;
      return explain(e, conn, area.right);
    }
  }
  return {
    ok: true,
    detail: `Connected to ConnectWise ${version ? `${version} ` : ''}at ${siteOrigin(conn.site)} as company "${conn.companyId}"; companies, agreements and the product catalog can be read.`,
  };
}
