import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../../server/env.js';

describe('environment', () => {
  it('defaults to demo mode on the embedded store when nothing is set', () => {
    const env = parseEnv({});
    expect(env.DEMO_MODE).toBe(true);
    expect(env.PORT).toBe(8787);
    expect(env.DATABASE_URL).toBeUndefined();
  });
  it('names the bad variable', () => {
    expect(() => parseEnv({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => parseEnv({ DATABASE_URL: 'postgres://x' })).toThrow(/DATABASE_URL: must be file:/);
    expect(() => parseEnv({ SYNC_INTERVAL_SECONDS: '1' })).toThrow(/SYNC_INTERVAL_SECONDS/);
  });
  it('requires SECRETS_KEY outside demo mode', () => {
    expect(() => parseEnv({ DATABASE_URL: 'file:./x.sqlite' })).toThrow(/SECRETS_KEY/);
    expect(parseEnv({ DATABASE_URL: 'file:./x.sqlite', SECRETS_KEY: 'k' }).DEMO_MODE).toBe(false);
  });
  it('treats empty strings as unset', () => {
    expect(parseEnv({ PORT: '' }).PORT).toBe(8787);
  });
});
