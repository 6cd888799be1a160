/**
 * A small seeded PRNG (mulberry32) and an integer hash, so every generated object depends only on
 * (seed, kind, index): the large data set is computed on demand instead of held in memory.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A well-mixed 32-bit hash of a few integers (murmur3 finaliser per step). */
export function hashInts(...xs: number[]): number {
  let h = 0x9e3779b9;
  for (const x of xs) {
    h = Math.imul(h ^ (x >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

export function rngFor(seed: number, kind: number, index: number): () => number {
  return mulberry32(hashInts(seed, kind, index));
}

export function pick<T>(rng: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rng() * xs.length)]!;
}

/** `n` distinct indices below `size`, in the order drawn. */
export function distinctIndices(rng: () => number, n: number, size: number): number[] {
  const out: number[] = [];
  while (out.length < Math.min(n, size)) {
    const i = Math.floor(rng() * size);
    if (!out.includes(i)) out.push(i);
  }
  return out;
}
