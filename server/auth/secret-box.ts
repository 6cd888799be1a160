/**
 * Secrets at rest: AES-256-GCM with a random 96-bit IV per value; the box is "v1.<iv b64>.<ciphertext b64>".
 * The key comes from SECRETS_KEY (32 bytes, base64), or in demo mode from a key file the Node host creates
 * readable only by its owner. A wrong key fails loudly on open instead of returning garbage.
 */
import type { SecretBox } from '../services.js';
import { fromBase64, toBase64 } from './crypto.js';

export function parseSecretsKey(text: string): Uint8Array<ArrayBuffer> {
  const trimmed = text.trim();
  const bytes = /^[0-9a-f]{64}$/i.test(trimmed)
    ? new Uint8Array(trimmed.match(/../g)!.map((h) => parseInt(h, 16)))
    : fromBase64(trimmed);
  if (bytes.length !== 32) throw new Error(`must be 32 bytes as base64 or 64 hex characters (got ${bytes.length} bytes)`);
  return bytes;
}

export async function createSecretBox(rawKey: Uint8Array<ArrayBuffer>): Promise<SecretBox> {
  const key = await crypto.subtle.importKey('raw', rawKey, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
  const hkdf = await crypto.subtle.importKey('raw', rawKey, 'HKDF', false, ['deriveBits']);
  return {
    async deriveKey(purpose) {
      const info = new TextEncoder().encode(`idsync:${purpose}`);
      const bits = await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info }, hkdf, 256);
      return new Uint8Array(bits);
    },
    async seal(plaintext) {
      const iv = new Uint8Array(12);
      crypto.getRandomValues(iv);
      const ct = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(plaintext)));
      return `v1.${toBase64(iv)}.${toBase64(ct)}`;
    },
    async open(box) {
      const [v, iv, ct] = box.split('.');
      if (v !== 'v1' || !iv || !ct) throw new Error('secret box has an unknown format');
      try {
        const pt = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64(iv) }, key, fromBase64(ct));
        return new TextDecoder().decode(pt);
      } catch {
        throw new Error('secret box cannot be opened: SECRETS_KEY is not the key these secrets were stored with');
      }
    },
  };
}
