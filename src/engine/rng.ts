/**
 * Seeded pseudo-random numbers (mulberry32), so that a seed reproduces a model exactly in
 * every browser and in Node.
 */

/** A seeded stream of random numbers. */
export interface Rng {
  /** A uniform number in [0, 1). */
  next(): number;
  /** A uniform number in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** A uniform integer in 0..n-1. */
  int(n: number): number;
  /** A standard normal number (Box-Muller). */
  normal(): number;
}

/** A stream seeded by a 32-bit unsigned integer. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    int: (n) => Math.floor(next() * n),
    normal: () => {
      const u = 1 - next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
  };
}
