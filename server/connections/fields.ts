/**
 * The fields of each connection and which of them are secrets, as data: routes validate with these
 * schemas, the store seals the secret ones, and responses only ever say whether a secret is set.
 */
import { z } from 'zod';
import type { ConnectionKind } from '../services.js';

const nonEmpty = (what: string) => z.string().trim().min(1, `${what} is required`).max(500);
const url = (what: string) =>
  z.string().trim().url(`${what} must be a URL such as https://api.example.com/`).refine((u) => /^https?:\/\//.test(u), `${what} must use http or https`);

export const CONNECTION_FIELDS = {
  marketplace: {
    settings: z.object({ baseUrl: url('API base URL'), marketplace: nonEmpty('Marketplace code').max(20) }),
    secrets: z.object({ subscriptionKey: nonEmpty('Subscription key'), apiUser: nonEmpty('API user'), password: nonEmpty('Password') }),
  },
  autotask: {
    settings: z.object({
      discoveryUrl: url('Zone discovery URL').optional(),
      transport: z.enum(['rest', 'soap']).optional(),
    }),
    secrets: z.object({ apiUser: nonEmpty('API user'), secret: nonEmpty('Secret'), integrationCode: nonEmpty('Integration code') }),
  },
  connectwise: {
    settings: z.object({ site: nonEmpty('Site'), companyId: nonEmpty('Company id'), clientId: nonEmpty('Client id'), additionStyle: z.enum(['replace', 'delta']).optional() }),
    secrets: z.object({ publicKey: nonEmpty('Public key'), privateKey: nonEmpty('Private key') }),
  },
} as const satisfies Record<ConnectionKind, { settings: z.ZodObject; secrets: z.ZodObject }>;

export const CONNECTION_KINDS = Object.keys(CONNECTION_FIELDS) as ConnectionKind[];
// Own keys only: `in` would also say yes to __proto__, constructor, toString and the rest of Object.prototype.
export const isConnectionKind = (k: string): k is ConnectionKind => Object.hasOwn(CONNECTION_FIELDS, k);
export const secretFieldsOf = (kind: ConnectionKind) => Object.keys(CONNECTION_FIELDS[kind].secrets.shape);

/**
 * ConnectWise's posting style (server/psa/connectwise/replace.ts). A new connection posts `replace`; a
 * connection stored without a style was saved before replace became the default and has posted `delta`
 * additions since: it keeps them (a style is never switched behind the user's back), and shows as `delta`.
 */
export function withAdditionStyle(kind: ConnectionKind, settings: Record<string, unknown>, stored: Record<string, unknown> | null): Record<string, unknown> {
  if (kind !== 'connectwise' || settings.additionStyle !== undefined) return settings;
  return { ...settings, additionStyle: stored === null ? 'replace' : (stored.additionStyle ?? 'delta') };
}
