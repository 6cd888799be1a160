import { describe, expect, it } from 'vitest';
import { clientAddressFrom } from '../../../server/http/client-address.js';

describe('client address for throttling', () => {
  const h = (xff?: string) => new Headers(xff === undefined ? {} : { 'x-forwarded-for': xff });
  it('behind a trusted proxy takes the entry the proxy appended (rightmost), not what the client sent', () => {
    expect(clientAddressFrom(h('6.6.6.6, 203.0.113.5'), '10.0.0.1', true)).toBe('203.0.113.5');
    expect(clientAddressFrom(h('1.1.1.1,2.2.2.2 , 198.51.100.9 '), '10.0.0.1', true)).toBe('198.51.100.9');
    expect(clientAddressFrom(h('203.0.113.5'), '10.0.0.1', true)).toBe('203.0.113.5');
  });
  it('without a forwarded address, or without a trusted proxy, takes the socket address', () => {
    expect(clientAddressFrom(h(), '10.0.0.1', true)).toBe('10.0.0.1');
    expect(clientAddressFrom(h(' , '), '10.0.0.1', true)).toBe('10.0.0.1');
    expect(clientAddressFrom(h('6.6.6.6'), '10.0.0.1', false)).toBe('10.0.0.1');
    expect(clientAddressFrom(h(), undefined, false)).toBe('unknown');
  });
});
