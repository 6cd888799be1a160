/**
 * The connection forms as data (docs/api.md Connections). Secrets are write-only: the form never holds
 * a stored secret, an empty secret box means "keep the stored one", and the screen only says set/not set.
 */
import type { ConnectionKind } from '../types.js';

export interface FieldSpec {
  name: string;
  label: string;
  secret?: boolean;
  required?: boolean;
  type?: 'text' | 'url' | 'email' | 'select';
  options?: { value: string; label: string }[];
  hint?: string;
  autocomplete?: string;
}

export const FORMS: Record<ConnectionKind, { title: string; intro: string; docs: string; fields: FieldSpec[] }> = {
  marketplace: {
    title: 'Ingram Micro® Marketplace',
    intro: 'How IDSync reads your customers, subscriptions and resources from the Ingram Micro Cloud Marketplace.',
    docs: 'https://developer.cloud.im/',
    fields: [
      { name: 'baseUrl', label: 'API base URL', type: 'url', required: true, hint: 'The Marketplace API gateway, e.g. https://api.ingrammicro.com:443' },
      { name: 'marketplace', label: 'Marketplace code', required: true, hint: 'Your marketplace, e.g. us' },
      { name: 'subscriptionKey', label: 'Subscription key', secret: true },
      { name: 'apiUser', label: 'API user', secret: true, autocomplete: 'off' },
      { name: 'password', label: 'API password', secret: true },
    ],
  },
  autotask: {
    title: 'Autotask™',
    intro: 'An Autotask API-only user (Administrator security level) that IDSync uses to read contracts and post unit adjustments.',
    docs: 'https://www.autotask.net/help/developerhelp/Content/APIs/REST/General_Topics/REST_Security_Auth.htm',
    fields: [
      { name: 'apiUser', label: 'API user (username@domain)', secret: true, autocomplete: 'off' },
      { name: 'secret', label: 'Secret', secret: true },
      { name: 'integrationCode', label: 'API tracking identifier (integration code)', secret: true },
      { name: 'discoveryUrl', label: 'Zone discovery URL', type: 'url', hint: 'Leave empty for https://webservices.autotask.net/atservicesrest/' },
      {
        name: 'transport',
        label: 'API',
        type: 'select',
        // A select is as wide as its longest option: the explanation goes in the hint, so a phone does not scroll sideways.
        hint: 'SOAP is legacy: Autotask is retiring it, and only connections already on it may keep it',
        options: [
          { value: 'rest', label: 'REST (recommended)' },
          { value: 'soap', label: 'SOAP (legacy)' },
        ],
      },
    ],
  },
  connectwise: {
    title: 'ConnectWise PSA™',
    intro: 'An API member\'s keys that IDSync uses to read agreements and post additions.',
    docs: 'https://developer.connectwise.com/Products/ConnectWise_PSA/Developer_Guide',
    fields: [
      { name: 'site', label: 'Site', required: true, hint: 'e.g. na.myconnectwise.net' },
      { name: 'companyId', label: 'Company ID', required: true },
      { name: 'clientId', label: 'Client ID', required: true, hint: 'From the ConnectWise Developer Network' },
      {
        name: 'additionStyle',
        label: 'How a count change posts',
        type: 'select',
        hint: 'Replace ends the current addition the day before and adds one at the new total; a +n/-n addition needs ConnectWise to accept negative quantities',
        options: [
          { value: 'replace', label: 'Replace the addition (recommended)' },
          { value: 'delta', label: '+n/-n addition' },
        ],
      },
      { name: 'publicKey', label: 'Public key', secret: true },
      { name: 'privateKey', label: 'Private key', secret: true },
    ],
  },
};

/**
 * The body to PUT or to test: every non-secret field as typed, secrets only when the user typed one
 * (an omitted secret keeps the stored value on the server).
 */
export function formBody(kind: ConnectionKind, values: Record<string, string>): Record<string, string> {
  const body: Record<string, string> = {};
  for (const f of FORMS[kind].fields) {
    const v = (values[f.name] ?? '').trim();
    if (f.secret) {
      if (v) body[f.name] = v;
    } else if (v || f.required) body[f.name] = v;
  }
  return body;
}

export const REASONS: Record<string, string> = {
  unreachable: 'Could not reach the service',
  bad_credentials: 'The credentials were refused',
  zone_not_found: 'No Autotask zone for this API user',
  unknown_company: 'Unknown company ID',
  missing_client_id: 'Client ID missing or not accepted',
  missing_permission: 'The API user lacks a permission',
  bad_subscription_key: 'The subscription key was refused',
  wrong_marketplace: 'Wrong marketplace code',
  malformed_response: 'The service answered with something unexpected',
  other: 'The test failed',
};
export const reasonLabel = (reason: string) => REASONS[reason] ?? reason;
