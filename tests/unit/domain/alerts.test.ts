import { describe, expect, it } from 'vitest';
import { composeDigest, composeImmediate, retryDelayMs, webhookPayload } from '../../../server/domain/alerts.js';

describe('alert messages', () => {
  it('one event at once', () => {
    expect(composeImmediate({ kind: 'drift', text: 'x' })).toEqual({ subject: 'IDSync: PSA differs from what we posted', body: 'x' });
  });
  it('a digest groups by kind, in a fixed order', () => {
    const d = composeDigest([{ kind: 'unlinked', text: 'u1' }, { kind: 'failure', text: 'f1' }, { kind: 'failure', text: 'f2' }], '2026-03-16');
    expect(d.subject).toBe('IDSync daily digest 2026-03-16: 3 alerts');
    expect(d.body).toBe('Adjustment failed (2):\n- f1\n- f2\n\nNew purchase not linked (will not be invoiced) (1):\n- u1');
  });
  it('webhook JSON has the text Slack and Teams read', () => {
    expect(webhookPayload({ subject: 'S', body: 'B' })).toEqual({ text: '*S*\nB' });
  });
  it('retry doubles from a minute, capped at an hour', () => {
    expect([1, 2, 3, 7, 8, 20].map(retryDelayMs)).toEqual([60_000, 120_000, 240_000, 3_600_000, 3_600_000, 3_600_000]);
  });
});
