/**
 * The next cycle preview says why a row waits in the screens' one date format (issue 13 §8): a retry
 * time as YYYY-MM-DD HH:MM in the tenant's zone, never an ISO instant such as 2026-12-03T15:01:51.863Z.
 */
import { describe, expect, it } from 'vitest';
import { existingRow } from '../../../server/review/preview.js';
import type { AdjustmentRow } from '../../../server/db/sqlite/adjustments.js';

const failed = { status: 'failed', nextAttemptAt: '2026-12-03T15:01:51.863Z', lastError: 'Contract is being edited', heldUntil: null, holdReason: null } as unknown as AdjustmentRow;

describe('next cycle preview: why a row waits', () => {
  it('gives the retry time in the tenant\'s zone as YYYY-MM-DD HH:MM', () => {
    expect(existingRow(failed, '2026-12-03T10:00:00.000Z', false, 'Europe/Berlin')).toEqual({
      outcome: 'waits', why: 'Retries after 2026-12-03 16:01: Contract is being edited',
    });
    expect(existingRow(failed, '2026-12-03T10:00:00.000Z', false, 'UTC').why).toBe('Retries after 2026-12-03 15:01: Contract is being edited');
  });

  it('a retry time passed is retried by this cycle', () => {
    expect(existingRow(failed, '2026-12-03T16:00:00.000Z', false, 'UTC')).toEqual({ outcome: 'retry', why: 'Retried: Contract is being edited' });
  });
});
