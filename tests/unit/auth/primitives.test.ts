import { describe, expect, it } from 'vitest';
import { createPasswordHasher, nobleScrypt } from '../../../server/auth/password.js';
import { createSecretBox, parseSecretsKey } from '../../../server/auth/secret-box.js';
import { waitAfterCount, ACCOUNT_RULE, PAIR_RULE } from '../../../server/auth/throttle.js';
import { maskLicenceKey } from '../../../server/tenants/repo.js';
import { scrypt as nodeScrypt } from 'node:crypto';

describe('password hashing', () => {
  const hasher = createPasswordHasher({ logN: 4 });
  it('verifies the right password and refuses a wrong one', async () => {
    const h = await hasher.hash('s3cret-enough');
    expect(h).toMatch(/^scrypt\$4\$8\$1\$/);
    expect(await hasher.verify('s3cret-enough', h)).toBe(true);
    expect(await hasher.verify('s3cret-enougH', h)).toBe(false);
  });
  it('salts: the same password hashes differently each time', async () => {
    expect(await hasher.hash('x')).not.toBe(await hasher.hash('x'));
  });
  it('refuses malformed stored hashes instead of throwing', async () => {
    expect(await hasher.verify('x', 'plain-text')).toBe(false);
    expect(await hasher.verify('x', 'bcrypt$1$2$3$4$5')).toBe(false);
  });
  it('the native (node:crypto) and the pure-JS scrypt agree, so hashes move between hosts', async () => {
    const salt = new Uint8Array(16).fill(9);
    const p = { N: 1024, r: 8, p: 1, dkLen: 32 };
    const noble = await nobleScrypt('pw', salt, p);
    const native = await new Promise<Buffer>((res, rej) => nodeScrypt('pw', salt, 32, { N: 1024, r: 8, p: 1 }, (e, k) => (e ? rej(e) : res(k))));
    expect(Buffer.from(noble).equals(native)).toBe(true);
  });
});

describe('secret box', () => {
  const key = new Uint8Array(32).fill(1);
  it('round-trips and never stores the plaintext', async () => {
    const box = await createSecretBox(key);
    const sealed = await box.seal('hunter2-private-key');
    expect(sealed).not.toContain('hunter2');
    expect(await box.open(sealed)).toBe('hunter2-private-key');
    expect(await box.seal('same')).not.toBe(await box.seal('same')); // fresh IV each time
  });
  it('fails loudly with another key', async () => {
    const sealed = await (await createSecretBox(key)).seal('x');
    const other = await createSecretBox(new Uint8Array(32).fill(2));
    await expect(other.open(sealed)).rejects.toThrow(/SECRETS_KEY/);
  });
  it('fails on a tampered box', async () => {
    const box = await createSecretBox(key);
    const sealed = await box.seal('abc');
    const tampered = sealed.slice(0, -4) + (sealed.endsWith('AAA=') ? 'BBB=' : 'AAA=');
    await expect(box.open(tampered)).rejects.toThrow();
  });
  it('parses keys as base64 or hex and rejects other lengths', () => {
    expect(parseSecretsKey(Buffer.alloc(32, 5).toString('base64'))).toHaveLength(32);
    expect(parseSecretsKey('ab'.repeat(32))).toHaveLength(32);
    expect(() => parseSecretsKey(Buffer.alloc(16).toString('base64'))).toThrow(/32 bytes/);
  });
});

describe('login throttle decision', () => {
  const t0 = new Date('2026-01-01T00:00:00Z');
  const at = (ms: number) => new Date(t0.getTime() + ms);
  const count = (failures: number) => ({ failures, windowStart: t0.toISOString() });
  it('lets the attempts within the limit go on and locks the rest until the window ends', () => {
    expect(waitAfterCount(count(PAIR_RULE.maxFailures), PAIR_RULE, t0)).toBe(0);
    expect(waitAfterCount(count(PAIR_RULE.maxFailures + 1), PAIR_RULE, at(60_000))).toBe(PAIR_RULE.windowMs - 60_000);
    expect(waitAfterCount(count(PAIR_RULE.maxFailures + 1), PAIR_RULE, at(PAIR_RULE.windowMs))).toBe(0);
  });
  it('slows the account down past its limit: one more attempt per interval, never past the window', () => {
    const slow = ACCOUNT_RULE.slowIntervalMs!;
    expect(waitAfterCount(count(ACCOUNT_RULE.maxFailures + 1), ACCOUNT_RULE, t0)).toBe(slow);
    expect(waitAfterCount(count(ACCOUNT_RULE.maxFailures + 1), ACCOUNT_RULE, at(slow))).toBe(0);
    expect(waitAfterCount(count(ACCOUNT_RULE.maxFailures + 3), ACCOUNT_RULE, at(slow))).toBe(2 * slow);
    expect(waitAfterCount(count(ACCOUNT_RULE.maxFailures + 10_000), ACCOUNT_RULE, t0)).toBe(ACCOUNT_RULE.windowMs);
  });
});

describe('licence key mask', () => {
  it('keeps the ends and hides the middle', () => {
    expect(maskLicenceKey('IDSY-DEMO-0001-AT01')).toBe('IDSY-****-****-AT01');
    expect(maskLicenceKey('short')).toBe('*****');
  });
});
