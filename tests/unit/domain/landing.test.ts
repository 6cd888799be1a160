import { describe, expect, it } from 'vitest';
import { certainlyUnsent, mayHaveLanded, REFUSED_KINDS } from '../../../server/domain/landing.js';

const KINDS = ['network', 'timeout', 'auth', 'permission', 'not_found', 'throttled', 'rule', 'config', 'server', 'malformed', 'ambiguous', null];

describe('whether a write may be in the PSA', () => {
  it('posting and unknown always may have landed; posted, cancelled and superseded are finished', () => {
    for (const lastErrorKind of KINDS) {
      for (const unitsBefore of [null, 4]) {
        for (const status of ['posting', 'unknown']) {
          expect(mayHaveLanded({ status, lastErrorKind, unitsBefore })).toBe(true);
          expect(certainlyUnsent({ status, lastErrorKind, unitsBefore })).toBe(false);
        }
        for (const status of ['posted', 'cancelled', 'superseded']) {
          expect(mayHaveLanded({ status, lastErrorKind, unitsBefore })).toBe(false);
          expect(certainlyUnsent({ status, lastErrorKind, unitsBefore })).toBe(false);
        }
        expect(certainlyUnsent({ status: 'planned', lastErrorKind, unitsBefore })).toBe(true);
      }
    }
  });
  it('a failed row may have landed after an outage answer to its send, unless the PSA refused it as not saved', () => {
    for (const lastErrorKind of KINDS) {
      const refused = REFUSED_KINDS.includes(lastErrorKind ?? '');
      expect(mayHaveLanded({ status: 'failed', lastErrorKind, unitsBefore: 4 })).toBe(!refused);
      expect(certainlyUnsent({ status: 'failed', lastErrorKind, unitsBefore: 4 })).toBe(refused);
      // Nothing sent since the last settle (the failure came before the send).
      expect(mayHaveLanded({ status: 'failed', lastErrorKind, unitsBefore: null })).toBe(false);
      expect(certainlyUnsent({ status: 'failed', lastErrorKind, unitsBefore: null })).toBe(true);
    }
    expect(mayHaveLanded({ status: 'failed', lastErrorKind: 'server', unitsBefore: 0 })).toBe(true);
  });
});
