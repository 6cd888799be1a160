/**
 * What the input fuzz sends (fast-check arbitraries, sampled with a fixed seed): path values, queries and
 * JSON bodies built from the API's own field names, mixed with wrong types, built-in object keys, unicode,
 * injection strings, extreme dates and page sizes, and huge or deeply nested bodies.
 */
import fc from 'fast-check';
import { B_IDS } from './fixtures.js';

export const BUILT_IN_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', '__defineGetter__'];
const INJECTION = ["' OR 1=1 --", '"; DROP TABLE adjustments; --', '%', '_', '[a-z]', '\\', '<script>alert(1)</script>', '${7*7}', '{{7*7}}', '../../etc/passwd', '%00', '\u0000', 'null', 'undefined', 'NaN'];
const UNICODE = ['Ünïcødé', '日本語の会社', '🧾💸', '\u202Eevil', 'a\u0301', '\uD800', 'ᴬᴰᴹᴵᴺ', 'Ⅻ', 'İstanbul'];
const DATES = ['9999-12-31', '0000-01-01', '0001-01-01', '2026-02-30', '2026-13-01', '+275760-09-13', '-000001-01-01', '1970-01-01', '2026-03-15', '2026-3-5', '20260315'];
const NUMBERS = ['0', '-1', '1', '500', '501', '1e309', '99999999999999999999', '-0', '0x10', '1.5', 'Infinity', ' 1'];
/** Only this machine: a URL the fuzz writes into a connection is called by Test Credentials and sync. */
const URLS = ['http://127.0.0.1:9/', 'http://127.0.0.1:9/atservicesrest/', 'https://127.0.0.1:9/x', 'ftp://127.0.0.1:9/', 'javascript:alert(1)', 'http://[::1', 'http://127.0.0.1:9/' + 'a'.repeat(600)];
const A_IDS = ['1200000001', '1000001', '1000002', 'a-object-0001', 'A-acct', 'A-contract', 'A-svc', 'A-cs', 'marketplace', 'autotask', 'connectwise'];

export const text = fc.oneof(
  fc.constantFrom(...BUILT_IN_KEYS, ...INJECTION, ...UNICODE, ...DATES, ...NUMBERS, ...URLS, ...A_IDS, ...Object.values(B_IDS)),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constant('x'.repeat(10_000)),
);

/** Field names the API uses, so bodies reach validation and beyond, plus names it does not know. */
export const FIELDS = [
  'email', 'password', 'token', 'full', 'set', 'clear', 'level', 'odinAccountId', 'odinSubscriptionId', 'odinResourceId',
  'psaAccountId', 'psaAccountName', 'psaContractId', 'psaContractName', 'psaServiceId', 'psaContractServiceId', 'psaServiceName',
  'decreasePolicy', 'priceSource', 'customPrice', 'baseUrl', 'marketplace', 'subscriptionKey', 'apiUser', 'secret',
  'integrationCode', 'discoveryUrl', 'transport', 'site', 'companyId', 'clientId', 'publicKey', 'privateKey', 'unknownField', ...BUILT_IN_KEYS,
];
const ENUMS = ['company', 'subscription', 'resource', 'immediate', 'next_period', 'catalog', 'agreement', 'custom', 'rest', 'soap', 'us', true, false];

const leaf: fc.Arbitrary<unknown> = fc.oneof(
  text, fc.constantFrom(...ENUMS), fc.integer(), fc.double(), fc.constantFrom(Number.MAX_SAFE_INTEGER, -1, 0, 1e308, -1e308),
  fc.boolean(), fc.constant(null),
);
/** A JSON value as JSON text: objects are written by hand so that "__proto__" stays an own key. */
const value: fc.Arbitrary<string> = fc.letrec<{ v: string }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf.map((x) => JSON.stringify(x)),
    fc.array(tie('v'), { maxLength: 4 }).map((xs) => `[${xs.join(',')}]`),
    fc.array(fc.tuple(fc.constantFrom(...FIELDS), tie('v')), { maxLength: 5 }).map(objectText),
  ),
})).v;

function objectText(entries: [string, string][]): string {
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
}

/** Mapping bulk items and flat objects of known fields are the likeliest to get past validation. */
export const body: fc.Arbitrary<string> = fc.oneof(
  fc.array(fc.tuple(fc.constantFrom(...FIELDS), value), { maxLength: 8 }).map(objectText),
  fc.tuple(fc.array(value, { maxLength: 3 }), fc.array(value, { maxLength: 3 })).map(([s, c]) => `{"set":[${s.join(',')}],"clear":[${c.join(',')}]}`),
  value,
  fc.constantFrom(
    '', '{', 'null', '[]', '"x"', '{"__proto__":{"role":"admin"}}', '{"constructor":{"prototype":{"x":1}}}',
    '['.repeat(20_000) + ']'.repeat(20_000), '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000),
    JSON.stringify({ set: Array.from({ length: 600 }, () => ({ level: 'company', odinAccountId: '1200000001', psaAccountId: 'A-acct' })) }),
    JSON.stringify({ email: 'x'.repeat(300_000) }),
  ),
);

const QUERY_KEYS = ['page', 'pageSize', 'sort', 'filter.name', 'filter.status', 'filter.__proto__', 'filter.constructor', 'from', 'to', 'context', 'format',
  'refresh', 'accountId', 'contractId', 'showExpired', 'hideCompleted', 'showInactive', 'showUninvoiced', 'search', ...BUILT_IN_KEYS];
const queryValue = fc.oneof(fc.constantFrom(...DATES, ...NUMBERS, 'csv', 'json', 'autotask', 'connectwise', '1', 'true', '-name', 'name', '__proto__', '-__proto__'), text);
export const query: fc.Arbitrary<[string, string][]> = fc.array(fc.tuple(fc.constantFrom(...QUERY_KEYS), queryValue), { maxLength: 5 });

export const CONTENT_TYPES = ['application/json', 'application/json', 'application/json', 'application/json; charset=utf-8', 'text/plain; application/json', 'text/plain', ''];
export const who = fc.constantFrom('admin', 'admin', 'admin', 'viewer', 'nobody');
