/**
 * Which browser origins may send state-changing requests: this site's (PUBLIC_URL), plus extra ones a
 * caller names (the embedded screens will add the tenant's control panel and PSA for framed use).
 * Compared as URL origins (scheme, host, port), so a trailing slash or path in a setting does not matter
 * and a look-alike host does not pass. The opaque origin "null" never passes.
 */
export function originAllowed(origin: string, publicUrl: string, extra: readonly string[] = []): boolean {
  const wanted = originOf(origin);
  if (!wanted) return false;
  return [publicUrl, ...extra].some((o) => originOf(o) === wanted);
}

function originOf(text: string): string | null {
  try {
    const origin = new URL(text).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}
