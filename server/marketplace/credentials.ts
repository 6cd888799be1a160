/**
 * "Test Credentials" for the Marketplace: one token request and one one-row customer read, then a
 * verdict that says exactly what failed. The gateway tells a bad subscription key from a bad password
 * only by its message (both are HTTP 401), so the key case is recognised by the words "subscription key";
 * a marketplace code the API user is not in is refused on /token with a message naming the marketplace.
 * No secret (nor the API user name, which the connection screen treats as one) goes into a message.
 */
import { isConnectorError, type ConnectorError } from '../connector-error.js';
import type { CredentialCheck } from '../psa/types.js';
import type { MarketplaceConnection } from './types.js';
import { createMarketplaceClient, type ClientOptions } from './client.js';

export async function testMarketplaceCredentials(conn: MarketplaceConnection, opts: Pick<ClientOptions, 'timeoutMs'> = {}): Promise<CredentialCheck> {
  let url: URL;
  try {
    url = new URL(conn.baseUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
  } catch {
    return { ok: false, reason: 'other', message: 'The API base URL is not an http(s) URL, e.g. https://api.cloud.im/marketplace/us' };
  }
  const missing = (['marketplace', 'subscriptionKey', 'apiUser', 'password'] as const).filter((k) => !conn[k]);
  if (missing.length) return { ok: false, reason: 'other', message: `Fill in: ${missing.join(', ')}` };

  const client = createMarketplaceClient(conn, { maxAttempts: 1, timeoutMs: opts.timeoutMs ?? 10_000 });
  try {
    await client.token();
  } catch (err) {
    return verdict(err, url, conn, 'token');
  }
  try {
    // https://apidocs.cloud.im/1.6/spec/#operation/getCustomers — proves the token opens the data.
    const first = await client.customerPages().next();
    const total = first.done ? 0 : first.value.total;
    return { ok: true, detail: `Signed in to marketplace "${conn.marketplace}"; ${total} customer${total === 1 ? '' : 's'} visible` };
  } catch (err) {
    return verdict(err, url, conn, 'read');
  }
}

function verdict(err: unknown, url: URL, conn: MarketplaceConnection, step: 'token' | 'read'): CredentialCheck {
  if (!isConnectorError(err)) return { ok: false, reason: 'other', message: err instanceof Error ? err.message : String(err) };
  const e: ConnectorError = err;
  const said = e.vendorMessage ? ` The API said: "${e.vendorMessage}".` : '';
  const ref = e.correlationId ? ` (correlation id ${e.correlationId})` : '';
  const text = e.vendorMessage ?? '';
  if (e.kind === 'network' || e.kind === 'timeout') {
    return { ok: false, reason: 'unreachable', message: `Could not reach ${url.host}: ${e.kind === 'timeout' ? 'no answer in time' : `connection failed ${e.message.replace(/^.*\(/, '(')}`}` };
  }
  if (e.kind === 'malformed') return { ok: false, reason: 'malformed_response', message: `${url.host} answered, but not like the Marketplace API: ${e.message}${ref}` };
  if (e.status === 401 && /subscription key/i.test(text)) {
    return { ok: false, reason: 'bad_subscription_key', message: `The subscription key was refused.${said}${ref}` };
  }
  if (step === 'token' && e.status && [400, 403, 404].includes(e.status) && /marketplace/i.test(text)) {
    return { ok: false, reason: 'wrong_marketplace', message: `Marketplace code "${conn.marketplace}" was refused.${said}${ref}` };
  }
  if (e.status === 401) return { ok: false, reason: 'bad_credentials', message: `The API user name or password was refused.${said}${ref}` };
  if (e.status === 403) return { ok: false, reason: 'missing_permission', message: `The API user may not read customers.${said}${ref}` };
  if (e.status === 404) {
    return { ok: false, reason: 'other', message: `No Marketplace API at ${url.origin}${url.pathname.replace(/\/$/, '')}/token (HTTP 404). Check the API base URL (it ends with the region, e.g. /marketplace/us).${ref}` };
  }
  return { ok: false, reason: 'other', message: `${e.message}${ref}` };
}
