/**
 * The caller's address for login throttling. Behind a trusted proxy (TRUST_PROXY=true) the address is the
 * one that proxy appended: the rightmost X-Forwarded-For entry. Entries to its left were sent by the
 * client and can say anything, so trusting the leftmost would let anyone pick a fresh address per try.
 */
export function clientAddressFrom(headers: Headers, socketAddress: string | undefined, trustProxy: boolean): string {
  if (trustProxy) {
    const fwd = headers.get('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (fwd) return fwd;
  }
  return socketAddress ?? 'unknown';
}
