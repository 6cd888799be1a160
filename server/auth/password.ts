/**
 * Passwords are hashed with scrypt (memory-hard; OWASP's parameters N=2^17 r=8 p=1 are the upper end,
 * we default to N=2^15 which costs 32 MiB and ~100 ms natively). The stored string carries its own
 * parameters, so the cost can be raised later and old hashes still verify:
 *   scrypt$<log2N>$<r>$<p>$<salt b64>$<hash b64>
 * The scrypt implementation is injected: the Node host passes node:crypto's native one, other hosts and
 * tests use @noble/hashes (pure JS, same output).
 */
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { constantTimeEqual, fromBase64, toBase64 } from './crypto.js';

export type ScryptFn = (password: string, salt: Uint8Array, p: { N: number; r: number; p: number; dkLen: number }) => Promise<Uint8Array>;

export const nobleScrypt: ScryptFn = (password, salt, p) =>
  scryptAsync(new TextEncoder().encode(password), salt, { ...p, maxmem: 256 * p.N * p.r + 1024 * 1024 });

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
}

export function createPasswordHasher(opts: { logN: number; scrypt?: ScryptFn }): PasswordHasher {
  const scrypt = opts.scrypt ?? nobleScrypt;
  return {
    async hash(password) {
      const salt = new Uint8Array(16);
      crypto.getRandomValues(salt);
      const r = 8, p = 1;
      const dk = await scrypt(password, salt, { N: 2 ** opts.logN, r, p, dkLen: 32 });
      return `scrypt$${opts.logN}$${r}$${p}$${toBase64(salt)}$${toBase64(dk)}`;
    },
    async verify(password, stored) {
      const parts = stored.split('$');
      if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
      const [, logN, r, p, salt, hash] = parts as [string, string, string, string, string, string];
      const expected = fromBase64(hash);
      const dk = await scrypt(password, fromBase64(salt), { N: 2 ** Number(logN), r: Number(r), p: Number(p), dkLen: expected.length });
      return constantTimeEqual(dk, expected);
    },
  };
}
