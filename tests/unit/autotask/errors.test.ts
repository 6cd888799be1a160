import { describe, expect, it } from 'vitest';
import { classifyFailure, retryAfterMs, vendorErrors } from '../../../server/psa/autotask/errors.js';

const rule = 'ContractServiceAdjustment effectiveDate must be between the start date and end date of the Contract referenced by contractID.';
const errorsBody = (...m: string[]) => JSON.stringify({ errors: m });

describe('classifyFailure', () => {
  it('keeps Autotask\'s own text of a business rule (HTTP 500 with errors[]) and does not retry it', () => {
    const e = classifyFailure({ status: 500, text: errorsBody(rule), write: true, what: 'the adjustment' });
    expect(e).toMatchObject({ kind: 'rule', retry: false, vendorMessage: rule, status: 500, outcomeUnknown: false });
    expect(e.displayMessage).toBe(rule);
  });

  it('joins several vendor messages', () => {
    expect(vendorErrors(errorsBody('a', 'b'))).toBe('a; b');
    expect(vendorErrors('<html>IIS</html>')).toBeUndefined();
    expect(vendorErrors('{"errors":[]}')).toBeUndefined();
  });

  it('tells 401 from 403', () => {
    expect(classifyFailure({ status: 401, text: '', write: false, what: 'x' })).toMatchObject({ kind: 'auth', retry: false });
    expect(classifyFailure({ status: 403, text: '', write: false, what: 'x' })).toMatchObject({ kind: 'permission', retry: false });
  });

  it('retries 429 after the wait Autotask asked for, or a minute', () => {
    expect(classifyFailure({ status: 429, text: errorsBody('threshold'), retryAfter: '30', write: false, what: 'x' }))
      .toMatchObject({ kind: 'throttled', retry: true, retryAfterMs: 30_000, vendorMessage: 'threshold' });
    expect(classifyFailure({ status: 429, write: false, what: 'x' }).retryAfterMs).toBe(60_000);
  });

  it('treats a 5xx without errors[] as an outage worth retrying; a write behind a gateway error is unknown', () => {
    expect(classifyFailure({ status: 502, text: '<html/>', write: false, what: 'x' })).toMatchObject({ kind: 'server', retry: true, outcomeUnknown: false });
    expect(classifyFailure({ status: 500, text: '', write: true, what: 'x' })).toMatchObject({ kind: 'server', retry: true, outcomeUnknown: true });
    expect(classifyFailure({ status: 503, text: '', write: true, what: 'x' })).toMatchObject({ kind: 'server', outcomeUnknown: false });
  });

  it('separates a refused connection (nothing sent) from a timeout or reset after sending', () => {
    expect(classifyFailure({ networkCode: 'ECONNREFUSED', write: true, what: 'x' })).toMatchObject({ kind: 'network', retry: true, outcomeUnknown: false });
    expect(classifyFailure({ networkCode: 'ENOTFOUND', write: false, what: 'x' })).toMatchObject({ kind: 'network', outcomeUnknown: false });
    expect(classifyFailure({ networkCode: 'ECONNABORTED', write: true, what: 'x' })).toMatchObject({ kind: 'timeout', retry: true, outcomeUnknown: true });
    expect(classifyFailure({ networkCode: 'ECONNABORTED', write: false, what: 'x' })).toMatchObject({ kind: 'timeout', outcomeUnknown: false });
    expect(classifyFailure({ networkCode: 'ECONNRESET', write: true, what: 'x' })).toMatchObject({ kind: 'network', outcomeUnknown: true });
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('2')).toBe(2_000);
    expect(retryAfterMs('Wed, 25 Nov 2026 00:01:00 GMT', Date.parse('2026-11-25T00:00:00Z'))).toBe(60_000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });
});
