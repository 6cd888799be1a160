/**
 * "Test Credentials" for an Autotask connection: find the zone, then read one row of each entity the sync
 * needs. Each failure gets its own message; no secret is ever part of one.
 */
import { isConnectorError, redactText } from '../../connector-error.js';
import type { AutotaskConnection, CredentialCheck } from '../types.js';
import { AUTOTASK } from './facts.js';
import { all } from './filters.js';
import { createRestTransport, type RestOptions } from './rest-transport.js';
import { createSoapTransport } from './soap-transport.js';
import type { AutotaskEntity, AutotaskTransport } from './transport.js';

const NEEDED: AutotaskEntity[] = ['Companies', 'Contracts', 'ContractServices', 'ContractServiceUnits'];

export async function testAutotaskCredentials(conn: AutotaskConnection, opts: RestOptions & { transport?: AutotaskTransport } = {}): Promise<CredentialCheck> {
  return redactCheck(await checkCredentials(conn, opts), [conn.apiUser, conn.secret, conn.integrationCode]);
}

/** The answer with every stored secret hidden (the API user is stored as one: it is half the login). */
export function redactCheck(check: CredentialCheck, secrets: readonly string[]): CredentialCheck {
  return check.ok ? { ...check, detail: redactText(check.detail, secrets) } : { ...check, message: redactText(check.message, secrets) };
}

async function checkCredentials(conn: AutotaskConnection, opts: RestOptions & { transport?: AutotaskTransport }): Promise<CredentialCheck> {
  const settings = { timeoutMs: 15_000, readRetries: 0, ...opts };
  const transport = opts.transport ?? (conn.transport === 'soap' ? createSoapTransport(conn, settings) : createRestTransport(conn, settings));
  const host = safeHost(conn.discoveryUrl ?? AUTOTASK.discoveryUrl);
  let zoneName = '';
  try {
    const zone = await transport.zone();
    zoneName = zone.zoneName ?? safeHost(zone.url);
  } catch (err) {
    if (isConnectorError(err) && err.kind === 'config') {
      return { ok: false, reason: 'zone_not_found', message: "Autotask does not know this API user in any zone. Check the user name: it is the API user's login, e.g. name@yourcompany.com." };
    }
    return unreachable(host, err);
  }
  for (const entity of NEEDED) {
    try {
      await transport.query(entity, [all()], ['id'], 1);
    } catch (err) {
      if (!isConnectorError(err)) return { ok: false, reason: 'other', message: `Unexpected failure reading ${entity}: ${String(err)}` };
      switch (err.kind) {
        case 'auth':
          return { ok: false, reason: 'bad_credentials', message: 'Autotask refused the user name, secret or integration code. Copy the secret and the API tracking identifier from the API user again.' };
        case 'permission':
          return { ok: false, reason: 'missing_permission', message: `The API user may not read ${entity}. Give its security level access to Contracts (view and edit) in Autotask.` };
        case 'network':
        case 'timeout':
          return unreachable(host, err);
        case 'malformed':
          return { ok: false, reason: 'malformed_response', message: `Autotask answered the ${entity} read with something unreadable: ${err.message}` };
        default:
          return { ok: false, reason: 'other', message: err.vendorMessage ?? err.message };
      }
    }
  }
  return { ok: true, detail: `Connected to Autotask (${zoneName}) with this API user; companies, contracts and contract service units are readable.` };
}

function unreachable(host: string, err: unknown): CredentialCheck {
  const why = isConnectorError(err) ? err.message : String(err);
  return { ok: false, reason: 'unreachable', message: `Could not reach Autotask at ${host}: ${why}` };
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
