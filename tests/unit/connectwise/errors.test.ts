import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../server/connector-error.js';
import { classifyAnswer, classifyTransport, retryAfterMs, vendorText } from '../../../server/psa/connectwise/errors.js';
import { readRetryDecision } from '../../../server/psa/connectwise/http.js';

const answer = (status: number, body: unknown, write = false, headers: Record<string, string> = {}) => classifyAnswer({ status, body, write, headers }, new Date('2026-11-24T12:00:00Z'));

describe("ConnectWise's words", () => {
  it('keeps message and every validation message verbatim', () => {
    expect(vendorText({ code: 'InvalidObject', message: 'addition object is invalid', errors: [{ code: 'NullValue', message: 'The product field is required.', field: 'product' }, { field: 'quantity', code: 'InvalidField' }] })).toBe(
      'addition object is invalid (The product field is required.; quantity InvalidField)',
    );
    expect(vendorText({ code: 'Unauthorized', message: 'nope' })).toBe('nope');
    expect(vendorText({ code: 'NotFound' })).toBe('NotFound');
    expect(vendorText('Cannot route. Codebase/company is invalid\n')).toBe('Cannot route. Codebase/company is invalid');
    expect(vendorText({})).toBeUndefined();
    expect(vendorText(null)).toBeUndefined();
  });

  it('reads Retry-After as seconds or a date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs('Tue, 24 Nov 2026 12:00:05 GMT', new Date('2026-11-24T12:00:00Z'))).toBe(5000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });
});

describe('classifying an answer', () => {
  it('maps statuses to kinds and retry', () => {
    expect(answer(401, { code: 'Unauthorized', message: 'x' })).toMatchObject({ kind: 'auth', retry: false, status: 401, vendorMessage: 'x' });
    expect(answer(403, { code: 'Forbidden', message: 'x' })).toMatchObject({ kind: 'permission', retry: false });
    expect(answer(404, { code: 'NotFound', message: 'x' })).toMatchObject({ kind: 'not_found', retry: false });
    expect(answer(400, { code: 'InvalidObject', message: 'x' })).toMatchObject({ kind: 'rule', retry: false });
    expect(answer(429, { code: 'TooManyRequests' }, false, { 'retry-after': '2' })).toMatchObject({ kind: 'throttled', retry: true, retryAfterMs: 2000 });
    expect(answer(500, 'boom')).toMatchObject({ kind: 'server', retry: true, outcomeUnknown: false });
    expect(answer(302, '', false, { location: 'https://eu.myconnectwise.net/' })).toMatchObject({ kind: 'config', retry: false, message: expect.stringContaining('eu.myconnectwise.net') });
  });

  it('an unknown company is a setting to fix, whatever the status', () => {
    expect(answer(400, 'Cannot route. Codebase/company is invalid')).toMatchObject({ kind: 'config', retry: false, vendorMessage: 'Cannot route. Codebase/company is invalid' });
  });

  it('a gateway error or a garbled success after a write leaves the outcome unknown', () => {
    expect(answer(504, '', true)).toMatchObject({ kind: 'server', outcomeUnknown: true });
    expect(answer(502, '', true).outcomeUnknown).toBe(true);
    expect(answer(503, '', true).outcomeUnknown).toBe(false);
    expect(answer(504, '', false).outcomeUnknown).toBe(false);
    expect(answer(201, '{"id": 1, "na', true)).toMatchObject({ kind: 'malformed', outcomeUnknown: true });
  });
});

describe('classifying a transport failure', () => {
  it('a timeout is unknown for a write, plain for a read', () => {
    expect(classifyTransport('ECONNABORTED', 'timeout of 400ms exceeded', true)).toMatchObject({ kind: 'timeout', retry: true, outcomeUnknown: true });
    expect(classifyTransport('ETIMEDOUT', 't', false)).toMatchObject({ kind: 'timeout', outcomeUnknown: false });
  });

  it('a refused connection never sent the write; a reset might have', () => {
    expect(classifyTransport('ECONNREFUSED', 'refused', true)).toMatchObject({ kind: 'network', retry: true, outcomeUnknown: false });
    expect(classifyTransport('ECONNRESET', 'reset', true)).toMatchObject({ kind: 'network', outcomeUnknown: true });
    expect(classifyTransport('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed', true)).toMatchObject({ kind: 'network', retry: false, outcomeUnknown: false });
  });
});

describe('retrying a read', () => {
  const err = (kind: ConnectorError['kind'], extra: Partial<ConstructorParameters<typeof ConnectorError>[0]> = {}) =>
    new ConnectorError({ kind, system: 'connectwise', retry: kind !== 'auth' && kind !== 'rule', message: 'x', ...extra });

  it('retries throttling, server errors and network trouble, within the attempts, capped wait', () => {
    expect(readRetryDecision(err('throttled', { retryAfterMs: 3000 }), 0, 2, 10_000)).toEqual({ retry: true, waitMs: 3000 });
    expect(readRetryDecision(err('throttled', { retryAfterMs: 60_000 }), 0, 2, 10_000)).toEqual({ retry: true, waitMs: 10_000 });
    expect(readRetryDecision(err('server'), 1, 2, 10_000)).toEqual({ retry: true, waitMs: 500 });
    expect(readRetryDecision(err('network'), 2, 2, 10_000).retry).toBe(false);
  });

  it('never retries what will fail the same way', () => {
    for (const kind of ['auth', 'rule', 'permission', 'not_found', 'config', 'malformed'] as const) {
      expect(readRetryDecision(err(kind, { retry: kind === 'malformed' }), 0, 2, 10_000).retry, kind).toBe(false);
    }
  });
});
